package dev.tyboo.spi.audit;

import java.util.Objects;

/**
 * The head of an audit chain: the newest record's sequence number and hash. Records deleted from
 * the end of a log leave no break in the chain, so a host keeps the anchor somewhere the database's
 * users cannot reach (another store, a signed note, a ticket) and checks the log against it with
 * {@link AuditChain#verify(AuditLog, AuditAnchor)}, which then detects truncation. {@link
 * #toString()} and {@link #parse} give it a text form, {@code <sequence>:<hash>}.
 *
 * @param sequence the newest record's sequence number; 0 for an empty log
 * @param hash the newest record's hash; {@link AuditChain#GENESIS} for an empty log
 */
public record AuditAnchor(long sequence, String hash) {

  /** Checks the values. */
  public AuditAnchor {
    Objects.requireNonNull(hash, "hash");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
    }
  }

  /** {@return the anchor of an empty log} */
  public static AuditAnchor empty() {
    return new AuditAnchor(0, AuditChain.GENESIS);
  }

  /**
   * {@return the anchor written by {@link #toString()}}
   *
   * @param text {@code <sequence>:<hash>}
   * @throws IllegalArgumentException when the text is not an anchor
   */
  public static AuditAnchor parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("an audit anchor is <sequence>:<hash>");
    }
    try {
      return new AuditAnchor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an audit anchor is <sequence>:<hash>", e);
    }
  }

  @Override
  public String toString() {
    return sequence + ":" + hash;
  }
}
