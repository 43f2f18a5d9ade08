package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a finished sub-workflow hands back to the node that waits for it. */
final class SubWorkflowResult {

  private SubWorkflowResult() {}

  /**
   * {@return the items on the first output of the child's end nodes (those with no outgoing
   * connection) that succeeded, in workflow order}
   */
  static List<Item> items(Execution child) {
    Set<String> hasSuccessor = new HashSet<>();
    for (Connection c : child.workflow().connections()) {
      hasSuccessor.add(c.from());
    }
    List<Item> items = new ArrayList<>();
    for (NodeSpec n : child.workflow().nodes()) {
      if (!hasSuccessor.contains(n.id())) {
        NodeRun run = child.nodeRun(n.id());
        if (run.status() == NodeRunStatus.SUCCEEDED) {
          items.addAll(child.output(n.id()));
        }
      }
    }
    return List.copyOf(items);
  }

  /** {@return the parent node's failure when the child did not succeed, else {@code null}} */
  static NodeExecutionException error(Execution child, String parentNode) {
    if (child.status() == ExecutionStatus.SUCCEEDED) {
      return null;
    }
    String why =
        child.error().map(NodeExecutionException::getMessage).orElse(child.status().toString());
    return new NonRetryableNodeException(
        "sub-workflow '"
            + child.workflow().name()
            + "' (execution "
            + child.id()
            + ") ended "
            + child.status()
            + ": "
            + why);
  }
}
