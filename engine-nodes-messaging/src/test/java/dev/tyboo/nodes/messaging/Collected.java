package dev.tyboo.nodes.messaging;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What the trigger tests' workflows received: a node type that keeps its items, and a wait. */
public final class Collected {

  /** The items every execution's {@link #type} node received, in arrival order. */
  public final List<Item> items = new CopyOnWriteArrayList<>();

  /** A node type ({@code test.collect}) that keeps its input items and passes them on. */
  public final NodeType type =
      NodeType.of(
          NodeDescriptor.builder("test.collect").build(),
          ctx -> {
            items.addAll(ctx.input());
            return NodeResult.of(ctx.input());
          });

  /**
   * Waits up to 20 seconds for a condition.
   *
   * @param condition what must come true
   * @param what the condition, for the failure message
   * @throws InterruptedException when interrupted
   */
  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
