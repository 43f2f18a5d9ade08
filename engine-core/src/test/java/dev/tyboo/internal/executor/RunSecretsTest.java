package dev.tyboo.internal.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.RetryableNodeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSecretsTest {

  private static final String TOKEN = "s3cret/token+value";

  @Test
  void should_replace_every_form_of_a_secret() {
    RunSecrets secrets = new RunSecrets();
    secrets.add(Map.of("user", "robot", "password", TOKEN, "port", "443"));
    byte[] raw = TOKEN.getBytes(StandardCharsets.UTF_8);
    String basic =
        Base64.getEncoder().encodeToString(("robot:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    String text =
        String.join(
            " | ",
            TOKEN,
            Base64.getEncoder().encodeToString(raw),
            Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
            URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
            HexFormat.of().formatHex(raw),
            "s3cret\\/token+value",
            "Basic " + basic,
            "port 443");

    String redacted = secrets.redact(text);

    assertThat(redacted).doesNotContain("s3cret").doesNotContain(basic).contains("port 443");
    assertThat(redacted.split("\\[redacted]", -1)).hasSize(8);
    assertThat(secrets.redact(null)).isNull();
  }

  @Test
  void should_take_secrets_out_of_a_failure_and_its_causes() {
    RunSecrets secrets = new RunSecrets();
    secrets.add(Map.of("token", TOKEN));
    NodeExecutionException e =
        new RetryableNodeException(
            "the server said: " + TOKEN,
            new UncheckedIOException(new IOException("echo: Bearer " + TOKEN)));

    e.redact(secrets::redact);

    assertThat(e.getMessage()).isEqualTo("the server said: [redacted]");
    assertThat(e.getCause().toString())
        .isEqualTo("java.io.UncheckedIOException: java.io.IOException: echo: Bearer [redacted]");
    assertThat(e.getCause().getCause().toString())
        .isEqualTo("java.io.IOException: echo: Bearer [redacted]");
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(TOKEN).contains("RunSecretsTest");
  }

  @Test
  void should_keep_a_cause_without_a_secret() {
    RunSecrets secrets = new RunSecrets();
    secrets.add(Map.of("token", TOKEN));
    IOException cause = new IOException("connection reset");
    NodeExecutionException e = new RetryableNodeException("failed", cause);
    e.redact(secrets::redact);
    assertThat(e.getCause()).isSameAs(cause);
  }
}
