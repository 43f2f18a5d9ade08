package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Positions in a script's errors as lines and columns of the user's code: the lines of a wrapper
 * before it ({@link Script#lineOffset()}) and the header before it on its first line ({@link
 * Script#columnOffset()}) are not counted.
 */
record ScriptPositions(Script script) {

  static ScriptPositions of(Script script) {
    return new ScriptPositions(script);
  }

  /**
   * Rewrites the {@code <source name>:<line>:<column>} positions a language puts in messages to
   * lines of the user's code.
   */
  String inMessage(String message) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(script.name()) + ":(\\d+):(\\d+)")
            .matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int line = Integer.parseInt(m.group(1)) - script.lineOffset();
      int column = column(line, Integer.parseInt(m.group(2)));
      m.appendReplacement(
          out,
          java.util.regex.Matcher.quoteReplacement(
              "line " + Math.max(line, 1) + ", column " + column));
    }
    return m.appendTail(out).toString();
  }

  /** The first position inside the user's code: where it threw, else the nearest caller. */
  int[] position(PolyglotException e) {
    SourceSection at = e.getSourceLocation();
    if (!isUsers(at)) {
      at = null;
      for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
        if (f.isGuestFrame() && isUsers(f.getSourceLocation())) {
          at = f.getSourceLocation();
          break;
        }
      }
    }
    if (at == null || !at.hasLines()) {
      return new int[] {0, 0};
    }
    int line = at.getStartLine() - script.lineOffset();
    return line > 0
        ? new int[] {line, at.hasColumns() ? column(line, at.getStartColumn()) : 0}
        : new int[] {0, 0};
  }

  /** A column of the user's: on their first line, the header before their code is not counted. */
  private int column(int userLine, int column) {
    return userLine == 1 ? Math.max(1, column - script.columnOffset()) : column;
  }

  private boolean isUsers(SourceSection s) {
    return s != null && s.getSource() != null && s.getSource().getName().equals(script.name());
  }
}
