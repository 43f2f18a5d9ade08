package dev.tyboo.error;

import java.util.List;

/**
 * User code in a script sandbox failed or was stopped (the Code node's). Not retryable: running the
 * same code on the same data fails the same way. The subclass says why: {@link
 * ScriptSyntaxException}, {@link ScriptRuntimeException} or {@link ScriptLimitException}.
 */
public abstract class ScriptException extends NonRetryableNodeException {
  private static final long serialVersionUID = 1L;

  /** The script's name (who ran it). */
  private final String scriptName;

  /** The line in the user's code, from 1; 0 when unknown. */
  private final int line;

  /** The column, from 1; 0 when unknown. */
  private final int column;

  /** What the script printed before it failed. */
  private final List<String> console;

  /**
   * Creates the exception.
   *
   * @param detail what went wrong; the position is appended when known
   * @param scriptName who ran the script
   * @param line the line in the user's code, from 1; 0 when unknown
   * @param column the column, from 1; 0 when unknown
   * @param console what the script printed before it failed
   * @param itemIndex the input item being processed, or -1
   */
  protected ScriptException(
      String detail, String scriptName, int line, int column, List<String> console, int itemIndex) {
    super(withPosition(detail, scriptName, line, column, itemIndex), itemIndex, null);
    this.scriptName = scriptName;
    this.line = line;
    this.column = column;
    this.console = List.copyOf(console);
  }

  private static String withPosition(
      String detail, String scriptName, int line, int column, int itemIndex) {
    StringBuilder s = new StringBuilder(detail).append(" (");
    if (line > 0) {
      s.append("line ").append(line);
      if (column > 0) {
        s.append(", column ").append(column);
      }
      s.append(" of ");
    }
    s.append(scriptName);
    if (itemIndex >= 0) {
      s.append(", item ").append(itemIndex);
    }
    return s.append(')').toString();
  }

  /** {@return who ran the script, such as {@code workflow/nodeId}} */
  public String scriptName() {
    return scriptName;
  }

  /** {@return the line in the user's code, from 1; 0 when unknown} */
  public int line() {
    return line;
  }

  /** {@return the column, from 1; 0 when unknown} */
  public int column() {
    return column;
  }

  /** {@return what the script printed before it failed} */
  public List<String> console() {
    return console;
  }

  /**
   * {@return the same failure, about one input item}
   *
   * @param itemIndex the index of the input item the script was processing
   */
  public abstract ScriptException atItem(int itemIndex);
}
