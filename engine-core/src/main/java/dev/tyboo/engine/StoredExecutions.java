package dev.tyboo.engine;

import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.internal.executor.DurableExecutor;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The host's trusted {@link ExecutionAdmin} of a durable engine. */
final class StoredExecutions implements ExecutionAdmin {

  private final DurableExecutor durable;
  private final ExecutionStore store;

  StoredExecutions(DurableExecutor durable, ExecutionStore store) {
    this.durable = durable;
    this.store = store;
  }

  @Override
  public Optional<Execution> find(ExecutionId id) {
    Objects.requireNonNull(id, "id");
    return store.find(id).map(r -> durable.handle(id));
  }

  @Override
  public Page<ExecutionRecord> query(ExecutionQuery query) {
    require(store, ExecutionStore.Capability.QUERIES, "query");
    return store.query(Objects.requireNonNull(query, "query"));
  }

  @Override
  public Page<ExecutionRecord> deadLetters(int offset, int limit) {
    return query(
        ExecutionQuery.builder().status(ExecutionStatus.FAILED).page(offset, limit).build());
  }

  @Override
  public List<ExecutionRecord> children(ExecutionId parent) {
    return query(
            ExecutionQuery.builder()
                .parent(Objects.requireNonNull(parent, "parent"))
                .page(0, ExecutionQuery.MAX_LIMIT)
                .build())
        .items();
  }

  @Override
  public boolean cancel(ExecutionId id) {
    return durable.cancel(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Execution resumeFromFailure(ExecutionId id) {
    return durable.endedExecutions().resumeFromFailure(Objects.requireNonNull(id, "id"));
  }

  @Override
  public Execution retry(ExecutionId id, String fromNodeId) {
    return durable
        .endedExecutions()
        .retry(Objects.requireNonNull(id, "id"), Objects.requireNonNull(fromNodeId, "fromNodeId"));
  }

  @Override
  public Execution rerun(ExecutionId id) {
    return durable.endedExecutions().rerun(Objects.requireNonNull(id, "id"));
  }

  @Override
  public int deleteFinishedBefore(Instant before, String workflowName) {
    require(store, ExecutionStore.Capability.RETENTION, "deleteFinishedBefore");
    return store.deleteFinishedBefore(Objects.requireNonNull(before, "before"), workflowName);
  }

  @Override
  public int keepNewest(String workflowName, int keep) {
    require(store, ExecutionStore.Capability.RETENTION, "keepNewest");
    return store.deleteAllButNewest(Objects.requireNonNull(workflowName, "workflowName"), keep);
  }

  /**
   * Fails unless the store has a capability.
   *
   * @throws UnsupportedCapabilityException naming the operation, the capability and the store
   */
  static void require(
      ExecutionStore store, ExecutionStore.Capability capability, String operation) {
    if (!store.capabilities().contains(capability)) {
      throw new UnsupportedCapabilityException(
          operation
              + " needs "
              + capability
              + ", which the execution store "
              + store.getClass().getName()
              + " does not support");
    }
  }
}
