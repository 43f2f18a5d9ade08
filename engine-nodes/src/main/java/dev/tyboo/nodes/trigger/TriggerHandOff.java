package dev.tyboo.nodes.trigger;

import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import java.util.List;

/** Where an {@link EventTrigger} hands each message it received: it starts the execution. */
@FunctionalInterface
public interface TriggerHandOff {

  /**
   * Starts the workflow for one message and returns once the execution is stored; acknowledge the
   * message after this returns, not before.
   *
   * @param messageId the message's id at its source, the same on every delivery of the message, or
   *     {@code null} when the source has none (then a redelivered message starts another execution)
   * @param items the items the trigger node outputs
   * @return the execution: new, or the one an earlier delivery of the message started
   * @throws RuntimeException when the execution could not be stored: do not acknowledge
   */
  Execution handOff(String messageId, List<Item> items);
}
