package dev.tyboo.persistence.jdbc;

import dev.tyboo.error.StorageException;

/** The DataSource leads to a database product, or a version of one, that the storage cannot use. */
public class UnsupportedDatabaseException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which product and version, and what is supported
   */
  public UnsupportedDatabaseException(String message) {
    super(message, null);
  }
}
