package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.node.Item;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests: every {@code golden/*.json} fixture holds a workflow (JSON), input items and the
 * items each node must emit per output port (or the error the execution must end with). The
 * catalogue is found through {@link java.util.ServiceLoader}, as a host would find it. Each fixture
 * runs on an in-memory engine and on a durable one ({@code Storage.inMemory}): the same outputs.
 */
class GoldenTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> every_fixture_gives_its_expected_outputs() throws Exception {
    Path dir = Path.of(GoldenTest.class.getResource("/golden").toURI());
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(dir)) {
      fixtures = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(fixtures).isNotEmpty();
    return fixtures.stream()
        .flatMap(
            f ->
                Stream.of(
                    DynamicTest.dynamicTest(
                        f.getFileName() + " in memory", () -> run(f, Engine.builder())),
                    DynamicTest.dynamicTest(
                        f.getFileName() + " durable",
                        () ->
                            run(
                                f,
                                Engine.builder()
                                    .storage(Storage.inMemory(Clock.system()))
                                    .durableOptions(
                                        DurableOptions.builder()
                                            .pollInterval(Duration.ofMillis(10))
                                            .build())))));
  }

  private static void run(Path fixture, EngineBuilder kind) throws IOException, URISyntaxException {
    JsonNode spec = JSON.readTree(fixture.toFile());
    try (Engine engine = kind.discoverNodeTypes(GoldenTest.class.getClassLoader()).build()) {
      if (spec.has("deploy")) { // workflows the one under test calls by name
        for (JsonNode deployed : spec.get("deploy")) {
          engine.deploy(engine.readWorkflow(JSON.writeValueAsString(deployed)));
        }
      }
      Workflow workflow = engine.readWorkflow(JSON.writeValueAsString(spec.get("workflow")));
      List<Item> input = new ArrayList<>();
      for (JsonNode item : spec.get("input")) {
        input.add(Item.of(JSON.convertValue(item, Map.class)));
      }
      Execution run = engine.start(workflow, input);
      ExecutionStatus status = run.await(Duration.ofSeconds(10));

      if (spec.has("expectedError")) {
        JsonNode expected = spec.get("expectedError");
        assertThat(status).as(fixture + ": status").isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.error()).as(fixture + ": error").isPresent();
        assertThat(run.error().get().nodeId()).isEqualTo(expected.get("node").asText());
        assertThat(run.error().get().getMessage()).contains(expected.get("message").asText());
        return;
      }
      assertThat(status).as(fixture + ": status").isEqualTo(ExecutionStatus.SUCCEEDED);
      Map<String, NodeRun> runs = run.nodeRuns();
      for (Iterator<Map.Entry<String, JsonNode>> nodes = spec.get("expected").fields();
          nodes.hasNext(); ) {
        Map.Entry<String, JsonNode> node = nodes.next();
        NodeRun nodeRun = runs.get(node.getKey());
        assertThat(nodeRun).as(fixture + ": node " + node.getKey() + " ran").isNotNull();
        JsonNode actual = JSON.readTree(JSON.writeValueAsString(jsonOf(nodeRun.outputs())));
        assertThat(actual)
            .as(fixture + ": outputs of node " + node.getKey())
            .isEqualTo(node.getValue());
      }
    }
  }

  private static Map<String, List<Map<String, Object>>> jsonOf(Map<String, List<Item>> ports) {
    Map<String, List<Map<String, Object>>> out = new java.util.LinkedHashMap<>();
    ports.forEach((port, items) -> out.put(port, items.stream().map(Item::json).toList()));
    return out;
  }
}
