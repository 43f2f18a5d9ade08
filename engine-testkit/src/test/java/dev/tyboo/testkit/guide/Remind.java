package dev.tyboo.testkit.guide;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.node.ShownWhen;
import java.time.Duration;
import java.time.Instant;

/** Waits, then passes its items on (JSON type {@code acme.remind}): parameters in depth. */
public final class Remind {

  /** When to remind: the constants are the JSON values. */
  public enum Mode {
    /** After a delay. */
    after,
    /** At a time. */
    at
  }

  /**
   * Its parameters.
   *
   * @param mode after a delay or at a time
   * @param delay for {@code after}
   * @param at for {@code at}
   * @param note a text for people
   */
  public record Parameters(
      @Param(defaultValue = "after") Mode mode,
      @RequiredWhen(parameter = "mode", is = "after") @ShownWhen(parameter = "mode", is = "after")
          Duration delay,
      @RequiredWhen(parameter = "mode", is = "at") @ShownWhen(parameter = "mode", is = "at")
          Instant at,
      @Param(description = "Shown to whoever reads the reminder") String note) {}

  /** The node type. */
  public static final NodeType TYPE =
      NodeType.of(
          NodeDescriptor.builder("acme.remind").parameters(Parameters.class).build(),
          ctx -> {
            Parameters p = ctx.parameters(0, Parameters.class);
            Instant due = p.mode() == Mode.at ? p.at() : ctx.clock().now().plus(p.delay());
            return NodeResult.waitUntil(due, ctx.input()); // no thread is held while it waits
          });

  private Remind() {}
}
