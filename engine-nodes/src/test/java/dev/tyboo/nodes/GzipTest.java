package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.format.Gzip;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gzip round trip through the binary store, and a clear error for data that is not gzip. */
class GzipTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(GzipTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Item with(byte[] data, String name) {
    BinaryRef ref = engine.binaryStore().write(new ByteArrayInputStream(data), name, null);
    return Item.empty().withBinary("data", ref);
  }

  @Test
  void compresses_and_decompresses_an_attachment() throws Exception {
    byte[] text = "tyboo ".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    Workflow w =
        Workflow.named("gz")
            .node("pack", Gzip.compress())
            .node("unpack", Gzip.decompress())
            .connect("pack", "unpack")
            .build();

    Execution run = engine.start(w, List.of(with(text, "log.txt")));
    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);

    BinaryRef packed = run.nodeRuns().get("pack").outputs().get("main").get(0).binary().get("data");
    assertThat(packed.fileName()).isEqualTo("log.txt.gz");
    assertThat(packed.size()).isLessThan(text.length / 50);
    try (InputStream in = new GZIPInputStream(engine.binaryStore().open(packed))) {
      assertThat(in.readAllBytes()).isEqualTo(text); // real gzip, readable by the JDK
    }
    BinaryRef unpacked =
        run.nodeRuns().get("unpack").outputs().get("main").get(0).binary().get("data");
    assertThat(unpacked.fileName()).isEqualTo("log.txt");
    try (InputStream in = engine.binaryStore().open(unpacked)) {
      assertThat(in.readAllBytes()).isEqualTo(text);
    }
  }

  @Test
  void names_an_attachment_that_is_not_gzip() {
    Execution run =
        engine.start(
            Workflow.named("bad").node("unpack", Gzip.decompress()).build(),
            List.of(with("plain text".getBytes(StandardCharsets.UTF_8), "x.gz")));
    run.await(Duration.ofSeconds(10));
    assertThat(run.error().orElseThrow().getMessage())
        .contains("'unpack'")
        .contains("item 0")
        .contains("not gzip");
  }
}
