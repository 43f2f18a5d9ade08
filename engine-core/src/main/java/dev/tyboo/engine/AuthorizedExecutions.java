package dev.tyboo.engine;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.security.access.Permission;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ExecutionAdmin} for one principal: each operation checks its permission, then keeps to the
 * principal's tenant. Another tenant's execution is reported as not found; workflow names are the
 * tenant's own (without the tenant). Changes are audited.
 */
final class AuthorizedExecutions implements ExecutionAdmin {

  private final AuthorizedEngine auth;
  private final ExecutionAdmin trusted;

  AuthorizedExecutions(AuthorizedEngine auth, ExecutionAdmin trusted) {
    this.auth = auth;
    this.trusted = trusted;
  }

  private ExecutionRecord owned(ExecutionRecord r) {
    return auth.ours(r.workflowName()) ? r : null;
  }

  private void requireOwn(ExecutionId id) {
    auth.own(Objects.requireNonNull(id, "id"))
        .orElseThrow(() -> new ExecutionNotFoundException(id.toString()));
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_READ}
   */
  @Override
  public Optional<Execution> find(ExecutionId id) {
    auth.require(Permission.EXECUTION_READ, "read executions", String.valueOf(id));
    return auth.own(Objects.requireNonNull(id, "id"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>A query that names a workflow (the tenant's name for it) reads that workflow's executions
   * only; one that does not reads every matching execution of every tenant to keep the tenant's, so
   * name the workflow where you can.
   *
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_READ}
   */
  @Override
  public Page<ExecutionRecord> query(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    auth.require(
        Permission.EXECUTION_READ, "read executions", String.valueOf(query.workflowName()));
    if (query.workflowName() != null) {
      return trusted.query(query.withWorkflow(auth.stored(query.workflowName())));
    }
    List<ExecutionRecord> page = new ArrayList<>();
    long total = 0;
    for (int from = 0; ; from += ExecutionQuery.MAX_LIMIT) {
      Page<ExecutionRecord> all = trusted.query(query.withPage(from, ExecutionQuery.MAX_LIMIT));
      for (ExecutionRecord r : all.items()) {
        if (owned(r) != null) {
          if (total >= query.offset() && page.size() < query.limit()) {
            page.add(r);
          }
          total++;
        }
      }
      if (!all.hasMore() || all.items().isEmpty()) {
        return new Page<>(page, total, query.offset());
      }
    }
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_READ}
   */
  @Override
  public Page<ExecutionRecord> deadLetters(int offset, int limit) {
    return query(
        ExecutionQuery.builder().status(ExecutionStatus.FAILED).page(offset, limit).build());
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_READ}
   * @throws ExecutionNotFoundException when the parent is not the tenant's
   */
  @Override
  public List<ExecutionRecord> children(ExecutionId parent) {
    auth.require(Permission.EXECUTION_READ, "read executions", String.valueOf(parent));
    requireOwn(parent);
    return trusted.children(parent).stream().filter(r -> owned(r) != null).toList();
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_CANCEL}
   */
  @Override
  public boolean cancel(ExecutionId id) {
    auth.require(Permission.EXECUTION_CANCEL, "cancel executions", String.valueOf(id));
    requireOwn(id);
    boolean cancelled = trusted.cancel(id);
    auth.record("execution.cancel", id.toString(), Map.of("cancelled", cancelled));
    return cancelled;
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_RESUME}
   */
  @Override
  public Execution resumeFromFailure(ExecutionId id) {
    auth.require(Permission.EXECUTION_RESUME, "resume executions", String.valueOf(id));
    requireOwn(id);
    Execution run = trusted.resumeFromFailure(id);
    auth.record("execution.resume_from_failure", id.toString(), Map.of());
    return run;
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_RESUME}
   */
  @Override
  public Execution retry(ExecutionId id, String fromNodeId) {
    auth.require(Permission.EXECUTION_RESUME, "retry executions", String.valueOf(id));
    requireOwn(id);
    Execution run = trusted.retry(id, fromNodeId);
    auth.record("execution.retry", id.toString(), Map.of("from", fromNodeId));
    return run;
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#EXECUTION_RESUME}
   */
  @Override
  public Execution rerun(ExecutionId id) {
    auth.require(Permission.EXECUTION_RESUME, "rerun executions", String.valueOf(id));
    requireOwn(id);
    Execution run = trusted.rerun(id);
    auth.record("execution.rerun", id.toString(), Map.of("new", run.id().toString()));
    return run;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#ADMIN}
   * @throws IllegalArgumentException without a workflow name: a principal's retention is per
   *     workflow
   */
  @Override
  public int deleteFinishedBefore(Instant before, String workflowName) {
    auth.require(Permission.ADMIN, "delete executions", String.valueOf(workflowName));
    if (workflowName == null) {
      throw new IllegalArgumentException(
          "name the workflow: a principal deletes the executions of one of its workflows at a"
              + " time");
    }
    int deleted = trusted.deleteFinishedBefore(before, auth.stored(workflowName));
    auth.record(
        "execution.delete", workflowName, Map.of("before", before.toString(), "deleted", deleted));
    return deleted;
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#ADMIN}
   */
  @Override
  public int keepNewest(String workflowName, int keep) {
    auth.require(Permission.ADMIN, "delete executions", String.valueOf(workflowName));
    int deleted =
        trusted.keepNewest(auth.stored(Objects.requireNonNull(workflowName, "workflowName")), keep);
    auth.record("execution.delete", workflowName, Map.of("kept", keep, "deleted", deleted));
    return deleted;
  }
}
