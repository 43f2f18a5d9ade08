package dev.tyboo.ai;

import java.util.Collection;

/** A provider name that no registered {@code ModelProvider} has. */
public class UnknownModelProviderException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the unknown name
   * @param known the names there are
   */
  public UnknownModelProviderException(String name, Collection<String> known) {
    super("unknown model provider '" + name + "'; known providers: " + known);
  }
}
