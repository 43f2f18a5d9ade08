package dev.tyboo.error;

import java.util.List;

/**
 * A sandbox stopped a script that went past one of its limits ({@code ScriptLimits}). The engine
 * and the sandbox go on serving other executions.
 */
public class ScriptLimitException extends ScriptException {
  private static final long serialVersionUID = 1L;

  /** The limit it went past. */
  private final Limit limit;

  /** What the limit was. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param limit the limit it went past
   * @param detail what the limit was, such as {@code ran longer than PT1S}
   * @param scriptName who ran the script
   * @param console what the script printed before it was stopped
   * @param itemIndex the input item being processed, or -1
   */
  public ScriptLimitException(
      Limit limit, String detail, String scriptName, List<String> console, int itemIndex) {
    super("stopped: " + detail, scriptName, 0, 0, console, itemIndex);
    this.limit = limit;
    this.reason = detail;
  }

  /** {@return the limit it went past} */
  public Limit limit() {
    return limit;
  }

  /** {@return what the limit was, such as {@code ran longer than PT1S}} */
  public String reason() {
    return reason;
  }

  @Override
  public ScriptLimitException atItem(int itemIndex) {
    return new ScriptLimitException(limit, reason, scriptName(), console(), itemIndex);
  }

  /** The limits of a script run. */
  public enum Limit {
    /** It ran longer than the wall-time limit. */
    WALL_TIME,
    /** It used more CPU time than allowed. */
    CPU_TIME,
    /** It executed more statements than allowed. */
    STATEMENTS,
    /** It allocated more memory than allowed. */
    MEMORY,
    /** It recursed deeper than the language's stack allows. */
    STACK,
    /** Its result was larger than allowed, or held more items than allowed. */
    OUTPUT
  }
}
