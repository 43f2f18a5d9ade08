package dev.tyboo.ai.agent;

import dev.tyboo.ai.ToolSpec;
import java.util.Map;
import java.util.Objects;

/**
 * A tool that the host gives AI agents: Java code the model may ask to call. Register it with
 * {@code AiNodes.builder().tool(..)}; a workflow's agent names it in its {@code tools} parameter
 * ({@code {"type": "host", "name": "lookupOrder"}}). Arguments are checked against the tool's JSON
 * schema before the call; a call that throws answers the model with the failure (the agent goes
 * on). Implementations must be thread-safe.
 *
 * <pre>{@code
 * AgentTool weather = AgentTool.of(
 *     new ToolSpec("weather", "Today's weather in a city",
 *         Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
 *             "required", List.of("city"))),
 *     (args, call) -> forecasts.today((String) args.get("city")));
 * }</pre>
 */
public interface AgentTool {

  /** {@return the tool's name, description and arguments schema, as the model sees them} */
  ToolSpec spec();

  /** {@return whether each call waits for a person's approval first} By default not. */
  default boolean requiresApproval() {
    return false;
  }

  /**
   * Runs one call.
   *
   * @param arguments the model's arguments, checked against the schema
   * @param invocation the run that calls, with the call's idempotency key
   * @return the result: JSON data (a map, list, text, number, boolean) or {@code null}
   * @throws Exception when the call fails; the model is told, the agent goes on
   */
  Object call(Map<String, Object> arguments, ToolInvocation invocation) throws Exception;

  /** The code of a tool made with {@link #of}. */
  @FunctionalInterface
  interface Body {
    /**
     * Runs one call.
     *
     * @param arguments the model's arguments
     * @param invocation the run that calls
     * @return the result (JSON data)
     * @throws Exception when the call fails
     */
    Object call(Map<String, Object> arguments, ToolInvocation invocation) throws Exception;
  }

  /**
   * {@return a tool of a spec and some code}
   *
   * @param spec its name, description and arguments schema
   * @param body what a call does
   */
  static AgentTool of(ToolSpec spec, Body body) {
    return of(spec, false, body);
  }

  /**
   * {@return a tool of a spec and some code}
   *
   * @param spec its name, description and arguments schema
   * @param requiresApproval whether each call waits for a person's approval first
   * @param body what a call does
   */
  static AgentTool of(ToolSpec spec, boolean requiresApproval, Body body) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(body, "body");
    return new AgentTool() {
      @Override
      public ToolSpec spec() {
        return spec;
      }

      @Override
      public boolean requiresApproval() {
        return requiresApproval;
      }

      @Override
      public Object call(Map<String, Object> arguments, ToolInvocation invocation)
          throws Exception {
        return body.call(arguments, invocation);
      }

      @Override
      public String toString() {
        return "AgentTool[" + spec.name() + "]";
      }
    };
  }
}
