package dev.tyboo.nodes.messaging.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.nodes.messaging.CrashSchema;
import dev.tyboo.nodes.messaging.TriggerProcessMain;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once, started once, across a crash, on an IMAP mailbox: an engine process stores the
 * execution an email starts and dies before marking the email; the next engine finds it unmarked,
 * hands it off again, finds the execution already stored, runs it and marks the email.
 */
class EmailTriggerCrashTest {

  @Test
  void an_email_whose_process_died_before_marking_it_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    mail.start();
    try (CrashSchema db = new CrashSchema()) {
      mail.setUser("ada@example.com", "ada", "ada-pass");
      GreenMailUtil.sendTextEmail(
          "ada@example.com", "shop@example.com", "Order 1", "one", mail.getSmtp().getServerSetup());
      String imapPort = String.valueOf(mail.getImap().getPort());

      Path log = dir.resolve("first.log");
      Process first =
          TriggerProcessMain.launch(
              log, db.url, CrashSchema.USER, "email", imapPort, "first", "true");
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
      assertThat(first.exitValue())
          .as("halted before marking:\n%s", Files.readString(log))
          .isEqualTo(TriggerProcessMain.HALTED);
      assertThat(db.executions()).hasSize(1);
      ExecutionId expected = ExecutionId.of(db.executions().getFirst());

      InMemoryCredentialProvider credentials =
          TriggerProcessMain.credentials(mail.getImap().getPort());
      ExecutionId[] again = new ExecutionId[1];
      try (Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
          Triggers triggers =
              Triggers.builder(engine)
                  .credentials(credentials)
                  .beforeAcknowledge((id, execution) -> again[0] = execution.id())
                  .build()) {
        triggers.register(TriggerProcessMain.workflow("email", imapPort));
        triggers.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((again[0] == null || !"SUCCEEDED".equals(db.status(expected)))
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(again[0]).as("handed off again, to the stored execution").isEqualTo(expected);
        assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
      }
      assertThat(db.executions()).as("one email, one execution").containsExactly(expected.value());
    } finally {
      mail.stop();
    }
  }
}
