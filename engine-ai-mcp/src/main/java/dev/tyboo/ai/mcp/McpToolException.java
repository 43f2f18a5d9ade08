package dev.tyboo.ai.mcp;

/**
 * An MCP tool answered with an error ({@code isError}), or could not be called. The agent tells the
 * model, which may try again.
 */
public final class McpToolException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message what the tool answered, or why it could not be called
   * @param cause what went wrong underneath, or {@code null}
   */
  public McpToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
