package dev.tyboo.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read/Write Files on a temporary directory: reading by glob, writing in each mode, listing, and
 * every way out of the base directory refused (absolute paths, '..', links, globs).
 */
class ReadWriteFilesTest {

  @TempDir Path root;
  private Path base;
  private Engine engine;

  @BeforeEach
  void start() throws Exception {
    base = Files.createDirectories(root.resolve("base"));
    Files.writeString(root.resolve("secret.txt"), "outside");
    Files.createDirectories(base.resolve("invoices"));
    Files.writeString(base.resolve("invoices/a.csv"), "id\n1\n");
    Files.writeString(base.resolve("invoices/b.csv"), "id\n2\n");
    Files.writeString(base.resolve("invoices/c.txt"), "no");
    engine =
        Engine.builder()
            .nodeType(ReadWriteFiles.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put("localFiles", "disk", Map.of("baseDirectory", base.toString())))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private Execution run(Map<String, Object> parameters, List<Item> input) {
    Execution e =
        engine.start(
            Workflow.named("files")
                .node(
                    "files",
                    NodeDefinition.of(ReadWriteFiles.type(), parameters),
                    o -> o.credential("localFiles", "disk"))
                .build(),
            input);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  private String content(BinaryRef ref) throws Exception {
    try (InputStream in = engine.binaryStore().open(ref)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Item withAttachment(String text) {
    BinaryRef ref =
        engine
            .binaryStore()
            .write(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "x.txt",
                "text/plain");
    return Item.of(Map.of("id", 7)).withBinary("data", ref);
  }

  @Test
  void reads_the_files_a_glob_matches_into_attachments_in_order() throws Exception {
    Execution run =
        run(Map.of("operation", "read", "path", "invoices/*.csv"), List.of(Item.empty()));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<Item> items = run.output("files");
    assertThat(items)
        .extracting(i -> i.json().get("path"))
        .containsExactly("invoices/a.csv", "invoices/b.csv");
    assertThat(items.getFirst().json())
        .containsEntry("fileName", "a.csv")
        .containsEntry("size", 5L);
    assertThat(content(items.getFirst().binary().get("data"))).isEqualTo("id\n1\n");

    Execution one =
        run(
            Map.of("operation", "read", "path", "invoices/c.txt", "binaryProperty", "file"),
            List.of(Item.empty()));
    assertThat(content(one.output("files").getFirst().binary().get("file"))).isEqualTo("no");
    Execution limited =
        run(Map.of("operation", "read", "path", "**/*", "maxFiles", 2), List.of(Item.empty()));
    assertThat(limited.output("files")).hasSize(2);
  }

  @Test
  void writes_overwrites_appends_and_refuses_to_replace_with_create_new() throws Exception {
    Execution written =
        run(
            Map.of("operation", "write", "path", "out/{{ $json.id }}.txt"),
            List.of(withAttachment("one")));
    assertThat(written.status()).as("%s", written.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(written.output("files").getFirst().json())
        .isEqualTo(Map.of("path", "out/7.txt", "size", 3L));
    assertThat(Files.readString(base.resolve("out/7.txt"))).isEqualTo("one");

    run(Map.of("operation", "write", "path", "out/7.txt"), List.of(withAttachment("two")));
    assertThat(Files.readString(base.resolve("out/7.txt"))).isEqualTo("two");
    run(
        Map.of("operation", "write", "path", "out/7.txt", "writeMode", "append"),
        List.of(withAttachment("+three")));
    assertThat(Files.readString(base.resolve("out/7.txt"))).isEqualTo("two+three");
    Execution exists =
        run(
            Map.of("operation", "write", "path", "out/7.txt", "writeMode", "createNew"),
            List.of(withAttachment("four")));
    assertThat(exists.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("the file exists");
    assertThat(Files.readString(base.resolve("out/7.txt"))).isEqualTo("two+three");
    try (var leftovers = Files.list(base.resolve("out"))) {
      assertThat(leftovers.map(f -> f.getFileName().toString())).containsExactly("7.txt");
    }
  }

  @Test
  void lists_a_directory() {
    Execution run = run(Map.of("operation", "list", "path", "invoices"), List.of(Item.empty()));
    assertThat(run.output("files"))
        .extracting(i -> i.json().get("fileName"))
        .containsExactly("a.csv", "b.csv", "c.txt");
    assertThat(run.output("files").getFirst().json()).containsEntry("directory", false);
    Execution top = run(Map.of("operation", "list", "path", "."), List.of(Item.empty()));
    assertThat(top.output("files").getFirst().json()).containsEntry("directory", true);
  }

  @Test
  void nothing_outside_the_base_directory_is_read_written_or_listed() throws Exception {
    Files.createSymbolicLink(base.resolve("escape.txt"), root.resolve("secret.txt"));
    Files.createSymbolicLink(base.resolve("up"), root);
    for (Map<String, Object> hostile :
        List.<Map<String, Object>>of(
            Map.of("operation", "read", "path", "../secret.txt"),
            Map.of("operation", "read", "path", "/etc/passwd"),
            Map.of("operation", "read", "path", "invoices/../../secret.txt"),
            Map.of("operation", "read", "path", "escape.txt"),
            Map.of("operation", "read", "path", "up/secret.txt"),
            Map.of("operation", "read", "path", "../*"),
            Map.of("operation", "list", "path", "up"),
            Map.of("operation", "list", "path", ".."),
            Map.of("operation", "write", "path", "up/planted.txt"),
            Map.of("operation", "write", "path", "escape.txt"))) {
      Execution run = run(hostile, List.of(withAttachment("planted")));
      assertThat(run.error()).as("%s", hostile).isPresent();
      assertThat(run.error().orElseThrow())
          .as("%s", hostile)
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("parameter 'path'")
          .hasMessageNotContaining(root.toString());
    }
    assertThat(Files.readString(root.resolve("secret.txt"))).isEqualTo("outside");
    assertThat(root.resolve("planted.txt")).doesNotExist();
    // a glob never follows a link out: escape.txt is a link, not a file of the base
    Execution glob = run(Map.of("operation", "read", "path", "*.txt"), List.of(Item.empty()));
    assertThat(glob.output("files")).isEmpty();
  }

  @Test
  void a_missing_file_and_a_missing_base_are_named() {
    Execution missing = run(Map.of("operation", "read", "path", "nope.txt"), List.of(Item.empty()));
    assertThat(missing.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("no such file");
    try (Engine other =
        Engine.builder()
            .nodeType(ReadWriteFiles.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "localFiles",
                        "disk",
                        Map.of("baseDirectory", root.resolve("gone").toString())))
            .build()) {
      Execution e =
          other.start(
              Workflow.named("f")
                  .node("files", ReadWriteFiles.read("*"), o -> o.credential("localFiles", "disk"))
                  .build(),
              List.of(Item.empty()));
      e.await(Duration.ofSeconds(10));
      assertThat(e.error().orElseThrow()).hasMessageContaining("base directory does not exist");
    }
  }
}
