package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.format.JsonFile;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JSON attachments to items and back, and a clear error for a broken file. */
class JsonFileTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(JsonFileTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Item with(String json) {
    BinaryRef ref =
        engine
            .binaryStore()
            .write(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "in.json", null);
    return Item.empty().withBinary("data", ref);
  }

  private static List<Map<String, Object>> main(Execution run, String node) {
    return run.nodeRuns().get(node).outputs().get("main").stream().map(Item::json).toList();
  }

  @Test
  void reads_an_array_element_by_element_and_writes_items_back_as_an_array() throws Exception {
    Workflow w =
        Workflow.named("j")
            .node("read", JsonFile.toItems())
            .node("write", JsonFile.fromItems("out.json"))
            .connect("read", "write")
            .build();

    Execution run =
        engine.start(
            w,
            List.of(with("[{\"a\": 1, \"b\": {\"c\": [true]}}, 7]"), with("{\"single\": \"x\"}")));
    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(main(run, "read"))
        .containsExactly(
            Map.of("a", 1, "b", Map.of("c", List.of(true))),
            Map.of("data", 7),
            Map.of("single", "x"));
    Item written = run.nodeRuns().get("write").outputs().get("main").get(0);
    assertThat(written.json()).containsEntry("items", 3);
    try (InputStream in = engine.binaryStore().open(written.binary().get("data"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("[{\"a\":1,\"b\":{\"c\":[true]}},{\"data\":7},{\"single\":\"x\"}]");
    }
  }

  @Test
  void names_an_attachment_that_is_not_json() {
    Execution run =
        engine.start(
            Workflow.named("bad").node("read", JsonFile.toItems()).build(),
            List.of(with("[{\"a\": 1}, {oops")));
    run.await(Duration.ofSeconds(10));
    assertThat(run.error().orElseThrow().getMessage())
        .contains("'read'")
        .contains("item 0")
        .contains("not valid JSON");
  }

  @Test
  void refuses_content_after_the_value_rather_than_dropping_it() {
    for (String json : List.of("[{\"a\": 1}] [{\"b\": 2}]", "{\"a\": 1} {\"b\": 2}")) {
      Execution run =
          engine.start(
              Workflow.named("trailing").node("read", JsonFile.toItems()).build(),
              List.of(with(json)));
      assertThat(run.await(Duration.ofSeconds(10))).as(json).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow().getMessage()).as(json).contains("not valid JSON");
    }
  }
}
