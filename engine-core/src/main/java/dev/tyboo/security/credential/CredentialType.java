package dev.tyboo.security.credential;

import dev.tyboo.node.PropertySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A kind of credential and the fields its data has, as {@link PropertySpec}s (required, JSON type,
 * description); the vault refuses data that does not fit. {@link #toJsonSchema()} publishes it, so
 * a host can render a form.
 *
 * @param name the type's name, as nodes declare it ({@code httpBasicAuth})
 * @param fields its fields
 */
public record CredentialType(String name, List<PropertySpec> fields) {

  /** {@code httpBasicAuth}: {@code user}, {@code password}. */
  public static final CredentialType HTTP_BASIC =
      of(
          "httpBasicAuth",
          PropertySpec.string("user").required(),
          PropertySpec.string("password").required());

  /** {@code httpBearerAuth}: {@code token}. */
  public static final CredentialType HTTP_BEARER =
      of("httpBearerAuth", PropertySpec.string("token").required());

  /** {@code httpHeaderAuth}: header {@code name} and {@code value}. */
  public static final CredentialType HTTP_HEADER =
      of(
          "httpHeaderAuth",
          PropertySpec.string("name").required(),
          PropertySpec.string("value").required());

  /**
   * {@code oAuth2Api}: client and token endpoint, and the tokens the HTTP Request node keeps
   * ({@code accessToken}, {@code refreshToken}, {@code expiresAt}).
   */
  public static final CredentialType OAUTH2 =
      of(
          "oAuth2Api",
          PropertySpec.string("tokenUrl").required(),
          PropertySpec.string("clientId").required(),
          PropertySpec.string("clientSecret"),
          PropertySpec.string("scope"),
          PropertySpec.string("clientAuthentication"),
          PropertySpec.string("accessToken"),
          PropertySpec.string("refreshToken"),
          PropertySpec.any("expiresAt"));

  /** Checks and copies the values. */
  public CredentialType {
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
  }

  /**
   * {@return a credential type}
   *
   * @param name its name
   * @param fields its fields
   */
  public static CredentialType of(String name, PropertySpec... fields) {
    return new CredentialType(name, List.of(fields));
  }

  /** {@return the built-in types: HTTP Basic, bearer, header and OAuth2} */
  public static List<CredentialType> builtIn() {
    return List.of(HTTP_BASIC, HTTP_BEARER, HTTP_HEADER, OAUTH2);
  }

  /** {@return a JSON Schema (draft 2020-12) of the data} */
  public Map<String, Object> toJsonSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new java.util.ArrayList<>();
    for (PropertySpec f : fields) {
      properties.put(f.name(), f.toJsonSchema());
      if (f.isRequired()) {
        required.add(f.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("title", name);
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }
}
