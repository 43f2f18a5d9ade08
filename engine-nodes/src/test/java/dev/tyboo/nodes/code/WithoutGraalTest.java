package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/** A host that excludes GraalVM keeps the catalogue; only the Code node refuses, saying why. */
class WithoutGraalTest {

  @Test
  void without_graalvm_the_catalogue_works_and_a_code_node_says_what_to_add() throws Exception {
    ForkedJvm.Result r =
        ForkedJvm.run(WithoutGraalMain.class, entry -> !entry.contains("/org/graalvm/"));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("no GraalVM on the class path")
        .contains("PLAIN SUCCEEDED")
        .contains("CODE FAILED")
        .contains("no script sandbox")
        .contains("js-community")
        .doesNotContain("NoClassDefFoundError");
  }
}
