package dev.tyboo.security.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.testing.ForkedJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A failing, retried workflow uses a credential; every log line at every level (captured from a JVM
 * of its own, where SLF4J logs everything), every event and every stored row is scanned for the
 * secret, in clear, in Base64 and in hex.
 */
class RedactionTest {

  @Test
  void a_secret_appears_in_no_log_line_event_or_stored_row() throws Exception {
    ForkedJvm.Result r =
        ForkedJvm.run(
            RedactionScenario.class,
            entry -> true,
            "-Dlogback.configurationFile="
                + Path.of(RedactionTest.class.getResource("/redaction-logback.xml").toURI()));
    String output = r.output();
    assertThat(r.exitCode()).as(output).isZero();

    // the capture is real: the scenario ran, failed, logged at several levels and printed its state
    assertThat(output)
        .contains("status: FAILED")
        .contains("the API refused the call (401)")
        .contains("calling the API with a token of " + RedactionScenario.SECRET.length())
        .contains("DEBUG")
        .contains("executionId=")
        .contains(RedactionScenario.STATE)
        .contains("NodeRetrying")
        .contains("credential.use")
        .contains("httpBearerAuth:slack");
    String secret = RedactionScenario.SECRET;
    byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
    assertThat(output)
        .doesNotContain(secret)
        .doesNotContain(Base64.getEncoder().encodeToString(raw))
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
        .doesNotContain(HexFormat.of().formatHex(raw))
        .doesNotContain("REDACT-ME");
  }
}
