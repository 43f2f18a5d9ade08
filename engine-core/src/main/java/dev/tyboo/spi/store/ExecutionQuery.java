package dev.tyboo.spi.store;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which executions to list, newest first, one page at a time. Failed executions are the dead
 * letters: {@code ExecutionQuery.builder().status(ExecutionStatus.FAILED).build()}.
 *
 * @param statuses the statuses to include; empty for all
 * @param workflowName only this workflow, or {@code null} for all
 * @param parentId only children of this execution, or {@code null}
 * @param createdFrom only executions created at or after this, or {@code null}
 * @param createdBefore only executions created before this, or {@code null}
 * @param offset how many matching executions to skip
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record ExecutionQuery(
    Set<ExecutionStatus> statuses,
    String workflowName,
    ExecutionId parentId,
    Instant createdFrom,
    Instant createdBefore,
    int offset,
    int limit) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  /** Validates and copies the components. */
  public ExecutionQuery {
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** {@return a builder for the first 100 executions of any kind} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return whether a record matches (ignoring offset and limit)}
   *
   * @param r a record
   */
  public boolean matches(ExecutionRecord r) {
    return (statuses.isEmpty() || statuses.contains(r.status()))
        && (workflowName == null || workflowName.equals(r.workflowName()))
        && (parentId == null || parentId.equals(r.parentId()))
        && (createdFrom == null || !r.createdAt().isBefore(createdFrom))
        && (createdBefore == null || r.createdAt().isBefore(createdBefore));
  }

  /**
   * {@return this query for another workflow (or for all, with {@code null})}
   *
   * @param name the workflow's name
   */
  public ExecutionQuery withWorkflow(String name) {
    return new ExecutionQuery(statuses, name, parentId, createdFrom, createdBefore, offset, limit);
  }

  /**
   * {@return this query for another page}
   *
   * @param offset how many matching executions to skip
   * @param limit the page size, 1 to {@value #MAX_LIMIT}
   */
  public ExecutionQuery withPage(int offset, int limit) {
    return new ExecutionQuery(
        statuses, workflowName, parentId, createdFrom, createdBefore, offset, limit);
  }

  /** Builds an {@link ExecutionQuery}. Not thread-safe. */
  public static final class Builder {
    private final Set<ExecutionStatus> statuses = EnumSet.noneOf(ExecutionStatus.class);
    private String workflowName;
    private ExecutionId parentId;
    private Instant createdFrom;
    private Instant createdBefore;
    private int offset;
    private int limit = 100;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param status a status to include (call again for more)
     */
    public Builder status(ExecutionStatus status) {
      statuses.add(Objects.requireNonNull(status, "status"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param name only this workflow
     */
    public Builder workflow(String name) {
      this.workflowName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param parent only children of this execution
     */
    public Builder parent(ExecutionId parent) {
      this.parentId = Objects.requireNonNull(parent, "parent");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param from created at or after
     * @param before created before
     */
    public Builder createdBetween(Instant from, Instant before) {
      this.createdFrom = from;
      this.createdBefore = before;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param offset matching executions to skip
     * @param limit page size
     */
    public Builder page(int offset, int limit) {
      this.offset = offset;
      this.limit = limit;
      return this;
    }

    /** {@return the query} */
    public ExecutionQuery build() {
      return new ExecutionQuery(
          statuses, workflowName, parentId, createdFrom, createdBefore, offset, limit);
    }
  }
}
