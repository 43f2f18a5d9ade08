package dev.tyboo.ai.agent;

import java.util.Objects;

/**
 * What a tool call knows of the agent run that makes it.
 *
 * @param idempotencyKey the same for every attempt of this one call, in every process: hand it to
 *     the service the tool calls so that it can deduplicate (a call that completed but was not
 *     recorded before a crash is made again, with this key)
 * @param executionId the execution
 * @param nodeId the agent node
 * @param tenant the workflow's tenant; empty for the host's own
 */
public record ToolInvocation(
    String idempotencyKey, String executionId, String nodeId, String tenant) {

  /** Validates the components. */
  public ToolInvocation {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(nodeId, "nodeId");
    tenant = tenant == null ? "" : tenant;
  }
}
