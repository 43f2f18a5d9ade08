package dev.tyboo.nodes.webhook;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a workflow when an HTTP request arrives (JSON type {@code webhook}). The node itself only
 * emits the request item; a {@link WebhookDispatcher} that the workflow is {@linkplain
 * WebhookDispatcher#register registered} with matches requests to it, authenticates them, starts
 * the execution and answers.
 *
 * <p>The item it emits: {@code {"method", "path", "params", "query", "headers", "body"}}, where
 * {@code params} holds the values of {@code {name}} segments of the path, {@code headers} has
 * lower-case names, and {@code body} is the parsed JSON, the form fields, or the text of the
 * request. Any other body (an image, a PDF, multipart) is streamed into the binary store as the
 * attachment named by {@code binaryProperty} ({@code data}).
 *
 * <p>Parameters are read when the workflow is registered, so they must be literal values:
 *
 * <ul>
 *   <li>{@code path} (required): e.g. {@code orders} or {@code orders/{id}};
 *   <li>{@code method}: {@code POST} (default), {@code GET}, {@code PUT}, {@code PATCH}, {@code
 *       DELETE};
 *   <li>{@code responseMode}: {@code onReceived} (default: answer {@code responseCode} with the
 *       execution id at once), {@code lastNode} (answer when the execution ends, with the output of
 *       the node that finished last, see {@code responseData}), {@code responseNode} (a {@link
 *       RespondToWebhook} node answers);
 *   <li>{@code responseCode}: 200 by default;
 *   <li>{@code responseData} ({@code lastNode} mode): {@code firstItem} (its JSON, the default),
 *       {@code allItems} (a JSON array), {@code noData};
 *   <li>{@code authentication}: {@code none} (default), {@code headerToken} (header {@code
 *       headerName} must equal the secret), {@code basic} (HTTP Basic, the secret is {@code
 *       user:password}), {@code hmac} (header {@code headerName} carries {@code sha256=<hex>}, the
 *       HMAC-SHA256 of the raw body keyed by the secret, as GitHub sends it);
 *   <li>{@code secret}: the name of a secret given to the dispatcher ({@link
 *       WebhookDispatcher.Builder#secret}); secrets never appear in workflows;
 *   <li>{@code headerName}: {@code X-Webhook-Token} for header tokens, {@code X-Signature-256} for
 *       HMAC.
 * </ul>
 *
 * <pre>{@code
 * .node("orderIn", Webhook.builder("orders").responseMode(Webhook.ResponseMode.LAST_NODE)
 *     .hmac("shop-signing-key").build())
 * }</pre>
 */
public final class Webhook implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "webhook";

  static final Webhook INSTANCE = new Webhook();

  /** When the dispatcher answers the request. */
  public enum ResponseMode {
    /** At once, with the execution id. */
    ON_RECEIVED("onReceived"),
    /** When the execution ends, with the output of the node that finished last. */
    LAST_NODE("lastNode"),
    /** When a {@link RespondToWebhook} node runs. */
    RESPONSE_NODE("responseNode");

    private final String json;

    ResponseMode(String json) {
      this.json = json;
    }

    /** {@return its name in JSON parameters} */
    public String json() {
      return json;
    }
  }

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Webhook")
          .description("Starts the workflow when an HTTP request arrives; emits the request")
          .inputs()
          .property(
              PropertySpec.string("path")
                  .required()
                  .describedAs("below the host's webhook prefix, e.g. orders/{id}"))
          .property(
              PropertySpec.string("method")
                  .oneOf("GET", "POST", "PUT", "PATCH", "DELETE")
                  .withDefault("POST"))
          .property(
              PropertySpec.string("responseMode")
                  .oneOf("onReceived", "lastNode", "responseNode")
                  .withDefault("onReceived"))
          .property(PropertySpec.integer("responseCode").withDefault(200))
          .property(
              PropertySpec.string("responseData")
                  .oneOf("firstItem", "allItems", "noData")
                  .withDefault("firstItem"))
          .property(
              PropertySpec.string("authentication")
                  .oneOf("none", "headerToken", "basic", "hmac")
                  .withDefault("none"))
          .property(
              PropertySpec.string("secret")
                  .describedAs("the name of a secret held by the WebhookDispatcher"))
          .property(
              PropertySpec.string("headerName")
                  .describedAs("token or signature header; X-Webhook-Token / X-Signature-256"))
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .build();

  private Webhook() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a builder of Webhook nodes}
   *
   * @param path the path below the host's webhook prefix, e.g. {@code orders/{id}}
   */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    WebhookEndpoint.literalProblems(parameters, problems);
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    return NodeResult.of(ctx.input());
  }

  /** Builds a Webhook node's parameters. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private Builder(String path) {
      parameters.put("path", Objects.requireNonNull(path, "path"));
    }

    /**
     * {@return this builder}
     *
     * @param method GET, POST, PUT, PATCH or DELETE
     */
    public Builder method(String method) {
      parameters.put("method", method);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param mode when to answer
     */
    public Builder responseMode(ResponseMode mode) {
      parameters.put("responseMode", mode.json());
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param status the status of the answer in the onReceived and lastNode modes
     */
    public Builder responseCode(int status) {
      parameters.put("responseCode", status);
      return this;
    }

    /** {@return this builder, answering lastNode requests with all its items as an array} */
    public Builder respondWithAllItems() {
      parameters.put("responseData", "allItems");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param header the header that carries the token
     * @param secret the name of the dispatcher's secret it must equal
     */
    public Builder headerToken(String header, String secret) {
      return auth("headerToken", secret).header(header);
    }

    /**
     * {@return this builder}
     *
     * @param secret the name of the dispatcher's secret holding {@code user:password}
     */
    public Builder basicAuth(String secret) {
      return auth("basic", secret);
    }

    /**
     * {@return this builder; the signature is read from {@code X-Signature-256}}
     *
     * @param secret the name of the dispatcher's secret that keys the HMAC-SHA256
     */
    public Builder hmac(String secret) {
      return auth("hmac", secret);
    }

    /**
     * {@return this builder}
     *
     * @param header the header that carries the signature
     * @param secret the name of the dispatcher's secret that keys the HMAC-SHA256
     */
    public Builder hmac(String header, String secret) {
      return auth("hmac", secret).header(header);
    }

    private Builder auth(String kind, String secret) {
      parameters.put("authentication", kind);
      parameters.put("secret", Objects.requireNonNull(secret, "secret"));
      return this;
    }

    private Builder header(String header) {
      parameters.put("headerName", Objects.requireNonNull(header, "header"));
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      return NodeDefinition.of(INSTANCE, parameters);
    }
  }
}
