package dev.tyboo.engine;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.security.privacy.SubjectErasure;
import java.io.OutputStream;

/**
 * The rights of data subjects (GDPR articles 15 and 17) over what an engine's storage holds: tag
 * executions with the people their data is about, export it, erase it. {@link Engine#subjects()}
 * gives the host's trusted view; {@link AuthorizedEngine#subjects()} the same for one principal,
 * within its tenant. Thread-safe.
 */
public interface SubjectRights {

  /**
   * Tags an execution with a data subject: a person its data is about (a customer id, an e-mail
   * address, ...), so that {@link #erase} and {@link #export} reach it and the sub-workflow
   * executions it starts. Tag as soon as the execution starts (or from the code that learns whom it
   * concerns); tagging twice is harmless.
   *
   * @param id the execution
   * @param subjectId the subject's id: not blank, at most {@value
   *     dev.tyboo.spi.store.ExecutionStore#MAX_SUBJECT_LENGTH} characters
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws IllegalArgumentException when the subject id is blank or too long
   */
  void tag(ExecutionId id, String subjectId);

  /**
   * Erases what the storage holds about a data subject (article 17): the executions tagged with it
   * and the sub-workflow executions they started are cancelled if still running, then deleted with
   * their node runs (checkpoints); the attachments and spilled outputs they reference are deleted
   * from the binary store; audit records about those executions or mentioning the subject keep
   * their place in the hash chain with their detail blanked. The erasure itself is audited under
   * the SHA-256 of the subject's id. Idempotent: run it again after a failure part-way.
   *
   * <p>Not reached: the host's own logs and copies, and what nodes sent to other systems.
   *
   * @param subjectId the subject's id
   * @return what was removed
   * @throws dev.tyboo.error.ExecutionStateException when one of the subject's executions did not
   *     stop within the engine's shutdown grace after it was cancelled (nothing erased)
   */
  SubjectErasure erase(String subjectId);

  /**
   * Writes everything the storage holds about a data subject as one JSON document (article 15):
   * {@code subject}, {@code exportedAt}, {@code executions} (each with its input, its node runs'
   * outputs, errors and recorded steps, its error, and the node memory entries it wrote), {@code
   * attachments} (metadata and bytes in base64) and {@code auditRecords} about those executions or
   * mentioning the subject. The export is audited under the SHA-256 of the subject's id.
   *
   * @param subjectId the subject's id
   * @param out where to write the document (UTF-8); not closed
   * @return how many executions it holds
   * @throws java.io.UncheckedIOException when writing fails
   */
  int export(String subjectId, OutputStream out);
}
