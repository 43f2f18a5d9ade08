package dev.tyboo.workflow;

import dev.tyboo.error.InvalidIdentifierException;
import java.util.Optional;

/**
 * The alphabet of identifiers: tenant ids, credential names, workflow names and node ids.
 *
 * <p>An identifier has 1 to {@value #MAX_LENGTH} characters, each a letter or a mark of any script
 * (a mark not first), a digit, a space (not first or last), or one of {@code _ - . ( ) , : & + @}.
 * Everything else is refused: control and format characters (zero-width spaces and joiners,
 * bidirectional overrides such as U+202E), unpaired surrogates, other spaces, symbols and the
 * characters that mean something to the engine or its expressions ({@code / # $ { } [ ] ' " \ `}).
 * So an identifier shows what it is: two that look the same are the same, and none can pass for a
 * path, a tenant prefix or an expression.
 *
 * <p>A workflow name may carry the tenant it belongs to ({@code tenant/name}); the engine writes
 * that prefix itself for workflows deployed through {@code Engine.as(principal)}. The workflows the
 * engine deploys from a node's parameter (loop bodies) are named {@code name#node#parameter}.
 */
public final class Identifiers {

  /** Longest identifier, in characters. */
  public static final int MAX_LENGTH = 200;

  /** Separates a tenant from the name of one of its workflows. */
  public static final char TENANT_SEPARATOR = '/';

  /** Separates an embedding workflow, node and parameter in an embedded workflow's name. */
  public static final char EMBEDDED_SEPARATOR = '#';

  private static final String PUNCTUATION = "_-.(),:&+@";

  private Identifiers() {}

  /**
   * {@return what is wrong with an identifier, or empty when it is allowed}
   *
   * @param kind what it names, for the message ({@code node id})
   * @param value the identifier
   */
  public static Optional<String> problem(String kind, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of(kind + " must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of(kind + " is longer than " + MAX_LENGTH + " characters");
    }
    if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
      return Optional.of(kind + " '" + printable(value) + "' must not start or end with a space");
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!allowed(cp, i == 0)) {
        return Optional.of(
            kind
                + " '"
                + printable(value)
                + "' has a character that is not allowed at position "
                + i
                + ": "
                + describe(cp)
                + " (allowed: letters, marks, digits, spaces inside, and "
                + PUNCTUATION
                + ")");
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  /**
   * Refuses an identifier that is not allowed.
   *
   * @param kind what it names, for the message ({@code tenant id})
   * @param value the identifier
   * @return the identifier
   * @throws InvalidIdentifierException naming it, with invisible characters escaped
   */
  public static String require(String kind, String value) {
    Optional<String> problem = problem(kind, value);
    if (problem.isPresent()) {
      throw new InvalidIdentifierException(kind, problem.get());
    }
    return value;
  }

  /**
   * {@return what is wrong with a workflow name, or empty when it is allowed}: an identifier,
   * optionally after a tenant id and {@code /}, optionally followed by the {@code #node#parameter}
   * segments of an embedded workflow
   *
   * @param value the workflow name
   */
  public static Optional<String> workflowNameProblem(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of("workflow name must not be empty");
    }
    String rest = value;
    int slash = value.indexOf(TENANT_SEPARATOR);
    if (slash >= 0) {
      Optional<String> tenant = problem("tenant id", value.substring(0, slash));
      if (tenant.isPresent()) {
        return Optional.of("workflow name '" + printable(value) + "': " + tenant.get());
      }
      rest = value.substring(slash + 1);
    }
    String[] segments = rest.split(String.valueOf(EMBEDDED_SEPARATOR), -1);
    if (segments.length % 2 == 0) {
      return Optional.of(
          "workflow name '"
              + printable(value)
              + "' has a '#', which only the names of embedded workflows have (name#node#parameter)");
    }
    for (String segment : segments) {
      Optional<String> p = problem("workflow name", segment);
      if (p.isPresent()) {
        return segment.equals(value)
            ? p
            : Optional.of("workflow name '" + printable(value) + "': " + p.get());
      }
    }
    return Optional.empty();
  }

  /**
   * {@return the tenant a workflow belongs to: what stands before the first {@code /} of its name,
   * or the empty string for the host's own workflows (embedded ones included, whatever their name)}
   *
   * @param workflowName a workflow's name
   */
  public static String tenantOf(String workflowName) {
    int slash = workflowName.indexOf(TENANT_SEPARATOR);
    return slash > 0 ? workflowName.substring(0, slash) : "";
  }

  /**
   * {@return the name of a workflow written in a node's parameter: {@code
   * <workflow>#<node>#<parameter>}, which belongs to the same owner as the workflow}
   *
   * @param workflowName the embedding workflow's name
   * @param nodeId the node holding it
   * @param parameter the parameter holding it
   */
  public static String embeddedName(String workflowName, String nodeId, String parameter) {
    return workflowName + EMBEDDED_SEPARATOR + nodeId + EMBEDDED_SEPARATOR + parameter;
  }

  private static boolean allowed(int cp, boolean first) {
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER ->
          true;
      case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK ->
          !first;
      default -> cp == ' ' || cp < 128 && PUNCTUATION.indexOf(cp) >= 0;
    };
  }

  private static String describe(int cp) {
    String name = Character.getName(cp);
    return String.format("U+%04X", cp) + (name == null ? "" : " (" + name + ")");
  }

  /**
   * {@return the value with every character outside the alphabet written as {@code \\uXXXX}, so
   * that a message shows what an identifier really holds}
   *
   * @param value any text
   */
  public static String printable(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.getType(cp) == Character.SURROGATE || isHidden(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean isHidden(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SPACE_SEPARATOR && c != ' '
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED;
  }
}
