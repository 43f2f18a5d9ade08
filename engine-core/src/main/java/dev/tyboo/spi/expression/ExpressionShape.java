package dev.tyboo.spi.expression;

import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.ExpressionSyntaxException;

/**
 * Checks the shape of an expression's source before the parser sees it: its length, how deeply it
 * nests and how many tokens it has, so that no input can overflow the parser's or the
 * interpreter's stack. A lexical scan: string and regex literals and comments are skipped, brackets
 * ({@code ( [ {}) and runs of prefix operators ({@code ! - + ~ not}) count as nesting.
 */
final class ExpressionShape {

  private ExpressionShape() {}

  /**
   * Checks a source against the compile-time limits.
   *
   * @param source the expression, without the braces
   * @param limits the limits
   * @throws ExpressionSyntaxException naming the limit that the source goes past
   */
  static void check(String source, ExpressionLimits limits) {
    if (source.length() > limits.maxSourceLength()) {
      throw refuse(
          source,
          "is longer than "
              + limits.maxSourceLength()
              + " characters ("
              + source.length()
              + "; limit maxSourceLength)");
    }
    int depth = 0;
    int[] opened = new int[limits.maxNestingDepth() + 2]; // what each open bracket added to depth
    int open = 0;
    int prefixRun = 0;
    int tokens = 0;
    boolean operandExpected = true;
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '/' && i + 1 < n && (source.charAt(i + 1) == '/' || source.charAt(i + 1) == '*')
          || c == '#' && i + 1 < n && source.charAt(i + 1) == '#') {
        i = skipComment(source, i);
        continue;
      }
      if (++tokens > limits.maxTokens()) {
        throw refuse(
            source,
            "has more than " + limits.maxTokens() + " tokens (limit maxTokens); split it up");
      }
      if (c == '`') {
        throw refuse(source, "uses a `template string`, which expressions do not support; use +");
      }
      if (c == '\'' || c == '"') {
        i = skipQuoted(source, i, c);
        prefixRun = 0;
        operandExpected = false;
        continue;
      }
      if (c == '~' && i + 1 < n && source.charAt(i + 1) == '/') {
        i = skipQuoted(source, i + 1, '/');
        prefixRun = 0;
        operandExpected = false;
        continue;
      }
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(source.charAt(i))
                || source.charAt(i) == '_'
                || source.charAt(i) == '$')) {
          i++;
        }
        if (operandExpected && source.startsWith("not", start) && i - start == 3) {
          prefixRun++;
          checkDepth(source, depth + prefixRun, limits);
        } else {
          prefixRun = 0;
          operandExpected = false;
        }
        continue;
      }
      i++;
      switch (c) {
        case '(', '[', '{' -> {
          depth += prefixRun + 1;
          checkDepth(source, depth, limits);
          opened[open++] = prefixRun + 1;
          prefixRun = 0;
          operandExpected = true;
        }
        case ')', ']', '}' -> {
          if (open > 0) {
            depth -= opened[--open];
          }
          prefixRun = 0;
          operandExpected = false;
        }
        case '!', '-', '+', '~' -> {
          if (operandExpected) {
            prefixRun++;
            checkDepth(source, depth + prefixRun, limits);
          }
          operandExpected = true;
        }
        default -> operandExpected = true;
      }
    }
  }

  private static void checkDepth(String source, int depth, ExpressionLimits limits) {
    if (depth > limits.maxNestingDepth()) {
      throw refuse(
          source,
          "is nested deeper than "
              + limits.maxNestingDepth()
              + " levels of brackets or prefix operators (limit maxNestingDepth)");
    }
  }

  private static int skipQuoted(String source, int open, char quote) {
    int i = open + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    return i; // unterminated: the parser reports it
  }

  private static int skipComment(String source, int start) {
    if (source.startsWith("/*", start)) {
      int end = source.indexOf("*/", start + 2);
      return end < 0 ? source.length() : end + 2;
    }
    int end = source.indexOf('\n', start);
    return end < 0 ? source.length() : end + 1;
  }

  private static ExpressionSyntaxException refuse(String source, String what) {
    return new ExpressionSyntaxException(
        "expression {{ " + ExpressionException.excerpt(source) + " }} " + what, null);
  }
}
