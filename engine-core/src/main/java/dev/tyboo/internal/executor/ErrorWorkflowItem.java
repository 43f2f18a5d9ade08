package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.node.Item;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The item an error workflow receives, in every kind of engine: {@code {"execution", "workflow",
 * "workflowVersion"?, "node"?, "error": {"type", "message", "node", ...}}}.
 */
final class ErrorWorkflowItem {
  private ErrorWorkflowItem() {}

  /**
   * {@return the item describing a failed execution}
   *
   * @param failed the execution
   * @param workflow its workflow's name
   * @param version its workflow's stored version, or {@code null} in an engine without storage
   * @param errorJson its failure as {@link ErrorJson} wrote it, or {@code null}
   */
  static Item of(ExecutionId failed, String workflow, Integer version, String errorJson) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("execution", failed.value());
    detail.put("workflow", workflow);
    if (version != null) {
      detail.put("workflowVersion", version);
    }
    Map<String, Object> error = errorJson == null ? Map.of() : ErrorJson.toMap(errorJson);
    if (error.get("node") != null) {
      detail.put("node", error.get("node"));
    }
    detail.put("error", error);
    return Item.of(detail);
  }
}
