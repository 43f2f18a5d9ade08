package dev.tyboo.spi.audit;

import java.util.List;

/**
 * What {@link AuditChain#verify} found.
 *
 * @param intact whether every record checked out (and the log reached its anchor, when given one)
 * @param verified how many records, from the first, checked out before the first break
 * @param breaks every break found, in order of sequence number; empty when intact
 */
public record AuditVerification(boolean intact, long verified, List<AuditBreak> breaks) {

  /** Copies the breaks. */
  public AuditVerification {
    breaks = List.copyOf(breaks);
  }

  /** {@return the sequence number where the chain first breaks, or 0 when intact} */
  public long firstBroken() {
    return breaks.isEmpty() ? 0 : breaks.getFirst().sequence();
  }

  /** {@return what is wrong at the first break, or empty when intact} */
  public String problem() {
    return breaks.isEmpty() ? "" : breaks.getFirst().problem();
  }
}
