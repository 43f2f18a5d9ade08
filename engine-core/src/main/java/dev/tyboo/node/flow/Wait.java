package dev.tyboo.node.flow;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Suspends the execution without holding a thread (JSON type {@code wait}), then passes its input
 * items on. Three modes:
 *
 * <ul>
 *   <li>{@code duration}: for an ISO-8601 duration ({@code "PT15M"}, {@code "P3D"});
 *   <li>{@code until}: until an ISO-8601 instant ({@code "2026-12-24T18:00:00Z"}, expressions
 *       allowed); a past instant ends the wait at once;
 *   <li>{@code resume}: until {@code Engine.resume} is called with the node's resume token (see
 *       {@code Execution.resumeTokens()} and the {@code NodeWaiting} event), optionally giving up
 *       after {@code timeout}; a resume emits the items it is given, a timeout the input items.
 * </ul>
 *
 * In a durable engine the wait survives restarts. Human approval is the {@code resume} mode plus a
 * token handed to a person.
 */
public final class Wait implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "wait";

  static final Wait INSTANCE = new Wait();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Wait")
          .description("Waits for a duration, until a time, or until resumed; no thread is held")
          .property(PropertySpec.string("mode").oneOf("duration", "until", "resume").required())
          .property(PropertySpec.string("duration"))
          .property(PropertySpec.string("until"))
          .property(PropertySpec.string("timeout"))
          .build();

  private Wait() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a wait for a fixed time}
   *
   * @param duration how long
   */
  public static NodeDefinition forDuration(Duration duration) {
    return definition("duration", "duration", Objects.requireNonNull(duration).toString());
  }

  /**
   * {@return a wait until a time}
   *
   * @param instant an ISO-8601 instant, or an expression that yields one
   */
  public static NodeDefinition until(String instant) {
    return definition("until", "until", Objects.requireNonNull(instant, "instant"));
  }

  /** {@return a wait until resumed, for ever} */
  public static NodeDefinition forResume() {
    return definition("resume", null, null);
  }

  /**
   * {@return a wait until resumed or until a timeout passes}
   *
   * @param timeout how long to wait for the resume
   */
  public static NodeDefinition forResume(Duration timeout) {
    return definition("resume", "timeout", Objects.requireNonNull(timeout).toString());
  }

  private static NodeDefinition definition(String mode, String key, String value) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("mode", mode);
    if (key != null) {
      params.put(key, value);
    }
    return NodeDefinition.of(INSTANCE, params);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    Instant now = ctx.clock().now();
    return switch (ctx.stringParameter("mode", 0)) {
      case "duration" -> NodeResult.waitUntil(now.plus(duration(ctx, "duration")), ctx.input());
      case "until" -> NodeResult.waitUntil(instant(ctx), ctx.input());
      default -> {
        String timeout = ctx.stringParameter("timeout", 0);
        yield NodeResult.waitForResume(
            timeout == null ? null : now.plus(duration(ctx, "timeout")), ctx.input());
      }
    };
  }

  private static Duration duration(NodeContext ctx, String name) {
    String text = ctx.stringParameter(name, 0);
    if (text == null) {
      throw new NonRetryableNodeException("parameter '" + name + "' is required in this mode");
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative()) {
        throw new NonRetryableNodeException(
            "parameter '" + name + "' must not be negative, was " + text);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new NonRetryableNodeException(
          "parameter '"
              + name
              + "' is not an ISO-8601 duration (like PT15M or P3D): '"
              + text
              + "'",
          e);
    }
  }

  private static Instant instant(NodeContext ctx) {
    String text = ctx.stringParameter("until", 0);
    if (text == null) {
      throw new NonRetryableNodeException("parameter 'until' is required in mode 'until'");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new NonRetryableNodeException(
          "parameter 'until' is not an ISO-8601 instant (like 2026-12-24T18:00:00Z): '"
              + text
              + "'",
          e);
    }
  }
}
