package dev.tyboo.testkit.node;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link NodeTestKit#run()} of a node did, as it was when the run ended or began to wait.
 *
 * @param execution the execution that ran it, for anything else a test wants to check (its engine
 *     is closed)
 * @param nodeRun the node's run when the kit returned
 */
public record NodeTestResult(Execution execution, NodeRun nodeRun) {

  /** {@return how the node's run ended: succeeded, failed, waiting, ...} */
  public NodeRunStatus status() {
    return nodeRun().status();
  }

  /** {@return the items per output port; empty when it failed or waits} */
  public Map<String, List<Item>> outputs() {
    return nodeRun().outputs();
  }

  /** {@return the items on the {@value PortSpec#MAIN} output; empty when none} */
  public List<Item> output() {
    return output(PortSpec.MAIN);
  }

  /**
   * {@return the items on an output port; empty when none}
   *
   * @param port an output port name
   */
  public List<Item> output(String port) {
    return outputs().getOrDefault(port, List.of());
  }

  /** {@return the node's failure, as the engine recorded it (typed, context filled in)} */
  public Optional<NodeExecutionException> failure() {
    NodeExecutionException own = nodeRun().error();
    return own != null ? Optional.of(own) : execution.error();
  }

  /** {@return whether the node asked to wait (for a time or a resume)} */
  public boolean waits() {
    return status() == NodeRunStatus.WAITING;
  }

  /**
   * {@return the outputs, failing with the node's error when it failed} For tests of the happy
   * path: the failure then shows as the test's cause.
   *
   * @throws AssertionError when the node failed or did not finish
   */
  public Map<String, List<Item>> outputsOrThrow() {
    if (failure().isPresent()) {
      throw new AssertionError("the node failed: " + failure().get().getMessage(), failure().get());
    }
    if (status() != NodeRunStatus.SUCCEEDED) {
      throw new AssertionError("the node did not finish: it is " + status());
    }
    return outputs();
  }
}
