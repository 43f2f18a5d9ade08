package dev.tyboo.internal.executor;

import dev.tyboo.node.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The items on one run's edges and which node they make ready. Each node counts its unresolved
 * incoming edges; the thread that resolves the last one decides: the node runs when some edge
 * carries items, else it is skipped (and its own successors lose that input, and so on). The atomic
 * count orders each edge's write before the read of the node that it readies.
 */
final class RunDataflow {

  /** An edge whose source was skipped or emitted nothing on its port. */
  private static final Object SKIPPED = new Object();

  private final ExecutionRun run;
  private final ExecutionPlan plan;
  private final List<Item> initialItems;
  private final Object[] edgeData;
  private final AtomicIntegerArray pending;

  RunDataflow(ExecutionRun run, ExecutionPlan plan, List<Item> initialItems) {
    this.run = run;
    this.plan = plan;
    this.initialItems = initialItems;
    this.edgeData = new Object[plan.edgeCount];
    this.pending = new AtomicIntegerArray(plan.inDegree);
  }

  /** {@return a ready node's items per input port (a root's first port gets the run's input)} */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Item>[] inputsOf(int i) {
    int[][] ports = plan.inEdges[i];
    List<Item>[] inputs = new List[ports.length];
    for (int p = 0; p < ports.length; p++) {
      int[] edges = ports[p];
      if (edges.length == 0) {
        inputs[p] = plan.inDegree[i] == 0 && p == 0 ? initialItems : List.of();
      } else if (edges.length == 1) {
        Object data = edgeData[edges[0]];
        inputs[p] = data == SKIPPED ? List.of() : (List<Item>) data;
      } else {
        List<Item> all = new ArrayList<>();
        for (int e : edges) {
          Object data = edgeData[e];
          if (data != SKIPPED) {
            all.addAll((List<Item>) data);
          }
        }
        inputs[p] = List.copyOf(all);
      }
    }
    return inputs;
  }

  /**
   * Hands a finished node's outputs to its edges; marks successors that lost every input as skipped
   * (and so on downstream); runs one ready successor inline and schedules the others.
   *
   * @param outputs the finished node's items per port; {@code null} when it was skipped
   * @return the successor to run inline (it inherits this node's token), or -1
   */
  int resolve(int src, Map<String, List<Item>> outputs) {
    int next = -1;
    int[] skipped = null;
    int top = 0;
    int node = src;
    Map<String, List<Item>> outs = outputs;
    while (true) {
      ExecutionPlan.Edge[][] ports = plan.outEdges[node];
      for (int p = 0; p < ports.length; p++) {
        ExecutionPlan.Edge[] edges = ports[p];
        if (edges.length == 0) {
          continue;
        }
        Object data = SKIPPED;
        if (outs != null) {
          List<Item> items = outs.get(plan.outputPorts[node][p]);
          if (items != null && !items.isEmpty()) {
            data = items;
          }
        }
        for (ExecutionPlan.Edge e : edges) {
          edgeData[e.id()] = data;
          if (pending.decrementAndGet(e.target()) == 0) {
            if (hasData(e.target())) {
              if (next < 0 && !run.isStopping()) {
                next = e.target();
              } else if (!run.isStopping()) {
                run.schedule(e.target());
              }
            } else {
              run.markSkipped(e.target());
              if (skipped == null) {
                skipped = new int[plan.size];
              }
              skipped[top++] = e.target();
            }
          }
        }
      }
      if (top == 0) {
        break;
      }
      node = skipped[--top];
      outs = null;
    }
    return next >= 0 ? next : run.release();
  }

  private boolean hasData(int node) {
    for (int[] port : plan.inEdges[node]) {
      for (int e : port) {
        if (edgeData[e] != SKIPPED) {
          return true;
        }
      }
    }
    return false;
  }
}
