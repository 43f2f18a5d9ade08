package dev.tyboo.security.privacy;

import java.util.Objects;

/**
 * What {@link dev.tyboo.engine.SubjectRights#erase} removed. Erasure is idempotent: running it
 * again after a failure part-way finishes the job (an execution's record goes last, so its tag
 * still leads to it until everything else of it is gone).
 *
 * @param subjectHash the SHA-256 of the subject's id, in hex: how the erasure is recorded in the
 *     audit log without keeping the id itself
 * @param executions how many executions were deleted (the tagged ones and the sub-workflow
 *     executions they started), with their node runs
 * @param binaries how many binary-store entries were deleted (attachments and spilled outputs)
 * @param auditRecords how many audit records had their detail blanked
 */
public record SubjectErasure(String subjectHash, int executions, int binaries, int auditRecords) {

  /** Validates the components. */
  public SubjectErasure {
    Objects.requireNonNull(subjectHash, "subjectHash");
    if (executions < 0 || binaries < 0 || auditRecords < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }
}
