package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.format.HtmlExtract;
import dev.tyboo.nodes.format.Xml;
import dev.tyboo.nodes.format.Zip;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML conversion, HTML extraction and zip archives: round trips, streaming, limits and bad input.
 */
class XmlHtmlZipTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(XmlHtmlZipTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Execution run(Workflow w, List<Item> input) {
    Execution run = engine.start(w, input);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private static Workflow one(NodeDefinition node) {
    return Workflow.named("one").node("n", node).build();
  }

  private Item attachment(byte[] data, String name) {
    BinaryRef ref = engine.binaryStore().write(new ByteArrayInputStream(data), name, null);
    return Item.empty().withBinary("data", ref);
  }

  private byte[] read(BinaryRef ref) throws Exception {
    try (InputStream in = engine.binaryStore().open(ref)) {
      return in.readAllBytes();
    }
  }

  @Test
  void xml_fields_convert_to_json_and_back() {
    Workflow w =
        Workflow.named("x")
            .node("parse", Xml.toJson("xml"))
            .node("write", Xml.toXml("xml", "order"))
            .connect("parse", "write")
            .build();
    assertThat(WorkflowJson.write(engine.readWorkflow(WorkflowJson.write(w))))
        .isEqualTo(WorkflowJson.write(w));

    Execution run =
        run(
            w,
            Item.listOf(
                Map.of(
                    "xml",
                    "<order id=\"7\"><sku>A1</sku><line>1</line><line>2</line><note lang=\"en\">fast</note></order>")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("parse").get(0).get("xml"))
        .isEqualTo(
            Map.of(
                "id",
                "7",
                "sku",
                "A1",
                "line",
                List.of("1", "2"),
                "note",
                Map.of("lang", "en", "", "fast")));
    assertThat((String) run.output("write").get(0).get("xml"))
        .startsWith("<order>")
        .contains("<sku>A1</sku>")
        .contains("<line>1</line><line>2</line>");
  }

  @Test
  void xml_attachments_stream_into_items_and_back(@TempDir Path dir) throws Exception {
    int n = 20_000;
    Path file = dir.resolve("big.xml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("<orders>".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < n; i++) {
        out.write(
            ("<order><id>" + i + "</id><total>" + (i * 3) + "</total></order>")
                .getBytes(StandardCharsets.UTF_8));
      }
      out.write("</orders>".getBytes(StandardCharsets.UTF_8));
    }
    Item big = attachment(Files.readAllBytes(file), "big.xml");
    Workflow w =
        Workflow.named("xf")
            .node("read", Xml.toItems())
            .node("write", Xml.fromItems("orders", "order"))
            .node("again", Xml.toItems())
            .connect("read", "write")
            .connect("write", "again")
            .build();

    Execution run = run(w, List.of(big));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<Item> items = run.output("read");
    assertThat(items).hasSize(n);
    assertThat(items.get(123).json()).isEqualTo(Map.of("id", "123", "total", "369"));
    Item written = run.output("write").get(0);
    assertThat(written.json()).isEqualTo(Map.of("fileName", "data.xml", "items", n));
    assertThat(new String(read(written.binary().get("data")), StandardCharsets.UTF_8))
        .startsWith("<orders><order><id>0</id><total>0</total></order>");
    assertThat(run.output("again")).hasSize(n);
    assertThat(run.output("again").get(n - 1).json()).isEqualTo(items.get(n - 1).json());
  }

  @Test
  void xml_refuses_dtds_and_external_entities_and_names_bad_input(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><r><v>&x;</v></r>";

    Execution field = run(one(Xml.toJson("xml")), Item.listOf(Map.of("xml", xxe)));
    Execution attached =
        run(one(Xml.toItems()), List.of(attachment(xxe.getBytes(StandardCharsets.UTF_8), "x.xml")));
    Execution broken = run(one(Xml.toJson("xml")), Item.listOf(Map.of("xml", "<a><b></a>")));
    Execution notText = run(one(Xml.toJson("xml")), Item.listOf(Map.of("xml", 5)));

    for (Execution r : List.of(field, attached, broken)) {
      assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(r.error().orElseThrow().getMessage())
          .contains("is not well-formed XML")
          .doesNotContain("TOP-SECRET");
    }
    assertThat(notText.error().orElseThrow())
        .hasMessageContaining("field 'xml' of item 0 must be an XML string");
    assertThatThrownBy(() -> engine.validate(one(Xml.fromItems("1bad", "item"))))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.rootName");
  }

  private static final String PAGE =
      """
      <html><head><title>Shop</title></head><body>
        <h1> Spring <b>sale</b> </h1>
        <a class="product" href="/p/1">One</a><a class="product" href="/p/2">Two</a><a href="/about">About</a>
        <input name="q" value="shoes">
      </body></html>
      """;

  @Test
  void html_extract_reads_text_html_attributes_and_values_from_a_field_or_an_attachment()
      throws Exception {
    NodeDefinition extract =
        HtmlExtract.builder()
            .text("title", "h1")
            .rule("titleHtml", "h1", "html", null, false)
            .attribute("links", "a.product", "href", true)
            .rule("query", "input[name=q]", "value", null, false)
            .text("missing", "h2")
            .build();
    Execution fromField = run(one(extract), Item.listOf(Map.of("data", PAGE, "page", 1)));

    assertThat(fromField.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> json = fromField.output("n").get(0).json();
    assertThat(json)
        .containsEntry("page", 1)
        .containsEntry("title", "Spring sale")
        .containsEntry("titleHtml", "Spring <b>sale</b>")
        .containsEntry("links", List.of("/p/1", "/p/2"))
        .containsEntry("query", "shoes")
        .containsEntry("missing", null);

    Execution fromFile =
        run(
            one(HtmlExtract.builder().fromAttachment("data").text("meta.title", "title").build()),
            List.of(attachment(PAGE.getBytes(StandardCharsets.UTF_8), "page.html")));
    assertThat(fromFile.output("n").get(0).get("meta")).isEqualTo(Map.of("title", "Shop"));
  }

  @Test
  void html_extract_reports_bad_selectors_at_build_and_bad_input_at_run() {
    assertThatThrownBy(
            () ->
                engine.readWorkflow(
                    """
                    {"name": "bad", "nodes": [{"id": "n", "type": "htmlExtract", "parameters": {"extract": [
                      {"key": "a", "selector": "div[["},
                      {"selector": "p", "returnValue": "attribute"},
                      {"key": "c", "selector": "p", "returnValue": "json"}]}}]}
                    """))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.extract[0].selector")
        .hasMessageContaining("$.nodes[0].parameters.extract[1].key")
        .hasMessageContaining("$.nodes[0].parameters.extract[1].attribute")
        .hasMessageContaining("$.nodes[0].parameters.extract[2].returnValue");

    Execution noHtml =
        run(one(HtmlExtract.builder().text("t", "h1").build()), Item.listOf(Map.of("other", 1)));
    assertThat(noHtml.error().orElseThrow())
        .hasMessageContaining("field 'data' of item 0 must be an HTML string, was missing");
  }

  @Test
  void zip_packs_attachments_and_unpacks_them_into_items() throws Exception {
    byte[] a = "alpha ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[50_000];
    new java.util.Random(3).nextBytes(b);
    Item two =
        Item.of(Map.of("batch", 9))
            .withBinary(
                "report",
                engine.binaryStore().write(new ByteArrayInputStream(a), "report.txt", "text/plain"))
            .withBinary(
                "image",
                engine.binaryStore().write(new ByteArrayInputStream(b), null, "image/png"));
    Workflow w =
        Workflow.named("z")
            .node("pack", Zip.compress("batch.zip"))
            .node("unpack", Zip.decompress())
            .connect("pack", "unpack")
            .build();

    Execution run = run(w, List.of(two));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Item packed = run.output("pack").get(0);
    assertThat(packed.json()).isEqualTo(Map.of("batch", 9));
    assertThat(packed.binary()).containsOnlyKeys("data");
    try (ZipInputStream zip =
        new ZipInputStream(engine.binaryStore().open(packed.binary().get("data")))) {
      assertThat(zip.getNextEntry().getName()).isEqualTo("report.txt"); // readable by the JDK
    }
    List<Item> files = run.output("unpack");
    assertThat(files).extracting(i -> i.get("fileName")).containsExactly("report.txt", "image");
    assertThat(files.get(0).json())
        .containsEntry("size", (long) a.length)
        .containsEntry("sourceItem", 0);
    assertThat(read(files.get(0).binary().get("data"))).isEqualTo(a);
    assertThat(read(files.get(1).binary().get("data"))).isEqualTo(b);
  }

  @Test
  void zip_stops_unpacking_a_bomb_and_names_data_that_is_not_a_zip() throws Exception {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
      zip.putNextEntry(new ZipEntry("zeros.bin"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 8; i++) {
        zip.write(zeros); // 8 MiB of zeros compress to a few KiB
      }
      zip.closeEntry();
      for (int i = 0; i < 5; i++) {
        zip.putNextEntry(new ZipEntry("small" + i));
        zip.write(1);
        zip.closeEntry();
      }
    }
    Map<String, Object> small = Map.of("action", "decompress", "maxUncompressedBytes", 1 << 20);
    Map<String, Object> few = Map.of("action", "decompress", "maxEntries", 3);

    Execution tooBig =
        run(
            one(NodeDefinition.of(Zip.type(), small)),
            List.of(attachment(bomb.toByteArray(), "b.zip")));
    Execution tooMany =
        run(
            one(NodeDefinition.of(Zip.type(), few)),
            List.of(attachment(bomb.toByteArray(), "b.zip")));
    Execution notZip =
        run(
            one(Zip.decompress()),
            List.of(attachment("plain text, not a zip".getBytes(StandardCharsets.UTF_8), "t.txt")));

    assertThat(tooBig.error().orElseThrow())
        .hasMessageContaining("more than 1048576 bytes unpacked (maxUncompressedBytes)");
    assertThat(tooMany.error().orElseThrow())
        .hasMessageContaining("more than 3 entries (maxEntries)");
    assertThat(notZip.error().orElseThrow())
        .hasMessageContaining("attachment 'data' of item 0 is not a zip archive");

    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    new ZipOutputStream(empty).close();
    Execution emptyZip =
        run(one(Zip.decompress()), List.of(attachment(empty.toByteArray(), "e.zip")));
    assertThat(emptyZip.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(emptyZip.output("n")).isEmpty();
  }
}
