package dev.tyboo.ai;

import java.util.List;

/**
 * A vector store failed. When part of an upsert was written before the failure (stores without
 * transactions), {@link #written()} lists those ids, so that nothing is lost silently.
 */
public class VectorStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The ids written before the failure. */
  private final List<String> written;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store and collection
   * @param written ids written before the failure; empty when nothing was
   * @param cause the underlying failure
   */
  public VectorStoreException(String message, List<String> written, Throwable cause) {
    super(message, cause);
    this.written = List.copyOf(written);
  }

  /** {@return the ids written before the failure (empty: the store is as it was)} */
  public List<String> written() {
    return written;
  }
}
