package dev.tyboo.error;

/**
 * A node cannot use a credential: the workflow gives it none of the type it asks for, or the
 * engine's credential provider holds no credential of that name. Not retryable. The message names
 * the node, the credential type and name, never a secret.
 */
public class CredentialException extends NonRetryableNodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what is missing, naming node, credential type and name
   */
  public CredentialException(String detail) {
    super(detail);
  }
}
