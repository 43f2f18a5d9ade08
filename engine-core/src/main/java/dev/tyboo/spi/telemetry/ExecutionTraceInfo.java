package dev.tyboo.spi.telemetry;

import dev.tyboo.execution.ExecutionId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Telemetry} learns when a run of an execution begins.
 *
 * @param executionId the execution
 * @param workflowName its workflow's name
 * @param workflowVersion the workflow version it runs (1 in an engine without storage)
 * @param tenant the tenant ({@code acme} of {@code acme/orders}), or empty for the host's own
 * @param parentId the execution that started it as a sub-workflow, or {@code null}
 * @param durable whether the engine keeps it in a storage (a failed one is then a dead letter)
 * @param incomingHeaders the W3C trace-context headers it was started with ({@code traceparent},
 *     {@code tracestate}, lower case), taken from the first input item's {@code headers} (as a
 *     webhook trigger emits them) or its top-level fields; empty when none
 * @param at when the run began
 */
public record ExecutionTraceInfo(
    ExecutionId executionId,
    String workflowName,
    int workflowVersion,
    String tenant,
    ExecutionId parentId,
    boolean durable,
    Map<String, String> incomingHeaders,
    Instant at) {

  /** Validates and copies the components. */
  public ExecutionTraceInfo {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(at, "at");
    incomingHeaders = Map.copyOf(incomingHeaders);
  }
}
