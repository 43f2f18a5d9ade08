package dev.tyboo.node;

import java.util.List;

/**
 * Flow control for the nodes that need it ({@link NodeContext#flow()}): a wait that another party
 * resumes with a token, child executions, and workflows written inside a node's parameters. Like
 * its context, it serves one attempt; do not keep it afterwards.
 */
public interface NodeFlow {

  /**
   * {@return the token that resumes this node run after it returns {@link
   * NodeResult#waitForResume}} Hand it to whoever must resume the node (an approver, a callback
   * URL) before returning; it is unguessable, and only this node run's wait accepts it. The same
   * value for every attempt of this run in this process; a run repeated after a crash gets a new
   * one.
   */
  String resumeToken();

  /**
   * Starts another workflow as a child of this execution, once per node run (a repeated attempt
   * gets the same child). Return {@link NodeResult#waitForResume} afterwards: when the child ends,
   * this node finishes with the child's result (the items of its end nodes), or fails if the child
   * failed. Durable engines do this across restarts.
   *
   * @param workflowName a workflow deployed in the engine ({@code Engine.deploy})
   * @param items the child's input items
   * @return the child execution's id
   * @throws dev.tyboo.error.WorkflowNotFoundException when no such workflow is deployed
   */
  String startSubWorkflow(String workflowName, List<Item> items);

  /**
   * Starts another workflow as a child of this execution for one step of this node run: once per
   * step (a repeated attempt gets the same child). Return {@link NodeResult#suspend
   * NodeResult.suspend(step, ..)} afterwards: when the child ends, its result is recorded as that
   * step ({@code {"items": [<the json of its end nodes' items>]}}, or {@code {"items": [], "error":
   * <message>}} when it failed) and this node runs again, finding it with {@link
   * NodeContext#steps()}. A node can so run several children one after another (an AI agent's
   * workflow tools). Durable engines do this across restarts.
   *
   * @param workflowName a workflow deployed in the engine ({@code Engine.deploy})
   * @param items the child's input items
   * @param step the step under which its result is recorded
   * @return the child execution's id
   * @throws dev.tyboo.error.WorkflowNotFoundException when no such workflow is deployed
   */
  String startSubWorkflow(String workflowName, List<Item> items, String step);

  /**
   * Runs another workflow once per batch, one batch after another, each as a child execution of
   * this one (a repeated attempt of this node run gets the same children). Return {@link
   * NodeResult#waitForResume} afterwards: when the last child ends, this node finishes with the
   * children's results (the items of their end nodes) concatenated in batch order; when a child
   * fails, this node fails and the later batches do not run. Durable engines do this across
   * restarts; the batches are kept with this node's wait.
   *
   * @param workflowName a workflow deployed in the engine ({@code Engine.deploy})
   * @param batches the children's input items, in order; at least one batch
   * @throws dev.tyboo.error.WorkflowNotFoundException when no such workflow is deployed
   * @throws IllegalArgumentException when there is no batch
   */
  void startSubWorkflowPerBatch(String workflowName, List<List<Item>> batches);

  /**
   * {@return the name under which the engine deployed the workflow written in one of this node's
   * {@link PropertyType#WORKFLOW} parameters: {@code <workflow>#<node>#<parameter>}} It belongs to
   * the same owner (the host or a tenant) as this node's workflow. Start it with {@link
   * #startSubWorkflow} or {@link #startSubWorkflowPerBatch}.
   *
   * @param parameter the parameter's name
   * @throws IllegalArgumentException when the node type declares no such workflow parameter, or the
   *     node does not set it
   */
  String embeddedWorkflow(String parameter);
}
