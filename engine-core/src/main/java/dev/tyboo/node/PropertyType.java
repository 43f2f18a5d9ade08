package dev.tyboo.node;

/** The JSON type of a node parameter. */
public enum PropertyType {
  /** A JSON string. */
  STRING("string"),
  /** Any JSON number. */
  NUMBER("number"),
  /** A JSON number without a fractional part. */
  INTEGER("integer"),
  /** {@code true} or {@code false}. */
  BOOLEAN("boolean"),
  /** A JSON object. */
  OBJECT("object"),
  /** A JSON array. */
  ARRAY("array"),
  /** Any JSON value. */
  ANY(null);

  private final String jsonSchemaType;

  PropertyType(String jsonSchemaType) {
    this.jsonSchemaType = jsonSchemaType;
  }

  /** {@return the JSON Schema {@code type} keyword's value, or {@code null} for {@link #ANY}} */
  public String jsonSchemaType() {
    return jsonSchemaType;
  }
}
