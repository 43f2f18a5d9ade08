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
 */
public record StartOptions(Set<String> subjects) {

  /** Validates and copies the components. */
  public StartOptions {
    subjects = subjects == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(subjects));
    subjects.forEach(ExecutionStore::checkSubject);
  }

  /** {@return no options} */
  public static StartOptions none() {
    return new StartOptions(Set.of());
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
