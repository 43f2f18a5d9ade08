package dev.tyboo.engine;

import dev.tyboo.spi.store.ExecutionStore;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How to start an execution, beyond its workflow and items ({@link Engine#start(
 * dev.tyboo.workflow.Workflow, java.util.List, StartOptions)}).
 *
 * @param subjects the data subjects the execution's data is about: the execution is stored already
 *     tagged with them (in the same transaction, where the storage has them), so that {@link
 *     SubjectRights#erase} and {@link SubjectRights#export} reach it whatever happens next
 * @param deduplicationKey what makes this start the same as an earlier one, or {@code null}: the
 *     engine starts at most one execution of a workflow per key, and a start with a key it has seen
 *     returns the execution the first start made. A trigger gives the message id of what it
 *     received, so that a message delivered twice (after a crash, before its acknowledgement)
 *     starts one execution. A durable engine derives the execution's id from the key ({@link
 *     dev.tyboo.execution.ExecutionId#forKey(String, String)}), so that every process sharing its
 *     database agrees, and remembers the key as long as it keeps the execution; an engine without
 *     storage remembers its last {@value #IN_MEMORY_KEYS} keys for a day.
 * @param onCallingThread whether the thread that starts the execution runs it as far as it goes
 *     (until it ends, waits, or forks into branches) before the start returns, instead of handing
 *     it to the engine's threads: no hand-off for short workflows (a webhook answered in process),
 *     at the price of a caller that is busy while nodes run. Only an engine without storage does
 *     this, and only for a start without a deduplication key (the key is claimed first, and no node
 *     runs while it is); a durable engine queues the execution either way
 */
public record StartOptions(Set<String> subjects, String deduplicationKey, boolean onCallingThread) {

  /** How many deduplication keys an engine without storage remembers. */
  public static final int IN_MEMORY_KEYS =
      dev.tyboo.internal.executor.InMemoryExecutor.REMEMBERED_KEYS;

  /** Longest deduplication key, in characters. */
  public static final int MAX_KEY_LENGTH = 1_000;

  /** Validates and copies the components. */
  public StartOptions {
    subjects = subjects == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(subjects));
    subjects.forEach(ExecutionStore::checkSubject);
    if (deduplicationKey != null
        && (deduplicationKey.isEmpty() || deduplicationKey.length() > MAX_KEY_LENGTH)) {
      throw new IllegalArgumentException(
          "deduplicationKey must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
  }

  /**
   * Options with data subjects and a deduplication key, run on the engine's threads.
   *
   * @param subjects the data subjects
   * @param deduplicationKey the deduplication key, or {@code null}
   */
  public StartOptions(Set<String> subjects, String deduplicationKey) {
    this(subjects, deduplicationKey, false);
  }

  /**
   * Options with data subjects only.
   *
   * @param subjects the data subjects
   */
  public StartOptions(Set<String> subjects) {
    this(subjects, null);
  }

  /** {@return no options} */
  public static StartOptions none() {
    return new StartOptions(Set.of(), null);
  }

  /**
   * {@return options that start at most one execution per key}
   *
   * @param key the deduplication key, for example a message id: 1 to {@value #MAX_KEY_LENGTH}
   *     characters
   * @throws IllegalArgumentException when the key is empty or too long
   */
  public static StartOptions deduplicatedBy(String key) {
    return new StartOptions(Set.of(), java.util.Objects.requireNonNull(key, "key"));
  }

  /**
   * {@return these options with a deduplication key}
   *
   * @param key the deduplication key
   * @throws IllegalArgumentException when the key is empty or too long
   */
  public StartOptions withDeduplicationKey(String key) {
    return new StartOptions(
        subjects, java.util.Objects.requireNonNull(key, "key"), onCallingThread);
  }

  /**
   * {@return these options, run on the calling thread as far as the execution goes} See {@link
   * #onCallingThread()}.
   */
  public StartOptions runOnCallingThread() {
    return new StartOptions(subjects, deduplicationKey, true);
  }

  /**
   * {@return options that tag the execution with data subjects}
   *
   * @param subjectIds the subjects' ids: not blank, at most {@value
   *     ExecutionStore#MAX_SUBJECT_LENGTH} characters each
   * @throws IllegalArgumentException when an id is blank or too long
   */
  public static StartOptions subjects(String... subjectIds) {
    return new StartOptions(Set.of(subjectIds));
  }
}
