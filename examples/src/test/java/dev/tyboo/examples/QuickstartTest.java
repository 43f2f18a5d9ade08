package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  @Test
  void should_print_every_node_and_the_succeeded_line() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("load      SUCCEEDED")
        .contains("isBig     SUCCEEDED")
        .contains("merge     SUCCEEDED");
    assertThat(out)
        .contains("order 1: total 250, priority lane")
        .contains("order 2: total 40, standard lane");
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).matches("Execution [0-9a-f-]{36} SUCCEEDED in \\d+ ms");
  }

  @Test
  void should_be_quoted_verbatim_in_the_readme() throws Exception {
    String source = Files.readString(Path.of("src/main/java/dev/tyboo/examples/Quickstart.java"));
    String readme = Files.readString(Path.of("../README.md"));
    String body = source.substring(source.indexOf("public final class Quickstart"));
    assertThat(readme)
        .as("README.md must quote Quickstart.java from 'public final class Quickstart' on")
        .contains(body.strip());
  }
}
