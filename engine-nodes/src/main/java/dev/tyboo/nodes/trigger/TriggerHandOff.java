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

  /**
   * Hands a message off until its execution is stored, waiting between attempts (from 100 ms,
   * doubling, up to 5 s) while the engine cannot store it: for sources that cannot hand a message
   * back for redelivery (MQTT, a Redis stream), whose later messages wait behind it in order.
   *
   * @param messageId the message's id, or {@code null}
   * @param items the items the trigger node outputs
   * @param stopped tells when to give up (the trigger is closing): the message then stays
   *     unacknowledged, for the source to deliver again
   * @return the execution, or {@code null} when stopped or interrupted before it was stored
   */
  default Execution handOffUntilStored(
      String messageId, List<Item> items, java.util.function.BooleanSupplier stopped) {
    long backoff = 100;
    while (true) {
      try {
        return handOff(messageId, items);
      } catch (RuntimeException e) {
        if (stopped.getAsBoolean()) {
          return null;
        }
        org.slf4j.LoggerFactory.getLogger(TriggerHandOff.class)
            .warn("message {} was not started; trying again in {} ms", messageId, backoff, e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}
