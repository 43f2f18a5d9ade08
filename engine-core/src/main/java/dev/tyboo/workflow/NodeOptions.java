package dev.tyboo.workflow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-node options in the DSL: {@code .node("fetch", def, n ->
 * n.retry(policy).timeout(Duration.ofSeconds(5)))}. Not thread-safe.
 */
public final class NodeOptions {
  private RetryPolicy retry;
  private Duration timeout;
  private boolean continueOnFail;
  private final Map<String, String> credentials = new LinkedHashMap<>();

  NodeOptions() {}

  /**
   * {@return these options}
   *
   * @param policy the node's retry policy
   */
  public NodeOptions retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * {@return these options}
   *
   * @param timeout the longest one attempt may run; positive
   * @throws IllegalArgumentException when the timeout is zero or negative
   */
  public NodeOptions timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * After the last failed attempt, emit the error as an item on the {@code error} output port
   * instead of failing the execution.
   *
   * @return these options
   */
  public NodeOptions continueOnFail() {
    this.continueOnFail = true;
    return this;
  }

  /**
   * {@return these options}
   *
   * @param credentialType a credential type the node declares
   * @param credentialName the name of the stored credential to use
   */
  public NodeOptions credential(String credentialType, String credentialName) {
    credentials.put(
        Objects.requireNonNull(credentialType, "credentialType"),
        Objects.requireNonNull(credentialName, "credentialName"));
    return this;
  }

  NodePolicy policy() {
    return new NodePolicy(retry, timeout, continueOnFail);
  }

  Map<String, String> credentials() {
    return credentials;
  }
}
