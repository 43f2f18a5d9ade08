package dev.tyboo.nodes.trigger;

import dev.tyboo.error.CredentialException;
import dev.tyboo.spi.binary.BinaryStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What an {@link EventTrigger} listens with: its node's parameters (defaults filled in; triggers
 * read no expressions, since no item exists yet) and its credentials.
 *
 * @param workflowName the workflow it starts
 * @param nodeId the trigger node's id
 * @param parameters the node's parameters, with its descriptor's defaults
 * @param credentials the node's credential names by type
 * @param credentialData reads a credential's data by type and name, or returns {@code null}
 * @param binaries the engine's binary store, where a trigger writes what a message carries
 *     (attachments) before it hands the message off
 */
public record TriggerSetup(
    String workflowName,
    String nodeId,
    Map<String, Object> parameters,
    Map<String, String> credentials,
    BiFunction<String, String, Map<String, Object>> credentialData,
    BinaryStore binaries) {

  /** Validates and copies the components. */
  public TriggerSetup {
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(nodeId, "nodeId");
    parameters = Map.copyOf(parameters);
    credentials = Map.copyOf(credentials);
    Objects.requireNonNull(credentialData, "credentialData");
    Objects.requireNonNull(binaries, "binaries");
  }

  /**
   * {@return a parameter as text}
   *
   * @param name the parameter
   * @throws IllegalArgumentException naming the parameter when it is missing or not text
   */
  public String string(String name) {
    if (parameters.get(name) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw invalid(
        name, "must be non-empty text" + (parameters.containsKey(name) ? "" : " (it is missing)"));
  }

  /**
   * {@return a parameter as an integer}
   *
   * @param name the parameter
   * @param min the least value accepted
   * @param max the greatest value accepted
   * @throws IllegalArgumentException naming the parameter when it is missing or out of range
   */
  public int integer(String name, int min, int max) {
    if (parameters.get(name) instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && n.longValue() >= min
        && n.longValue() <= max) {
      return n.intValue();
    }
    throw invalid(name, "must be an integer from " + min + " to " + max);
  }

  /**
   * {@return a parameter as a duration}
   *
   * @param name the parameter, an ISO-8601 duration such as {@code PT30S}
   * @param min the shortest accepted (a poll interval of zero would spin)
   * @throws IllegalArgumentException naming the parameter when it is missing, unreadable or shorter
   *     than {@code min}
   */
  public Duration duration(String name, Duration min) {
    Object value = parameters.get(name);
    try {
      Duration d = Duration.parse(String.valueOf(value));
      if (d.compareTo(min) >= 0) {
        return d;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // reported below, with the parameter's name
    }
    throw invalid(name, "must be an ISO-8601 duration of at least " + min + ", was " + value);
  }

  /**
   * {@return the error for a parameter the trigger cannot listen with}
   *
   * @param name the parameter
   * @param requirement what it must be
   */
  public IllegalArgumentException invalid(String name, String requirement) {
    return new IllegalArgumentException(
        "trigger '"
            + nodeId
            + "' of workflow '"
            + workflowName
            + "': parameter '"
            + name
            + "' "
            + requirement);
  }

  /**
   * {@return the data of the credential the node references for a type}
   *
   * @param type the credential type
   * @throws CredentialException when the node references none or it does not exist
   */
  public Map<String, Object> credential(String type) {
    String name = credentials.get(type);
    if (name == null) {
      throw new CredentialException(
          "trigger '"
              + nodeId
              + "' of workflow '"
              + workflowName
              + "' references no credential of type '"
              + type
              + "'");
    }
    Map<String, Object> data = credentialData.apply(type, name);
    if (data == null) {
      throw new CredentialException(
          "credential '"
              + name
              + "' of type '"
              + type
              + "' (trigger '"
              + nodeId
              + "' of workflow '"
              + workflowName
              + "') does not exist");
    }
    return data;
  }
}
