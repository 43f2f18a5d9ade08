package dev.tyboo.nodes.webhook;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers the webhook request that started the execution (JSON type {@code respondToWebhook}), in a
 * workflow whose {@link Webhook} node uses the {@code responseNode} mode. The answer leaves as soon
 * as this node runs; the execution goes on. It passes its input items on unchanged on {@value
 * PortSpec#MAIN} and emits the answer it gave as one item {@code {"statusCode", "headers", "body"}}
 * on {@value #RESPONSE}.
 *
 * <p>Parameters (expressions see the first input item):
 *
 * <ul>
 *   <li>{@code respondWith}: {@code firstItem} (its JSON; the default), {@code allItems} (a JSON
 *       array of every item's JSON), {@code json} ({@code responseBody} as JSON), {@code text}
 *       ({@code responseBody} as text), {@code noData};
 *   <li>{@code responseBody}: for {@code json} and {@code text};
 *   <li>{@code responseCode}: 200 by default;
 *   <li>{@code responseHeaders}: an object of header names to values.
 * </ul>
 *
 * <pre>{@code
 * .node("accepted", RespondToWebhook.json(202, Map.of("orderId", "{{ $json.body.id }}")))
 * }</pre>
 */
public final class RespondToWebhook implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "respondToWebhook";

  /** The output that carries the answer given, as one item. */
  public static final String RESPONSE = "response";

  static final RespondToWebhook INSTANCE = new RespondToWebhook();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Respond to Webhook")
          .description("Answers the webhook request that started the execution; passes items on")
          .outputs(PortSpec.MAIN, RESPONSE)
          .property(
              PropertySpec.string("respondWith")
                  .oneOf("firstItem", "allItems", "json", "text", "noData")
                  .withDefault("firstItem"))
          .property(PropertySpec.any("responseBody").describedAs("for respondWith json or text"))
          .property(PropertySpec.integer("responseCode").withDefault(200))
          .property(PropertySpec.object("responseHeaders").describedAs("header name -> value"))
          .build();

  private RespondToWebhook() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a node that answers 200 with the first item's JSON} */
  public static NodeDefinition firstItem() {
    return NodeDefinition.of(INSTANCE, Map.of());
  }

  /**
   * {@return a node that answers with a JSON body}
   *
   * @param status the HTTP status
   * @param body the body; strings may hold expressions
   */
  public static NodeDefinition json(int status, Object body) {
    return NodeDefinition.of(
        INSTANCE, Map.of("respondWith", "json", "responseCode", status, "responseBody", body));
  }

  /**
   * {@return a node that answers with a text body}
   *
   * @param status the HTTP status
   * @param body the body; may hold expressions
   */
  public static NodeDefinition text(int status, String body) {
    return NodeDefinition.of(
        INSTANCE, Map.of("respondWith", "text", "responseCode", status, "responseBody", body));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (parameters.get("responseCode") instanceof Number n
        && (n.intValue() < 100 || n.intValue() > 599)) {
      problems.put("responseCode", "must be an HTTP status (100-599), was " + n);
    }
    Object with = parameters.get("respondWith");
    if (("json".equals(with) || "text".equals(with)) && !parameters.containsKey("responseBody")) {
      problems.put("responseBody", "is required to respond with " + with);
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    int status = ctx.parameter("responseCode", 0, Number.class).intValue();
    if (status < 100 || status > 599) {
      throw new NonRetryableNodeException("responseCode must be 100-599, was " + status);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Object h = ctx.parameter("responseHeaders", 0);
    if (h instanceof Map<?, ?> m) {
      m.forEach((name, value) -> headers.put(String.valueOf(name), List.of(String.valueOf(value))));
    }
    String with = ctx.stringParameter("respondWith", 0);
    Object body;
    WebhookResponse response; // built here so that bad headers or bodies fail the node
    switch (with) {
      case "allItems" -> {
        List<Object> all = new ArrayList<>();
        input.forEach(i -> all.add(i.json()));
        body = all;
        response = WebhookResponse.json(status, headers, body);
      }
      case "json" -> {
        body = ctx.parameter("responseBody", 0);
        response = WebhookResponse.json(status, headers, body);
      }
      case "text" -> {
        body = String.valueOf(ctx.parameter("responseBody", 0));
        response = WebhookResponse.text(status, headers, (String) body);
      }
      case "noData" -> {
        body = null;
        response = WebhookResponse.empty(status, headers);
      }
      default -> {
        body = input.isEmpty() ? Map.of() : input.get(0).json();
        response = WebhookResponse.json(status, headers, body);
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("statusCode", status);
    answer.put("headers", response.headers());
    answer.put("respondWith", with);
    answer.put("body", body);
    return NodeResult.builder()
        .emitAll(PortSpec.MAIN, input)
        .emit(RESPONSE, Item.of(answer))
        .build();
  }

  static WebhookResponse fromAnswer(Map<String, Object> answer) {
    int status = ((Number) answer.get("statusCode")).intValue();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (answer.get("headers") instanceof Map<?, ?> m) {
      m.forEach(
          (name, values) ->
              headers.put(
                  String.valueOf(name),
                  values instanceof List<?> l
                      ? l.stream().map(String::valueOf).toList()
                      : List.of(String.valueOf(values))));
    }
    Object body = answer.get("body");
    return switch (Objects.toString(answer.get("respondWith"), "firstItem")) {
      case "noData" -> WebhookResponse.empty(status, headers);
      case "text" -> WebhookResponse.text(status, headers, String.valueOf(body));
      default -> WebhookResponse.json(status, headers, body);
    };
  }
}
