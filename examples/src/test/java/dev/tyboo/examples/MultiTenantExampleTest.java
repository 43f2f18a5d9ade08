package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultiTenantExampleTest {

  @Test
  void tours_tenants_credentials_access_gdpr_and_audit() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      MultiTenantExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("acme ran greet: SUCCEEDED")
        .contains("greeting=Hello Ana Lima")
        .contains("keyLength=" + "token-of-acme".length())
        .contains("viewer refused: principal 'vic' of tenant 'acme' may not start executions")
        .contains("globex sees acme's execution: false")
        .contains("export of customer-7: 1 execution(s), mentions Ana Lima: true")
        .contains("erased customer-7: 1 execution(s); still stored: false")
        .containsPattern("audit: \\d+ records, chain intact: true")
        .doesNotContain("token-of-acme");
  }
}
