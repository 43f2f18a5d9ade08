package dev.tyboo.internal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import java.io.IOException;
import java.util.Map;

/**
 * Node failures as JSON, for execution and node-run records: {@code {"type", "message", "node",
 * "attempt", "retryable", "itemIndex"?}}. Read back, a failure is a {@link RetryableNodeException}
 * or {@link NonRetryableNodeException} with the recorded message and context; the original class
 * and stack are not kept.
 */
public final class ErrorJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
    String text = type.isEmpty() ? message : type + ": " + message;
    NodeExecutionException e =
        o.path("retryable").asBoolean(false)
            ? new RetryableNodeException(text)
            : new NonRetryableNodeException(text, o.path("itemIndex").asInt(-1), null);
    String node = o.hasNonNull("node") ? o.get("node").asText() : null;
    return node == null ? e : e.withContext(executionId, node, o.path("attempt").asInt(0));
  }
}
