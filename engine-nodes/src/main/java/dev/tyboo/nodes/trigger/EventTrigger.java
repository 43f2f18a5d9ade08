package dev.tyboo.nodes.trigger;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;

/**
 * A trigger node type that listens to something outside the engine (a queue, a topic, a mailbox)
 * and starts its workflow for every message. {@link Triggers} opens the listening for each
 * registered workflow; the node itself, when the execution runs, passes the message's items on.
 *
 * <p><b>Hand-off contract.</b> For every message, the implementation calls {@link
 * TriggerHandOff#handOff} and acknowledges the message only after it returns: by then the execution
 * is stored (durably, in a durable engine). When it throws, the message is left unacknowledged or
 * handed back to the source for redelivery. A message delivered again (after a crash between the
 * hand-off and the acknowledgement) is handed off again with the same message id, and the engine
 * returns the execution it started the first time instead of starting another.
 */
public interface EventTrigger extends NodeType {

  /**
   * Starts listening for one workflow's trigger node.
   *
   * @param setup the node's parameters and credentials
   * @param handOff where each message goes
   * @return the listening, closed to stop it
   * @throws Exception when the source cannot be reached or the parameters are wrong; nothing is
   *     left open
   */
  TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff) throws Exception;

  /**
   * Passes the message's items on: the hand-off gave them as the execution's input.
   *
   * @param ctx the node call
   * @return the input items, on the main output
   */
  @Override
  default NodeResult execute(NodeContext ctx) {
    return NodeResult.of(ctx.input());
  }
}
