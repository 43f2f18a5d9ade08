package dev.tyboo.testkit.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Golden tests: each {@code *.json} fixture in a directory holds a workflow, the input items, and
 * the items each node must emit per output port (or the error the execution must end with); each
 * runs on an in-memory engine and on a durable one ({@code Storage.inMemory}), which must agree.
 * The engines find node types through {@link java.util.ServiceLoader}, as a host's would.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> golden() {
 *   return GoldenFixtures.tests(GoldenFixtures.resource(MyNodeTest.class, "/golden"));
 * }
 * }</pre>
 *
 * <p>A fixture:
 *
 * <pre>{@code
 * {
 *   "description": "what it shows",
 *   "workflow": {"name": "w", "nodes": [{"id": "up", "type": "acme.uppercase",
 *                                        "parameters": {"field": "name"}}]},
 *   "deploy": [ workflows the one under test starts by name (optional) ],
 *   "input": [{"name": "ada"}],
 *   "expected": {"up": {"main": [{"name": "ADA"}]}}
 * }
 * }</pre>
 *
 * Instead of {@code expected}, {@code "expectedError": {"node": "up", "message": "part of it"}}
 * expects the execution to fail at that node.
 */
public final class GoldenFixtures {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private GoldenFixtures() {}

  /**
   * {@return a directory on the class path as a path}
   *
   * @param anchor a class loaded from the same place (a test class)
   * @param name the resource directory's name, such as {@code /golden}
   * @throws IllegalArgumentException when there is no such directory
   */
  public static Path resource(Class<?> anchor, String name) {
    var url = anchor.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no resource directory " + name + " beside " + anchor);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * {@return one test per fixture and engine kind: in memory, and durable on in-memory storage}
   *
   * @param directory the fixtures' directory
   */
  public static Stream<DynamicTest> tests(Path directory) {
    Map<String, Supplier<EngineBuilder>> kinds = new LinkedHashMap<>();
    kinds.put("in memory", Engine::builder);
    kinds.put(
        "durable",
        () ->
            Engine.builder()
                .storage(Storage.inMemory(Clock.system()))
                .durableOptions(
                    DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build()));
    return tests(directory, kinds);
  }

  /**
   * {@return one test per fixture and engine kind}
   *
   * @param directory the fixtures' directory
   * @param kinds builders of the engines to run each fixture on, by a name for the test's name; the
   *     node types are discovered on the test's class path and added to each
   */
  public static Stream<DynamicTest> tests(
      Path directory, Map<String, Supplier<EngineBuilder>> kinds) {
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(directory)) {
      fixtures = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(fixtures).as("fixtures in %s", directory).isNotEmpty();
    return fixtures.stream()
        .flatMap(
            f ->
                kinds.entrySet().stream()
                    .map(
                        k ->
                            DynamicTest.dynamicTest(
                                f.getFileName() + " " + k.getKey(),
                                () -> run(f, k.getValue().get()))));
  }

  /**
   * Runs one fixture and checks its outputs or its error.
   *
   * @param fixture the fixture file
   * @param kind a builder of the engine to run it on; node types are discovered and added
   * @throws IOException when the fixture cannot be read
   */
  public static void run(Path fixture, EngineBuilder kind) throws IOException {
    JsonNode spec = JSON.readTree(fixture.toFile());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (Engine engine = kind.discoverNodeTypes(loader).build()) {
      if (spec.has("deploy")) {
        for (JsonNode deployed : spec.get("deploy")) {
          engine.deploy(engine.readWorkflow(JSON.writeValueAsString(deployed)));
        }
      }
      Workflow workflow = engine.readWorkflow(JSON.writeValueAsString(spec.get("workflow")));
      List<Item> input = items(spec.path("input"));
      Execution run = engine.start(workflow, input);
      ExecutionStatus status = run.await(WAIT);

      if (spec.has("expectedError")) {
        JsonNode expected = spec.get("expectedError");
        assertThat(status).as("%s: status", fixture).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.error()).as("%s: error", fixture).isPresent();
        assertThat(run.error().get().nodeId()).isEqualTo(expected.get("node").asText());
        assertThat(run.error().get().getMessage()).contains(expected.get("message").asText());
        return;
      }
      assertThat(status)
          .as("%s: status (%s)", fixture, run.error())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      Map<String, NodeRun> runs = run.nodeRuns();
      for (Map.Entry<String, JsonNode> node : spec.get("expected").properties()) {
        NodeRun nodeRun = runs.get(node.getKey());
        assertThat(nodeRun).as("%s: node %s ran", fixture, node.getKey()).isNotNull();
        JsonNode actual = JSON.readTree(JSON.writeValueAsString(jsonOf(nodeRun.outputs())));
        assertThat(actual)
            .as("%s: outputs of node %s", fixture, node.getKey())
            .isEqualTo(node.getValue());
      }
    }
  }

  /**
   * {@return the nodes of every fixture in a directory as examples of their types, for {@code
   * NodeTypeContract}} A node no connection leads to gets the fixture's input items; the others run
   * without items. The examples expect nothing: the fixtures themselves check the outputs.
   *
   * @param directory the fixtures' directory
   * @throws IOException when a fixture cannot be read
   */
  public static Map<String, List<NodeExample>> examplesByType(Path directory) throws IOException {
    Map<String, List<NodeExample>> byType = new LinkedHashMap<>();
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(directory)) {
      fixtures = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : fixtures) {
      JsonNode spec = JSON.readTree(f.toFile());
      List<Item> input = items(spec.path("input"));
      JsonNode workflow = spec.get("workflow");
      for (JsonNode node : workflow.get("nodes")) {
        String id = node.get("id").asText();
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters =
            node.has("parameters")
                ? JSON.convertValue(node.get("parameters"), Map.class)
                : Map.of();
        NodeExample example = NodeExample.of(f.getFileName() + " " + id, parameters);
        boolean root = true;
        for (JsonNode c : workflow.path("connections")) {
          root &= !id.equals(c.path("to").asText());
        }
        byType
            .computeIfAbsent(node.get("type").asText(), k -> new ArrayList<>())
            .add(root ? example.input(input) : example);
      }
    }
    return byType;
  }

  private static List<Item> items(JsonNode array) {
    List<Item> items = new ArrayList<>();
    for (JsonNode item : array) {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = JSON.convertValue(item, Map.class);
      items.add(Item.of(json));
    }
    return items;
  }

  private static Map<String, List<Map<String, Object>>> jsonOf(Map<String, List<Item>> ports) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    ports.forEach((port, items) -> out.put(port, items.stream().map(Item::json).toList()));
    return out;
  }
}
