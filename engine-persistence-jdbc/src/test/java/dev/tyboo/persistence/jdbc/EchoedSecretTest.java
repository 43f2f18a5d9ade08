package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.testing.ForkedJvm;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An API that echoes every request header into a 500 body must not get the credentials into
 * anything the engine stores or emits: log lines at every level, events, every database row (H2 and
 * PostgreSQL) and the data subject's export. Counted in clear, Base64, URL-encoded, hex and as the
 * Basic header.
 */
class EchoedSecretTest {

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void an_echoed_credential_appears_nowhere_the_engine_writes(String database) throws Exception {
    if (database.equals("postgresql")) {
      TestDatabase.create(Dialect.POSTGRESQL).close(); // skips, or fails under CI, when unreachable
    }
    ForkedJvm.Result r =
        ForkedJvm.run(
            EchoedSecretScenario.class,
            entry -> true,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
            "-Dorg.slf4j.simpleLogger.logFile=System.out",
            "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=warn",
            "-Dorg.slf4j.simpleLogger.log.org.postgresql=warn",
            "-Dtyboo.scenario.database=" + database);
    String output = r.output();
    assertThat(r.exitCode()).as(output).isZero();

    // the capture is real: the calls were made, failed with the echoed body, and everything printed
    assertThat(output)
        .contains("status: FAILED")
        .contains("you sent:")
        .contains("[redacted]")
        .contains("HTTP 500")
        .contains(EchoedSecretScenario.STATE)
        .contains("tyboo_execution:")
        .contains("tyboo_node_run:")
        .contains("tyboo_audit:")
        .contains("\"subject\"")
        .contains("DEBUG");
    for (String secret :
        List.of(
            EchoedSecretScenario.TOKEN,
            EchoedSecretScenario.API_KEY,
            EchoedSecretScenario.PASSWORD,
            EchoedSecretScenario.USER + ":" + EchoedSecretScenario.PASSWORD)) {
      byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
      assertThat(output)
          .as(secret)
          .doesNotContain(secret)
          .doesNotContain(Base64.getEncoder().encodeToString(raw))
          .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(raw))
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
          .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8))
          .doesNotContain(HexFormat.of().formatHex(raw));
    }
    assertThat(output).doesNotContain("ECHOED");
  }
}
