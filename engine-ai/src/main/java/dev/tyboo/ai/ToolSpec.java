package dev.tyboo.ai;

import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may ask to call. The request comes back as a {@link ToolCall} in the result: the
 * workflow decides what to do with it (nothing runs by itself).
 *
 * @param name the tool's name
 * @param description what it does, for the model
 * @param parameters its arguments as a JSON schema object ({@code {"type": "object", "properties":
 *     {...}, "required": [...]}}); empty for none
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

  /** Validates and copies the components. */
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tool needs a name");
    }
    description = description == null ? "" : description;
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
