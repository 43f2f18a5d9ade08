package dev.tyboo.spi.store;

import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.ExecutionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps executions and the checkpoints of their node runs. Updates are optimistic (each record
 * carries a revision); checkpoints are fenced (a worker whose lease was superseded cannot write any
 * more). Failed executions, kept with every node's data, are the dead letters.
 *
 * <p>A store that can make a claim's first write, or a group of checkpoints, in fewer round trips
 * implements {@link BatchedWrites} too; the engine composes them from this interface otherwise. A
 * store that keeps node steps and memories implements {@link NodeStore} too.
 *
 * <p>Implementations must be thread-safe (and safe across processes when shared); every
 * implementation's test extends the contract test {@code ExecutionStoreContract} of engine-testkit.
 */
public interface ExecutionStore {

  /**
   * The fencing token that passes every fence: the engine writes with it only to executions that no
   * worker may hold (an ended execution being repaired for a resume or a retry).
   */
  long UNFENCED = Long.MAX_VALUE;

  /**
   * Optional features; asking for a missing one throws {@link
   * dev.tyboo.error.UnsupportedCapabilityException}.
   */
  enum Capability {
    /** {@link #query} filters and pages. */
    QUERIES,
    /** {@link #deleteFinishedBefore} and {@link #deleteAllButNewest}. */
    RETENTION,
    /** {@link #tagSubject} and {@link #subjectExecutions}: data-subject tags. */
    SUBJECTS
  }

  /** The longest data-subject id a store must accept. */
  int MAX_SUBJECT_LENGTH = 255;

  /** {@return what this implementation supports} */
  default Set<Capability> capabilities() {
    return Set.of(Capability.values());
  }

  /** {@return a store in this process's memory} */
  static ExecutionStore inMemory() {
    return new InMemoryExecutionStore();
  }

  /**
   * Stores a new execution.
   *
   * @param record the record, with revision 0
   * @return the stored record, with revision 1
   * @throws dev.tyboo.error.StorageException when an execution with that id exists
   */
  ExecutionRecord create(ExecutionRecord record);

  /**
   * {@return the execution, if stored}
   *
   * @param id an execution id
   */
  Optional<ExecutionRecord> find(ExecutionId id);

  /**
   * Replaces an execution's record if nobody changed it since it was read.
   *
   * @param record the new content, carrying the revision it was read at
   * @return the stored record, with the next revision
   * @throws dev.tyboo.error.ConcurrentUpdateException when the stored revision differs (nothing
   *     written)
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  ExecutionRecord update(ExecutionRecord record);

  /**
   * Announces a new lease holder: from now on checkpoints with an older fencing token are refused.
   * A worker does this as its claim begins and then needs the record, so it is returned, read in
   * the same round trip where the store can.
   *
   * @param id the execution
   * @param fencingToken the new holder's token
   * @return the record as stored once fenced
   * @throws dev.tyboo.error.StaleLeaseException when a newer token was already announced
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  ExecutionRecord fence(ExecutionId id, long fencingToken);

  /**
   * {@link #update Updates} an execution's record for the holder of a fencing token: refused when a
   * newer token was announced, as a checkpoint is; in one statement where the store can. The
   * default calls {@link #fence} (which refuses a stale token and changes nothing for the current
   * one) then {@link #update}.
   *
   * @param record the new content, carrying the revision it was read at
   * @param fencingToken the writer's lease token
   * @return the stored record, with the next revision
   * @throws dev.tyboo.error.StaleLeaseException when a newer token was announced (nothing written)
   * @throws dev.tyboo.error.ConcurrentUpdateException when the stored revision differs (nothing
   *     written)
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  default ExecutionRecord updateFenced(ExecutionRecord record, long fencingToken) {
    fence(record.id(), fencingToken);
    return update(record);
  }

  /**
   * Records a node run, replacing an earlier record of the same node and run index.
   *
   * @param run the node run
   * @param fencingToken the writer's lease token
   * @throws dev.tyboo.error.StaleLeaseException when a newer token was announced (nothing written)
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  void checkpoint(NodeRunRecord run, long fencingToken);

  /**
   * Ends a wait, unfenced: replaces the node run with the same execution, node and run index by
   * {@code finished}, but only if the stored one is {@code WAITING} (an atomic compare-and-set: of
   * a resume and a due time that race, one wins).
   *
   * @param finished the node run's new record; not {@code WAITING}
   * @return whether the stored run was waiting and is now replaced
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  boolean resolveWait(NodeRunRecord finished);

  /**
   * {@return the execution's node runs, in the order they were first recorded}
   *
   * @param id the execution
   */
  List<NodeRunRecord> nodeRuns(ExecutionId id);

  /**
   * {@return matching executions, newest first (by creation time, then id)}
   *
   * @param query what to list
   */
  Page<ExecutionRecord> query(ExecutionQuery query);

  /**
   * Deletes an execution and its node runs.
   *
   * @param id the execution
   * @return whether it existed
   */
  boolean delete(ExecutionId id);

  /**
   * Retention by age: deletes ended executions (and their node runs) that finished before a time.
   *
   * @param before the cut-off
   * @param workflowName only this workflow, or {@code null} for all
   * @return how many executions were deleted
   */
  int deleteFinishedBefore(Instant before, String workflowName);

  /**
   * Retention by count: keeps the newest {@code keep} ended executions of a workflow, deletes the
   * rest.
   *
   * @param workflowName the workflow
   * @param keep how many ended executions to keep
   * @return how many executions were deleted
   */
  int deleteAllButNewest(String workflowName, int keep);

  /**
   * Tags an execution with a data subject: a person its data is about (a customer id, an e-mail
   * address, ...), so that {@code Engine.eraseSubject} and {@code Engine.exportSubject} find it.
   * Tagging twice is harmless; deleting the execution removes its tags.
   *
   * @param id the execution
   * @param subjectId the subject's id: not blank, at most {@value #MAX_SUBJECT_LENGTH} characters
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   * @throws IllegalArgumentException when the subject id is blank or too long
   * @throws dev.tyboo.error.UnsupportedCapabilityException without {@link Capability#SUBJECTS}
   */
  default void tagSubject(ExecutionId id, String subjectId) {
    throw new UnsupportedCapabilityException(
        getClass().getName() + " does not keep data-subject tags");
  }

  /**
   * {@return the executions tagged with a data subject, in no particular order}
   *
   * @param subjectId the subject's id
   * @throws dev.tyboo.error.UnsupportedCapabilityException without {@link Capability#SUBJECTS}
   */
  default List<ExecutionId> subjectExecutions(String subjectId) {
    throw new UnsupportedCapabilityException(
        getClass().getName() + " does not keep data-subject tags");
  }

  /**
   * {@return the subject id, checked}
   *
   * @param subjectId a data-subject id
   * @throws IllegalArgumentException when it is blank or longer than {@value #MAX_SUBJECT_LENGTH}
   */
  static String checkSubject(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    if (subjectId.isBlank() || subjectId.length() > MAX_SUBJECT_LENGTH) {
      throw new IllegalArgumentException(
          "a data-subject id must be 1 to "
              + MAX_SUBJECT_LENGTH
              + " characters and not blank, was '"
              + subjectId
              + "'");
    }
    return subjectId;
  }
}
