package dev.tyboo.internal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NodeTimeoutException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RecordedCause;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Node failures as JSON, for execution and node-run records: {@code {"type", "message", "node",
 * "attempt", "retryable", "itemIndex"?, "parameter"?, "expression"?, "reason"?, "causes"?}}. Read
 * back, a failure is an {@link ExpressionException} or {@link NodeTimeoutException} when it was
 * one, else a {@link RetryableNodeException} or {@link NonRetryableNodeException}, with the
 * recorded message, context and causes (as {@link RecordedCause}s: class name and message); stacks
 * are not kept.
 */
public final class ErrorJson {

  private static final ObjectMapper MAPPER = JsonMappers.standard();

  /** Causes deeper than this are not recorded. */
  private static final int MAX_CAUSES = 8;

  /** Longest cause message recorded. */
  private static final int MAX_CAUSE_MESSAGE = 2_000;

  private ErrorJson() {}

  /**
   * {@return the failure as JSON}
   *
   * @param error the failure
   */
  public static String write(NodeExecutionException error) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", error.getClass().getSimpleName());
    o.put("message", error.detail());
    if (error.nodeId() != null) {
      o.put("node", error.nodeId());
    }
    o.put("attempt", error.attempt());
    o.put("retryable", error.isRetryable());
    if (error.itemIndex() >= 0) {
      o.put("itemIndex", error.itemIndex());
    }
    if (error instanceof ExpressionException ee
        && ee.expression() != null
        && ee.reason() != null
        && error.detail().equals(expressionDetail(ee))) { // not when redaction changed the text
      o.put("parameter", ee.parameter());
      o.put("expression", ee.expression());
      o.put("reason", ee.reason());
    }
    if (error instanceof NodeTimeoutException te) {
      o.put("timeoutMillis", te.timeout().toMillis());
    }
    ArrayNode causes = o.putArray("causes");
    Throwable c = error.getCause();
    for (int depth = 0; c != null && depth < MAX_CAUSES; depth++) {
      ObjectNode cause = causes.addObject();
      cause.put("type", c instanceof RecordedCause rc ? rc.className() : c.getClass().getName());
      String m = c.getMessage();
      if (m != null) {
        cause.put(
            "message", m.length() > MAX_CAUSE_MESSAGE ? m.substring(0, MAX_CAUSE_MESSAGE) : m);
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    if (causes.isEmpty()) {
      o.remove("causes");
    }
    return o.toString();
  }

  /**
   * {@return the failure as a map, for the item an error workflow receives}
   *
   * @param json what {@link #write} wrote
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(String json) {
    try {
      return MAPPER.readValue(json, Map.class);
    } catch (IOException e) {
      return Map.of("message", json);
    }
  }

  /**
   * {@return the failure that {@link #write} wrote, rebuilt}
   *
   * @param json the JSON
   * @param executionId the execution, for the context
   */
  public static NodeExecutionException read(String json, String executionId) {
    JsonNode o;
    try {
      o = MAPPER.readTree(json);
    } catch (IOException e) {
      return new NonRetryableNodeException("unreadable recorded failure: " + json);
    }
    String message = o.path("message").asText("unknown failure");
    String type = o.path("type").asText("");
    RecordedCause cause = causes(o.path("causes"), 0);
    int itemIndex = o.path("itemIndex").asInt(-1);
    NodeExecutionException e;
    if (type.equals(ExpressionException.class.getSimpleName()) && o.hasNonNull("expression")) {
      e =
          new ExpressionException(
              o.hasNonNull("parameter") ? o.get("parameter").asText() : null,
              o.get("expression").asText(),
              itemIndex,
              o.path("reason").asText(""),
              cause);
    } else if (type.equals(NodeTimeoutException.class.getSimpleName())
        && o.hasNonNull("timeoutMillis")) {
      e = new NodeTimeoutException(Duration.ofMillis(o.get("timeoutMillis").asLong()));
    } else {
      String text =
          type.isEmpty()
                  || type.equals(NonRetryableNodeException.class.getSimpleName())
                  || type.equals(RetryableNodeException.class.getSimpleName())
              ? message
              : type + ": " + message;
      e =
          o.path("retryable").asBoolean(false)
              ? new RetryableNodeException(text, itemIndex, null, cause)
              : new NonRetryableNodeException(text, itemIndex, cause);
    }
    String node = o.hasNonNull("node") ? o.get("node").asText() : null;
    return node == null ? e : e.withContext(executionId, node, o.path("attempt").asInt(0));
  }

  private static RecordedCause causes(JsonNode causes, int from) {
    if (!causes.isArray() || from >= causes.size() || from >= MAX_CAUSES) {
      return null;
    }
    JsonNode c = causes.get(from);
    return new RecordedCause(
        c.path("type").asText("unknown"),
        c.hasNonNull("message") ? c.get("message").asText() : null,
        causes(causes, from + 1));
  }

  /** The detail an {@link ExpressionException} composes from its parts. */
  private static String expressionDetail(ExpressionException e) {
    return new ExpressionException(e.parameter(), e.expression(), -1, e.reason(), null).detail();
  }
}
