package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A host that excludes GraalVM keeps the catalogue; only the Code node refuses, saying why. */
class WithoutGraalTest {

  @Test
  void without_graalvm_the_catalogue_works_and_a_code_node_says_what_to_add() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("/org/graalvm/"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).doesNotContain("polyglot");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(java, "-cp", classPath, WithoutGraalMain.class.getName())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = new String(out, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("PLAIN SUCCEEDED")
        .contains("CODE FAILED")
        .contains("no script sandbox")
        .contains("js-community")
        .doesNotContain("NoClassDefFoundError");
  }
}
