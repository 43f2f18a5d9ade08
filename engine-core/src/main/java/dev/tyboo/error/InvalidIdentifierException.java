package dev.tyboo.error;

/**
 * An identifier (a tenant id, a credential name, a workflow name or a node id) has a character
 * outside the allowed alphabet, is blank, too long, or has spaces around it. See {@link
 * dev.tyboo.workflow.Identifiers} for the rules.
 */
public class InvalidIdentifierException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** What the identifier names: "tenant id", "credential name", ... */
  private final String kind;

  /**
   * Creates the exception.
   *
   * @param kind what the identifier names, for example {@code tenant id}
   * @param message what is wrong, quoting the identifier with invisible characters escaped
   */
  public InvalidIdentifierException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** {@return what the identifier names, for example {@code tenant id}} */
  public String kind() {
    return kind;
  }
}
