package dev.tyboo.error;

import java.util.List;

/** A script does not compile. The message is the language's, with line and column. */
public class ScriptSyntaxException extends ScriptException {
  private static final long serialVersionUID = 1L;

  /** The language's message, without position. */
  private final String error;

  /**
   * Creates the exception.
   *
   * @param error the language's message
   * @param scriptName who ran the script
   * @param line the line in the user's code, from 1; 0 when unknown
   * @param column the column, from 1; 0 when unknown
   * @param console what the script printed (nothing, usually)
   * @param itemIndex the input item being processed, or -1
   */
  public ScriptSyntaxException(
      String error, String scriptName, int line, int column, List<String> console, int itemIndex) {
    super("syntax error: " + error, scriptName, line, column, console, itemIndex);
    this.error = error;
  }

  /** {@return the language's message, without position} */
  public String error() {
    return error;
  }

  @Override
  public ScriptSyntaxException atItem(int itemIndex) {
    return new ScriptSyntaxException(error, scriptName(), line(), column(), console(), itemIndex);
  }
}
