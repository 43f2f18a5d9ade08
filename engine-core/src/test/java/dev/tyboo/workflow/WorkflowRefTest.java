package dev.tyboo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkflowRefTest {

  @Test
  void reads_and_writes_the_stored_name() {
    assertThat(WorkflowRef.parse("orders")).isEqualTo(WorkflowRef.of("", "orders"));
    assertThat(WorkflowRef.parse("acme/orders")).isEqualTo(WorkflowRef.of("acme", "orders"));
    assertThat(WorkflowRef.parse("acme/orders#loop#body"))
        .isEqualTo(WorkflowRef.of("acme", "orders#loop#body"));
    assertThat(WorkflowRef.parse("orders#loop#body").isHosts()).isTrue();
    assertThat(WorkflowRef.of("acme", "orders").qualifiedName()).isEqualTo("acme/orders");
    assertThat(WorkflowRef.of("", "orders").qualifiedName()).isEqualTo("orders");
  }

  @Test
  void a_workflow_starts_workflows_of_its_own_tenant_only() {
    WorkflowRef acme = WorkflowRef.parse("acme/orders");
    assertThat(acme.resolve("billing").qualifiedName()).isEqualTo("acme/billing");
    assertThat(acme.resolve("acme/billing").qualifiedName()).isEqualTo("acme/billing");
    assertThat(acme.resolve("globex/billing").qualifiedName())
        .as("another tenant's name stays inside acme")
        .isEqualTo("acme/globex/billing");
    WorkflowRef host = WorkflowRef.parse("orders");
    assertThat(host.resolve("billing").qualifiedName()).isEqualTo("billing");
    assertThat(host.resolve("acme/billing").qualifiedName()).isEqualTo("acme/billing");
    // a host workflow named like a tenant path is still the host's: its loop body too
    assertThat(WorkflowRef.parse("orders#loop#body").resolve("billing").qualifiedName())
        .isEqualTo("billing");
  }

  @Test
  void belongs_to_one_tenant() {
    assertThat(WorkflowRef.parse("acme/orders").belongsTo("acme")).isTrue();
    assertThat(WorkflowRef.parse("acmeX/orders").belongsTo("acme")).isFalse();
    assertThat(WorkflowRef.parse("acme").belongsTo("acme"))
        .as("a host workflow named acme")
        .isFalse();
  }

  @Test
  void refuses_a_tenant_with_a_slash_and_an_empty_name() {
    assertThatThrownBy(() -> WorkflowRef.of("a/b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkflowRef.of("acme", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
