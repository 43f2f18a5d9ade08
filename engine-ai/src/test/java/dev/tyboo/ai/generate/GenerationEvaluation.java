package dev.tyboo.ai.generate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text-to-workflow evaluation: prompts ({@code generate/eval.json}) with the node types and the
 * connections between them that a right answer has, a score per answer, and a run against a real
 * model when one is configured:
 *
 * <pre>
 * TYBOO_EVAL_PROVIDER=ollama TYBOO_EVAL_MODEL=qwen2.5-coder TYBOO_EVAL_BASE_URL=http://localhost:11434 \
 *   ./mvnw -pl engine-ai -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.tyboo.ai.generate.GenerationEvaluation
 * </pre>
 */
public final class GenerationEvaluation {

  /**
   * One prompt and what a right answer holds.
   *
   * @param prompt the prompt
   * @param nodes the node types a right workflow has
   * @param connections pairs of node types a right workflow connects; consecutive {@code nodes}
   *     when not given
   */
  public record Case(String prompt, List<String> nodes, List<List<String>> connections) {

    /** {@return the connections, consecutive nodes by default} */
    public List<List<String>> expectedConnections() {
      if (connections != null) {
        return connections;
      }
      List<List<String>> pairs = new ArrayList<>();
      for (int i = 1; i < nodes.size(); i++) {
        pairs.add(List.of(nodes.get(i - 1), nodes.get(i)));
      }
      return pairs;
    }
  }

  private GenerationEvaluation() {}

  /**
   * {@return the evaluation set}
   *
   * @throws IOException when it cannot be read
   */
  public static List<Case> cases() throws IOException {
    try (InputStream in = GenerationEvaluation.class.getResourceAsStream("/generate/eval.json")) {
      return new ObjectMapper().readValue(in, new TypeReference<List<Case>>() {});
    }
  }

  /**
   * {@return a generation's score, 0 to 1: 0 when no valid workflow was reached, else the mean of
   * the share of expected node types present and the share of expected connections present}
   *
   * @param c the case
   * @param g what the generator gave
   */
  public static double score(Case c, WorkflowGeneration g) {
    if (!g.succeeded()) {
      return 0;
    }
    Workflow w = g.validWorkflow().orElseThrow();
    Set<String> types = new HashSet<>();
    Map<String, String> typeOf = new java.util.HashMap<>();
    for (NodeSpec n : w.nodes()) {
      types.add(n.type());
      typeOf.put(n.id(), n.type());
    }
    Set<List<String>> pairs = new HashSet<>();
    for (Connection conn : w.connections()) {
      pairs.add(List.of(typeOf.get(conn.from()), typeOf.get(conn.to())));
    }
    double nodeShare =
        c.nodes().stream().filter(types::contains).count() / (double) c.nodes().size();
    List<List<String>> expected = c.expectedConnections();
    double connectionShare =
        expected.isEmpty()
            ? 1
            : expected.stream().filter(pairs::contains).count() / (double) expected.size();
    return (nodeShare + connectionShare) / 2;
  }

  /** {@return engine-nodes' catalogue and the AI nodes: the node types the prompts need} */
  public static dev.tyboo.node.NodeRegistry catalogue() {
    return dev.tyboo.node.NodeRegistry.builder()
        .addAll(CoreNodes.all())
        .addAll(new dev.tyboo.ai.nodes.AiNodes().nodeTypes())
        .build();
  }

  /**
   * Runs the evaluation against the model the environment names, and prints each score and the
   * mean.
   *
   * @param args none
   * @throws Exception when the set cannot be read or a call fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    if (!env.containsKey("TYBOO_EVAL_MODEL")) {
      System.out.println(
          "no model configured: set TYBOO_EVAL_PROVIDER, TYBOO_EVAL_MODEL, TYBOO_EVAL_BASE_URL"
              + " (and TYBOO_EVAL_API_KEY when the server needs one)");
      return;
    }
    ChatModel model =
        ModelProviders.defaults()
            .get(env.getOrDefault("TYBOO_EVAL_PROVIDER", "ollama"))
            .chatModel(
                new ModelSettings(
                    env.getOrDefault("TYBOO_EVAL_PROVIDER", "ollama"),
                    env.get("TYBOO_EVAL_MODEL"),
                    env.get("TYBOO_EVAL_BASE_URL"),
                    env.get("TYBOO_EVAL_API_KEY"),
                    Duration.ofMinutes(5)));
    try (Engine engine = Engine.builder().nodeTypes(catalogue()).build()) {
      WorkflowGenerator generator = WorkflowGenerator.builder(model, engine).maxRounds(3).build();
      double total = 0;
      List<Case> cases = cases();
      for (Case c : cases) {
        WorkflowGeneration g = generator.generate(c.prompt());
        double s = score(c, g);
        total += s;
        System.out.printf(Locale.ROOT, "%.2f  %d rounds  %s%n", s, g.rounds(), c.prompt());
      }
      System.out.printf(
          Locale.ROOT, "mean score %.3f over %d prompts%n", total / cases.size(), cases.size());
    }
  }
}
