package dev.tyboo.internal.dag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Finds cycles in the node graph: one named cycle per strongly connected component (JGraphT), in
 * linear time. Enumerating every simple cycle would be exponential on adversarial graphs.
 */
public final class CycleFinder {
  private CycleFinder() {}

  /**
   * {@return each cycle as the list of node ids along it, the first repeated at the end}
   *
   * @param nodes the node ids
   * @param edges pairs {@code [from, to]} of node ids that are both in {@code nodes}
   */
  public static List<List<String>> findCycles(
      Collection<String> nodes, Collection<String[]> edges) {
    Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    nodes.forEach(graph::addVertex);
    List<List<String>> cycles = new ArrayList<>();
    for (String[] e : edges) {
      if (e[0].equals(e[1])) {
        cycles.add(List.of(e[0], e[0])); // a self-loop; DefaultDirectedGraph refuses to hold it
      } else {
        graph.addEdge(e[0], e[1]);
      }
    }
    for (Set<String> component :
        new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
      if (component.size() > 1) {
        cycles.add(walk(graph, component));
      }
    }
    return cycles;
  }

  /**
   * Follows edges inside a strongly connected component until a node repeats: that loop is a cycle.
   */
  private static List<String> walk(Graph<String, DefaultEdge> graph, Set<String> component) {
    String start = component.stream().sorted().findFirst().orElseThrow();
    LinkedHashSet<String> path = new LinkedHashSet<>();
    Map<String, Integer> position = new HashMap<>();
    String current = start;
    while (!path.contains(current)) {
      position.put(current, path.size());
      path.add(current);
      String next = null;
      for (DefaultEdge edge : graph.outgoingEdgesOf(current)) {
        String target = graph.getEdgeTarget(edge);
        if (component.contains(target) && (next == null || target.compareTo(next) < 0)) {
          next = target;
        }
      }
      current = next;
    }
    List<String> ordered = new ArrayList<>(path);
    List<String> cycle = new ArrayList<>(ordered.subList(position.get(current), ordered.size()));
    cycle.add(current);
    return cycle;
  }
}
