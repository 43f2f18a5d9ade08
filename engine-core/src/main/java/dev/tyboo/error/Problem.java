package dev.tyboo.error;

import java.util.Objects;

/**
 * One thing wrong with a workflow definition, found by validation.
 *
 * @param kind what sort of problem it is
 * @param path where it is, as a JSON-path-like location such as {@code $.nodes[2].parameters.url}
 *     or {@code nodes.fetch.parameters.url} for workflows built with the DSL
 * @param message a sentence for people, naming the offending id or value
 */
public record Problem(Kind kind, String path, String message) {

  /** The sorts of problems that validation reports. */
  public enum Kind {
    /** The JSON document is not well-formed, or a field has the wrong JSON type. */
    MALFORMED,
    /** A required field or parameter is missing. */
    MISSING,
    /** The node's type (or type version) is not registered. */
    UNKNOWN_NODE_TYPE,
    /** A parameter's value does not fit the node type's parameter schema. */
    INVALID_PARAMETER,
    /** A parameter the node type does not declare. */
    UNKNOWN_PARAMETER,
    /** An expression inside {@code {{ }}} does not compile. */
    INVALID_EXPRESSION,
    /** A connection names a port the node does not have. */
    UNKNOWN_PORT,
    /** A connection names a node that is not in the workflow. */
    DANGLING_CONNECTION,
    /** Two nodes share an id, or a connection is listed twice. */
    DUPLICATE,
    /** The connections form a cycle. */
    CYCLE,
    /** A value is out of its allowed range (ids, names, limits, durations). */
    INVALID_VALUE
  }

  /** Validates the components. */
  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message + " [" + kind + "]";
  }
}
