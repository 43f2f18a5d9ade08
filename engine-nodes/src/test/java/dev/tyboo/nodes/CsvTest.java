package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.format.Csv;
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

/** CSV attachments to items and back, quoting included, and a clear error for a missing file. */
class CsvTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(CsvTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Item withCsv(String text) {
    BinaryRef ref =
        engine
            .binaryStore()
            .write(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "in.csv",
                "text/csv");
    return Item.empty().withBinary("data", ref);
  }

  @Test
  void reads_rows_into_items_and_writes_them_back_as_csv() throws Exception {
    String csv = "name,city,note\nana,Lyon,\"says \"\"hi\"\", twice\"\nbo,Oslo,\n";
    Workflow roundTrip =
        Workflow.named("csv")
            .node("read", Csv.toItems())
            .node("write", Csv.fromItems("out.csv"))
            .connect("read", "write")
            .build();

    Execution run = engine.start(roundTrip, List.of(withCsv(csv)));
    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);

    assertThat(run.nodeRuns().get("read").outputs().get("main"))
        .extracting(Item::json)
        .containsExactly(
            Map.of("name", "ana", "city", "Lyon", "note", "says \"hi\", twice"),
            Map.of("name", "bo", "city", "Oslo", "note", ""));
    Item written = run.nodeRuns().get("write").outputs().get("main").get(0);
    assertThat(written.json()).containsEntry("rows", 2).containsEntry("fileName", "out.csv");
    try (InputStream in = engine.binaryStore().open(written.binary().get("data"))) {
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out.lines())
          .containsExactly("name,city,note", "ana,Lyon,\"says \"\"hi\"\", twice\"", "bo,Oslo,\"\"");
    }
  }

  @Test
  void reads_without_a_header_and_names_a_missing_attachment() {
    Execution run =
        engine.start(
            engine.readWorkflow(
                """
                {"name": "h", "nodes": [{"id": "read", "type": "csv",
                  "parameters": {"action": "toItems", "header": false, "delimiter": ";"}}]}
                """),
            List.of(withCsv("1;2\n3;4\n")));
    run.await(Duration.ofSeconds(10));
    assertThat(run.nodeRuns().get("read").outputs().get("main"))
        .extracting(Item::json)
        .containsExactly(
            Map.of("column1", "1", "column2", "2"), Map.of("column1", "3", "column2", "4"));

    Execution missing =
        engine.start(
            Workflow.named("m").node("read", Csv.toItems()).build(), List.of(Item.empty()));
    missing.await(Duration.ofSeconds(10));
    assertThat(missing.error().orElseThrow().getMessage())
        .contains("'read'")
        .contains("item 0")
        .contains("no attachment 'data'");
  }
}
