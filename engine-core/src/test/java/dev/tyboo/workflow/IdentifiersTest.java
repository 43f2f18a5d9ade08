package dev.tyboo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.InvalidIdentifierException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.testing.TestNodes;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The identifier table: what node ids, workflow names, credential names and tenant ids may be. */
class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "load",
        "HTTP Request",
        "step_2-b.final",
        "Bestellungen prüfen",
        "注文",
        "заказы",
        "طلبات",
        "करें", // Devanagari with combining marks inside
        "send (retry), then: log & notify + ack@team"
      })
  void should_accept_letters_of_any_script_digits_and_plain_punctuation(String id) {
    assertThat(Identifiers.problem("node id", id)).isEmpty();
    assertThat(Workflow.named("w").node(id, TestNodes.set("x", 1)).build().nodes().getFirst().id())
        .isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "zero-width space      | a\u200Bb          | U+200B",
        "zero-width joiner     | a\u200Db          | U+200D",
        "right-to-left override| invoice\u202Etxt.exe | U+202E",
        "left-to-right isolate | a\u2066b          | U+2066",
        "byte order mark       | \uFEFFload        | U+FEFF",
        "no-break space        | a\u00A0b          | U+00A0",
        "tab                   | a\tb              | U+0009",
        "slash                 | orders/helper     | U+002F",
        "hash                  | a#b               | U+0023",
        "dollar                | $json             | U+0024",
        "braces                | '{{ x }}'         | U+007B",
        "bracket               | a[0]              | U+005B",
        "quote                 | it's              | U+0027",
        "backslash             | a\\b              | U+005C",
        "emoji                 | go🚀              | U+1F680",
        "leading mark          | \u0301a           | U+0301",
      })
  void should_refuse_invisible_bidi_and_meaningful_characters_naming_them(
      String what, String id, String named) {
    assertThat(Identifiers.problem("node id", id))
        .hasValueSatisfying(p -> assertThat(p).contains(named).doesNotContain("\u202E"));
    assertThatThrownBy(() -> Workflow.named("w").node(id, TestNodes.set("x", 1)).build())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining(named);
    if (!id.equals("orders/helper")) { // a tenant's workflow, as the host may name it
      assertThatThrownBy(() -> Workflow.named(id).node("a", TestNodes.set("x", 1)).build())
          .as("as a workflow name")
          .isInstanceOf(WorkflowValidationException.class);
    }
    assertThatThrownBy(() -> Principal.of("u", id, Role.ADMIN))
        .as("as a tenant id")
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining(named);
    CredentialVault vault =
        CredentialVault.builder(
                CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", new byte[32])))
            .build();
    assertThatThrownBy(
            () -> vault.create("acme", "httpBearerAuth", id, Map.of("token", "t0ken-value")))
        .as("as a credential name")
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining(named);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " a", "a ", "\uD800", "a\uDC00b"})
  void should_refuse_empty_padded_and_lone_surrogate_ids(String id) {
    assertThat(Identifiers.problem("node id", id)).isPresent();
  }

  @org.junit.jupiter.api.Test
  void should_escape_what_cannot_be_seen_in_messages() {
    assertThat(Identifiers.problem("node id", "a\u202Eb").orElseThrow())
        .contains("'a\\u202eb'")
        .contains("RIGHT-TO-LEFT OVERRIDE");
    assertThat(Identifiers.problem("node id", "a".repeat(201))).isPresent();
  }

  @org.junit.jupiter.api.Test
  void should_read_tenants_and_embedded_workflows_from_names() {
    assertThat(Identifiers.tenantOf("orders")).isEmpty();
    assertThat(Identifiers.tenantOf("orders#loop#body")).isEmpty();
    assertThat(Identifiers.tenantOf("acme/orders#loop#body")).isEqualTo("acme");
    assertThat(Identifiers.workflowNameProblem("acme/orders#loop#body")).isEmpty();
    assertThat(Identifiers.workflowNameProblem("acme/orders/x")).isPresent();
    assertThat(Identifiers.workflowNameProblem("a\u200B/orders")).isPresent();
  }
}
