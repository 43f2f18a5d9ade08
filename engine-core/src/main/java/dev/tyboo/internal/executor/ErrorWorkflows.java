package dev.tyboo.internal.executor;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.WorkflowRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error workflows, in every kind of engine: the one a failed execution's workflow names is started
 * (in the same tenant) with one item: {@code {"execution", "workflow", "workflowVersion"?, "node"?,
 * "error": {"type", "message", "node", ...}}}.
 */
final class ErrorWorkflows {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorWorkflows.class);

  private ErrorWorkflows() {}

  /**
   * Starts the error workflow of a failed execution, when its workflow names one; a failure to
   * start it is logged, not thrown (the failed execution stays failed either way).
   *
   * @param failed the execution
   * @param workflow its workflow's name
   * @param version its workflow's stored version, or {@code null} in an engine without storage
   * @param errorWorkflow the error workflow its workflow names, or {@code null}
   * @param errorJson its failure as {@link ErrorJson} wrote it, or {@code null}
   * @param start starts a workflow by its stored name with items
   */
  static void start(
      ExecutionId failed,
      String workflow,
      Integer version,
      String errorWorkflow,
      String errorJson,
      BiFunction<String, List<Item>, Execution> start) {
    if (errorWorkflow == null) {
      return;
    }
    String target = WorkflowRef.parse(workflow).resolve(errorWorkflow).qualifiedName();
    try {
      Execution started = start.apply(target, List.of(of(failed, workflow, version, errorJson)));
      LOG.info(
          "execution {} failed; started error workflow '{}' as {}", failed, target, started.id());
    } catch (RuntimeException e) {
      LOG.error(
          "execution {} failed and its error workflow '{}' could not start", failed, target, e);
    }
  }

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
