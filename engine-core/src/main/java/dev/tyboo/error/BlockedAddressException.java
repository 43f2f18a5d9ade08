package dev.tyboo.error;

/**
 * A node was asked to connect to an address its engine's {@link
 * dev.tyboo.security.network.NetworkPolicy} blocks: this machine, a private or link-local network,
 * or an address written in an ambiguous notation. Not retryable.
 */
public class BlockedAddressException extends NonRetryableNodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what was refused and why
   * @param itemIndex the item being processed, or -1
   */
  public BlockedAddressException(String detail, int itemIndex) {
    super(detail, itemIndex, null);
  }
}
