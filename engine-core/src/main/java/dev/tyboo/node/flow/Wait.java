package dev.tyboo.node.flow;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.node.ShownWhen;
import dev.tyboo.workflow.NodeDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Suspends the execution without holding a thread (JSON type {@code wait}), then passes its input
 * items on. Three modes:
 *
 * <ul>
 *   <li>{@code duration}: for a duration ({@code "PT15M"}, {@code "P3D"}, {@code "90s"});
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
public final class Wait {

  /** The JSON type name. */
  public static final String TYPE = "wait";

  /** The three ways to wait; the constants are the JSON values. */
  enum Mode {
    duration,
    until,
    resume
  }

  /**
   * A Wait node's parameters.
   *
   * @param mode how to wait
   * @param duration in mode {@code duration}: how long
   * @param until in mode {@code until}: until when
   * @param timeout in mode {@code resume}: how long to wait for the resume, or {@code null} for
   *     ever
   */
  record Parameters(
      @Param(required = true) Mode mode,
      @RequiredWhen(parameter = "mode", is = "duration")
          @ShownWhen(parameter = "mode", is = "duration")
          Duration duration,
      @RequiredWhen(parameter = "mode", is = "until") @ShownWhen(parameter = "mode", is = "until")
          Instant until,
      @ShownWhen(parameter = "mode", is = "resume") Duration timeout) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Wait")
              .description(
                  "Waits for a duration, until a time, or until resumed; no thread is held")
              .parameters(Parameters.class)
              .build(),
          Wait::execute);

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

  private static NodeResult execute(NodeContext ctx) {
    Instant now = ctx.clock().now();
    Parameters p = ctx.parameters(0, Parameters.class);
    return switch (p.mode()) {
      case duration -> NodeResult.waitUntil(now.plus(p.duration()), ctx.input());
      case until -> NodeResult.waitUntil(p.until(), ctx.input());
      case resume ->
          NodeResult.waitForResume(p.timeout() == null ? null : now.plus(p.timeout()), ctx.input());
    };
  }
}
