package dev.tyboo.ai.internal;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;

/**
 * A tool's JSON schema (as maps) in LangChain4j's schema types: {@code object} with {@code
 * properties} and {@code required}, {@code array} with {@code items}, {@code string} (with {@code
 * enum}), {@code integer}, {@code number}, {@code boolean}; {@code description} everywhere.
 */
final class ToolSchemas {

  private ToolSchemas() {}

  static JsonObjectSchema object(Map<String, Object> schema, String path) {
    JsonObjectSchema.Builder b = JsonObjectSchema.builder();
    if (schema.get("description") instanceof String d) {
      b.description(d);
    }
    if (schema.get("properties") instanceof Map<?, ?> props) {
      props.forEach(
          (name, value) -> {
            if (!(value instanceof Map<?, ?> m)) {
              throw new IllegalArgumentException(
                  path + ".properties." + name + " must be a JSON schema object");
            }
            b.addProperty(String.valueOf(name), element(cast(m), path + ".properties." + name));
          });
    }
    if (schema.get("required") instanceof List<?> required) {
      b.required(required.stream().map(String::valueOf).toList());
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static JsonSchemaElement element(Map<String, Object> schema, String path) {
    String description = schema.get("description") instanceof String d ? d : null;
    if (schema.get("enum") instanceof List<?> values) {
      return JsonEnumSchema.builder()
          .description(description)
          .enumValues(values.stream().map(String::valueOf).toList())
          .build();
    }
    Object type = schema.getOrDefault("type", "string");
    return switch (String.valueOf(type)) {
      case "string" -> JsonStringSchema.builder().description(description).build();
      case "integer" -> JsonIntegerSchema.builder().description(description).build();
      case "number" -> JsonNumberSchema.builder().description(description).build();
      case "boolean" -> JsonBooleanSchema.builder().description(description).build();
      case "object" -> object(schema, path);
      case "array" -> {
        JsonArraySchema.Builder a = JsonArraySchema.builder().description(description);
        if (schema.get("items") instanceof Map<?, ?> items) {
          a.items(element(cast(items), path + ".items"));
        }
        yield a.build();
      }
      default ->
          throw new IllegalArgumentException(
              path
                  + ".type '"
                  + type
                  + "' is not one of string, integer, number, boolean,"
                  + " object, array");
    };
  }
}
