package dev.tyboo.spi.audit;

/**
 * What {@link AuditChain#verify} found.
 *
 * @param intact whether every record checked out
 * @param verified how many records, from the first, checked out
 * @param firstBroken the sequence number where the chain breaks, or 0 when intact
 * @param problem what is wrong there, or empty when intact
 */
public record AuditVerification(boolean intact, long verified, long firstBroken, String problem) {

  static AuditVerification intact(long verified) {
    return new AuditVerification(true, verified, 0, "");
  }

  static AuditVerification broken(long verified, long at, String problem) {
    return new AuditVerification(false, verified, at, problem);
  }
}
