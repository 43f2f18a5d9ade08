package dev.tyboo.error;

import java.util.List;

/**
 * A script threw, or returned something that is not JSON. The message is the script's error (such
 * as {@code TypeError: x is not a function}) with the line and column where it was thrown. Attempts
 * to reach the host ({@code Java.type}, {@code require}, {@code load}) fail this way: to the
 * script, what it may not use does not exist.
 */
public class ScriptRuntimeException extends ScriptException {
  private static final long serialVersionUID = 1L;

  /** The script's error, without position. */
  private final String error;

  /**
   * Creates the exception.
   *
   * @param error the script's error, such as {@code Error: boom}
   * @param scriptName who ran the script
   * @param line the line in the user's code, from 1; 0 when unknown
   * @param column the column, from 1; 0 when unknown
   * @param console what the script printed before it threw
   * @param itemIndex the input item being processed, or -1
   */
  public ScriptRuntimeException(
      String error, String scriptName, int line, int column, List<String> console, int itemIndex) {
    super(error, scriptName, line, column, console, itemIndex);
    this.error = error;
  }

  /** {@return the script's error, without position, such as {@code Error: boom}} */
  public String error() {
    return error;
  }

  @Override
  public ScriptRuntimeException atItem(int itemIndex) {
    return new ScriptRuntimeException(error, scriptName(), line(), column(), console(), itemIndex);
  }
}
