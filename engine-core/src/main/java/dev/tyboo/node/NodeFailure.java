package dev.tyboo.node;

import dev.tyboo.error.ExecutionCancelledException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.internal.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Typed failures for node authors. The messages say what went wrong and never name the node, the
 * execution or the attempt: the engine adds those ({@code Node 'x' failed (execution …, attempt 1,
 * item 2): parameter 'url' must be …}).
 *
 * <pre>{@code
 * if (limit < 0) {
 *   throw NodeFailure.badParameter("limit", i, "must not be negative", limit);
 * }
 * }</pre>
 */
public final class NodeFailure {

  private NodeFailure() {}

  /**
   * {@return a failure that trying again will not fix, not about one item}
   *
   * @param message what went wrong
   */
  public static NonRetryableNodeException of(String message) {
    return new NonRetryableNodeException(message);
  }

  /**
   * {@return a failure that trying again will not fix, about one input item}
   *
   * @param itemIndex the input item's index, or -1
   * @param message what went wrong
   */
  public static NonRetryableNodeException of(int itemIndex, String message) {
    return new NonRetryableNodeException(message, itemIndex, null);
  }

  /**
   * {@return a failure that may pass when tried again (a network error, a 5xx answer)}
   *
   * @param itemIndex the input item's index, or -1
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public static RetryableNodeException retryable(int itemIndex, String message, Throwable cause) {
    return new RetryableNodeException(message, itemIndex, null, cause);
  }

  /**
   * {@return the failure of a parameter whose value (resolved for one item) breaks a rule}
   *
   * <p>The value is described by type and shortened ({@code string 'abc'}); never pass a secret.
   *
   * @param parameter the parameter's name or path, such as {@code rules[1].output}
   * @param itemIndex the input item the value was resolved for, or -1
   * @param requirement what the value must be, such as {@code "must be a positive number"}
   * @param value the offending value
   */
  public static NonRetryableNodeException badParameter(
      String parameter, int itemIndex, String requirement, Object value) {
    return new NonRetryableNodeException(
        "parameter '" + parameter + "' " + requirement + ", was " + JsonValues.describe(value),
        itemIndex,
        null);
  }

  /**
   * {@return the failure of a parameter that is missing although it is needed}
   *
   * @param parameter the parameter's name or path
   * @param itemIndex the input item it was resolved for, or -1
   * @param why when it is needed, such as {@code "when mode is until"}; may be empty
   */
  public static NonRetryableNodeException missingParameter(
      String parameter, int itemIndex, String why) {
    return new NonRetryableNodeException(
        "parameter '" + parameter + "' is required" + (why.isEmpty() ? "" : " " + why),
        itemIndex,
        null);
  }

  /**
   * {@return any exception as a typed node failure, by the engine's rules} A {@link
   * NodeExecutionException} stays as it is; an interrupt or cancellation, an {@link IOException},
   * {@link UncheckedIOException} or {@link TimeoutException} is retryable; anything else is not.
   *
   * @param thrown what a node threw
   * @param itemIndex the input item it was working on, or -1
   */
  public static NodeExecutionException classify(Throwable thrown, int itemIndex) {
    if (thrown instanceof NodeExecutionException n) {
      return n;
    }
    if (thrown instanceof ExecutionCancelledException || thrown instanceof InterruptedException) {
      return new RetryableNodeException(
          "interrupted: " + thrown.getMessage(), itemIndex, null, thrown);
    }
    if (thrown instanceof IOException
        || thrown instanceof UncheckedIOException
        || thrown instanceof TimeoutException) {
      return new RetryableNodeException(thrown.toString(), itemIndex, null, thrown);
    }
    return new NonRetryableNodeException(thrown.toString(), itemIndex, thrown);
  }
}
