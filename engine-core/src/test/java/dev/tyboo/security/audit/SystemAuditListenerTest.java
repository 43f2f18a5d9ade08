package dev.tyboo.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemAuditListenerTest {

  @Test
  void an_engine_with_an_audit_log_records_its_executions_and_failures_by_tenant() {
    AuditLog log = AuditLog.inMemory();
    try (Engine engine = Engine.builder().auditLog(log).build()) {
      Workflow failing =
          Workflow.named("acme/orders")
              .node(
                  "charge",
                  ctx -> {
                    throw new NonRetryableNodeException("card declined");
                  })
              .build();

      assertThat(engine.run(failing, Item.listOf(Map.of())).status())
          .isEqualTo(ExecutionStatus.FAILED);
    }

    List<AuditRecord> records = log.read(AuditQuery.all());
    assertThat(records)
        .extracting(r -> r.event().action())
        .containsExactly("execution.started", "node.failed", "execution.failed");
    assertThat(records).allMatch(r -> r.event().tenant().equals("acme"));
    assertThat(records).allMatch(r -> r.event().actor().equals(SystemAuditListener.SYSTEM));
    assertThat(records.get(1).detail())
        .containsEntry("node", "charge")
        .containsEntry("message", "card declined");
    assertThat(AuditChain.verify(log).intact()).isTrue();
    assertThat(WorkflowRef.parse("host-workflow").isHosts()).isTrue();
  }
}
