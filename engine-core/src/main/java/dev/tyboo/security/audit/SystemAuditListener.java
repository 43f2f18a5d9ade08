package dev.tyboo.security.audit;

import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionEvent.CredentialUsed;
import dev.tyboo.execution.ExecutionEvent.ExecutionFinished;
import dev.tyboo.execution.ExecutionEvent.ExecutionStarted;
import dev.tyboo.execution.ExecutionEvent.NodeFailed;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.spi.audit.AuditEvent;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.workflow.WorkflowRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records the engine's own events in an audit log, with the actor {@code system}: {@code
 * execution.started}, {@code execution.failed} (the execution is now a dead letter), {@code
 * execution.cancelled}, {@code node.failed} and {@code credential.use} (a node was lent a
 * credential; target {@code <type>:<name>}, never its data). The tenant is the first segment of the
 * workflow's name ({@code acme/orders}, as {@code Engine.as} deploys it), or empty for the host's
 * own workflows. Engines given an audit log register one.
 */
public final class SystemAuditListener implements ExecutionListener {

  /** The actor of the engine's own records. */
  public static final String SYSTEM = "system";

  private final AuditLog log;

  /**
   * Creates the listener.
   *
   * @param log where to record
   */
  public SystemAuditListener(AuditLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void onEvent(ExecutionEvent event) {
    switch (event) {
      case ExecutionStarted e ->
          append(
              e.workflowName(), e.at(), "execution.started", e.executionId().toString(), Map.of());
      case ExecutionFinished e when e.status() == ExecutionStatus.FAILED ->
          append(
              e.workflowName(),
              e.at(),
              "execution.failed",
              e.executionId().toString(),
              error(e.error()));
      case ExecutionFinished e when e.status() == ExecutionStatus.CANCELLED ->
          append(
              e.workflowName(),
              e.at(),
              "execution.cancelled",
              e.executionId().toString(),
              Map.of());
      case CredentialUsed e ->
          append(
              e.workflowName(),
              e.at(),
              "credential.use",
              e.credentialType() + ":" + e.credentialName(),
              Map.of("execution", e.executionId().toString(), "node", e.nodeId()));
      case NodeFailed e -> {
        Map<String, Object> detail = error(e.error());
        detail.put("node", e.nodeId());
        detail.put("attempt", e.attempt());
        append(e.workflowName(), e.at(), "node.failed", e.executionId().toString(), detail);
      }
      default -> {}
    }
  }

  private static Map<String, Object> error(dev.tyboo.error.NodeExecutionException error) {
    Map<String, Object> detail = new LinkedHashMap<>();
    if (error != null) {
      detail.put("error", error.getClass().getSimpleName());
      detail.put("message", String.valueOf(error.detail()));
    }
    return detail;
  }

  private void append(
      String workflow,
      java.time.Instant at,
      String action,
      String target,
      Map<String, Object> detail) {
    Map<String, Object> d = new LinkedHashMap<>(detail);
    d.put("workflow", workflow);
    log.append(new AuditEvent(at, WorkflowRef.parse(workflow).tenant(), SYSTEM, action, target, d));
  }
}
