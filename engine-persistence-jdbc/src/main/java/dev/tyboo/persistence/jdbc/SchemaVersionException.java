package dev.tyboo.persistence.jdbc;

import dev.tyboo.error.StorageException;

/**
 * The database's schema is not the one this library version works with: newer (written by a newer
 * release; upgrade this library) or older and not to be migrated here (run the migrations first).
 * Nothing was changed.
 */
public class SchemaVersionException extends StorageException {

  private static final long serialVersionUID = 1L;

  /** The schema version found in the database. */
  private final int found;

  /** The schema version this library uses. */
  private final int expected;

  /**
   * Creates the exception.
   *
   * @param message what was found and what to do
   * @param found the schema version in the database (0 for none)
   * @param expected the schema version this library uses
   */
  public SchemaVersionException(String message, int found, int expected) {
    super(message, null);
    this.found = found;
    this.expected = expected;
  }

  /** {@return the schema version found in the database (0 for none)} */
  public int found() {
    return found;
  }

  /** {@return the schema version this library uses} */
  public int expected() {
    return expected;
  }
}
