package dev.tyboo.engine;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.internal.executor.DurableExecutor;
import dev.tyboo.internal.executor.SubjectData;
import dev.tyboo.security.privacy.SubjectErasure;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.time.Clock;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@link SubjectRights} of a durable engine, over the executions of the workflows a predicate
 * accepts (all, for the host; one tenant's, for a principal), audited as a given actor.
 */
final class StoredSubjects implements SubjectRights {

  private final DurableExecutor durable;
  private final ExecutionStore store;
  private final BinaryStore binaryStore;
  private final AuditLog auditLog;
  private final Clock clock;
  private final Duration grace;
  private final Predicate<String> workflows;
  private final String tenant;
  private final String actor;
  private final String actorTenant;

  StoredSubjects(
      DurableExecutor durable,
      ExecutionStore store,
      BinaryStore binaryStore,
      AuditLog auditLog,
      Clock clock,
      Duration grace,
      Predicate<String> workflows,
      String tenant,
      String actor,
      String actorTenant) {
    this.durable = durable;
    this.store = store;
    this.binaryStore = binaryStore;
    this.auditLog = auditLog;
    this.clock = clock;
    this.grace = grace;
    this.workflows = workflows;
    this.tenant = tenant;
    this.actor = actor;
    this.actorTenant = actorTenant;
  }

  /**
   * {@return the same rights over the executions of the workflows {@code scope} accepts, audited as
   * {@code actor} of {@code tenant}}
   */
  StoredSubjects scoped(Predicate<String> scope, String tenant, String actor) {
    return new StoredSubjects(
        durable, store, binaryStore, auditLog, clock, grace, scope, tenant, actor, tenant);
  }

  private SubjectData data() {
    StoredExecutions.require(store, ExecutionStore.Capability.SUBJECTS, "subjects");
    StoredExecutions.require(store, ExecutionStore.Capability.QUERIES, "subjects");
    return new SubjectData(durable, store, binaryStore, auditLog, clock);
  }

  @Override
  public void tag(ExecutionId id, String subjectId) {
    StoredExecutions.require(store, ExecutionStore.Capability.SUBJECTS, "tag");
    store.tagSubject(Objects.requireNonNull(id, "id"), subjectId);
  }

  @Override
  public SubjectErasure erase(String subjectId) {
    return data().erase(subjectId, workflows, tenant, actor, actorTenant, grace);
  }

  @Override
  public int export(String subjectId, OutputStream out) {
    return data()
        .export(
            subjectId, workflows, tenant, actor, actorTenant, Objects.requireNonNull(out, "out"));
  }
}
