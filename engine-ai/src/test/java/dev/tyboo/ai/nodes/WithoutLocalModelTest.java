package dev.tyboo.ai.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/**
 * A host without engine-ai-embeddings-local keeps the AI catalogue; only the local provider
 * refuses, saying what to add.
 */
class WithoutLocalModelTest {

  @Test
  void without_the_local_model_the_catalogue_works_and_the_local_provider_says_what_to_add()
      throws Exception {
    ForkedJvm.Result r =
        ForkedJvm.run(
            WithoutLocalModelMain.class,
            entry -> !entry.contains("langchain4j-embeddings") && !entry.contains("onnxruntime"));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("no ONNX Runtime on the class path")
        .contains("SPLIT SUCCEEDED")
        .contains("EMBED FAILED")
        .contains("add dev.tyboo:engine-ai-embeddings-local")
        .doesNotContain("NoClassDefFoundError");
  }
}
