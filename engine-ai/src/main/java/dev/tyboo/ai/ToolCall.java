package dev.tyboo.ai;

import java.util.Objects;

/**
 * A model's request to call a tool.
 *
 * @param id the provider's id for the call (to answer it later), or empty
 * @param name the tool
 * @param arguments the arguments as JSON text, as the model wrote them
 */
public record ToolCall(String id, String name, String arguments) {

  /** Validates the components. */
  public ToolCall {
    id = id == null ? "" : id;
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
