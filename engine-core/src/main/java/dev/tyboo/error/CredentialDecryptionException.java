package dev.tyboo.error;

/**
 * A stored credential does not decrypt: its ciphertext or wrapped key was changed, it was copied
 * under another tenant or id, or the master key with its key id is not the one that wrapped it. The
 * message names tenant and credential, never data.
 */
public class CredentialDecryptionException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which credential
   */
  public CredentialDecryptionException(String message) {
    super(message);
  }
}
