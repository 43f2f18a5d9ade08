package dev.tyboo.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NodeTimeoutException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RecordedCause;
import dev.tyboo.error.RetryableNodeException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures written as JSON and read back: type, context and causes survive; secrets do not. */
class ErrorJsonTest {

  private static NodeExecutionException roundTrip(NodeExecutionException e) {
    return ErrorJson.read(ErrorJson.write(e.withContext("exec-1", "node-a", 2)), "exec-1");
  }

  @Test
  void keeps_the_engines_own_failure_types_and_their_context() {
    NodeExecutionException expression =
        roundTrip(new ExpressionException("url", "$json.x.y", 3, "undefined property", null));
    assertThat(expression).isInstanceOf(ExpressionException.class);
    assertThat(((ExpressionException) expression).parameter()).isEqualTo("url");
    assertThat(expression.itemIndex()).isEqualTo(3);
    assertThat(expression.nodeId()).isEqualTo("node-a");
    assertThat(expression.attempt()).isEqualTo(2);

    NodeExecutionException timeout = roundTrip(new NodeTimeoutException(Duration.ofSeconds(5)));
    assertThat(timeout).isInstanceOf(NodeTimeoutException.class);
    assertThat(((NodeTimeoutException) timeout).timeout()).isEqualTo(Duration.ofSeconds(5));

    assertThat(roundTrip(new RetryableNodeException("503")))
        .isInstanceOf(RetryableNodeException.class);
    assertThat(roundTrip(new NonRetryableNodeException("401")).getMessage()).contains("401");
  }

  @Test
  void keeps_causes_as_class_name_and_message_and_never_a_redacted_secret() {
    NodeExecutionException e =
        new NonRetryableNodeException(
            "call failed",
            new IOException("refused: token s3cr3t", new IllegalStateException("x")));
    e.redact(text -> text == null ? null : text.replace("s3cr3t", "[redacted]"));

    String json = ErrorJson.write(e);
    NodeExecutionException back = ErrorJson.read(json, "exec-1");

    assertThat(json).doesNotContain("s3cr3t");
    assertThat(back.getCause())
        .isInstanceOf(RecordedCause.class)
        .hasToString("java.io.IOException: refused: token [redacted]");
    assertThat(back.getCause().getCause()).hasToString("java.lang.IllegalStateException: x");
  }
}
