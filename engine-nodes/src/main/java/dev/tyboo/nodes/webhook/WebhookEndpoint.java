package dev.tyboo.nodes.webhook;

import dev.tyboo.nodes.internal.Literals;
import dev.tyboo.workflow.NodeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Webhook node of a registered workflow, as the dispatcher matches and answers requests for it.
 *
 * @param workflowName the workflow it starts
 * @param nodeId the Webhook node
 * @param method the HTTP method it accepts
 * @param segments its path split at '/', with {@code {name}} segments for parameters
 * @param mode when to answer
 * @param responseCode the status for onReceived and lastNode answers
 * @param responseData firstItem, allItems or noData
 * @param authentication none, headerToken, basic or hmac
 * @param secret the name of the dispatcher's secret, or {@code null}
 * @param headerName the token or signature header (lower case)
 * @param binaryProperty where a binary body goes
 * @param trigger the node's type when it is a {@link WebhookTrigger}, else {@code null}
 * @param parameters the node's parameters
 */
record WebhookEndpoint(
    String workflowName,
    String nodeId,
    String method,
    List<String> segments,
    Webhook.ResponseMode mode,
    int responseCode,
    String responseData,
    String authentication,
    String secret,
    String headerName,
    String binaryProperty,
    WebhookTrigger trigger,
    Map<String, Object> parameters) {

  private static final Pattern SEGMENT =
      Pattern.compile("[A-Za-z0-9._~-]+|\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final List<String> LITERAL =
      List.of(
          "path",
          "method",
          "responseMode",
          "responseCode",
          "responseData",
          "authentication",
          "secret",
          "headerName",
          "binaryProperty");

  static WebhookEndpoint of(String workflowName, NodeSpec node) {
    Map<String, Object> p = node.parameters();
    String auth = (String) p.getOrDefault("authentication", "none");
    String header = (String) p.get("headerName");
    if (header == null) {
      header = "hmac".equals(auth) ? "X-Signature-256" : "X-Webhook-Token";
    }
    String mode = (String) p.getOrDefault("responseMode", "onReceived");
    return new WebhookEndpoint(
        workflowName,
        node.id(),
        (String) p.getOrDefault("method", "POST"),
        split((String) p.get("path")),
        switch (mode) {
          case "lastNode" -> Webhook.ResponseMode.LAST_NODE;
          case "responseNode" -> Webhook.ResponseMode.RESPONSE_NODE;
          default -> Webhook.ResponseMode.ON_RECEIVED;
        },
        ((Number) p.getOrDefault("responseCode", 200)).intValue(),
        (String) p.getOrDefault("responseData", "firstItem"),
        auth,
        (String) p.get("secret"),
        header.toLowerCase(java.util.Locale.ROOT),
        (String) p.getOrDefault("binaryProperty", "data"),
        null,
        p);
  }

  static WebhookEndpoint ofTrigger(String workflowName, NodeSpec node, WebhookTrigger trigger) {
    Map<String, Object> p = node.parameters();
    String path = trigger.path(p);
    String problem = path == null ? "is required" : pathProblem(path);
    if (problem != null) {
      throw new WebhookRegistrationException(
          "workflow '" + workflowName + "': node '" + node.id() + "': path " + problem);
    }
    return new WebhookEndpoint(
        workflowName,
        node.id(),
        "POST",
        split(path),
        Webhook.ResponseMode.ON_RECEIVED,
        200,
        "firstItem",
        "trigger",
        trigger.secretName(p),
        "",
        "data",
        trigger,
        p);
  }

  /** Adds the problems that keep a Webhook node's parameters from being read at registration. */
  static void literalProblems(Map<String, Object> parameters, Map<String, String> problems) {
    Literals.require(parameters, LITERAL, "the dispatcher", problems);
    if (parameters.get("path") instanceof String path && !problems.containsKey("path")) {
      String problem = pathProblem(path);
      if (problem != null) {
        problems.put("path", problem);
      }
    }
    Object auth = parameters.getOrDefault("authentication", "none");
    if (!"none".equals(auth) && !parameters.containsKey("secret")) {
      problems.put("secret", "is required with authentication '" + auth + "'");
    }
    if (parameters.get("responseCode") instanceof Number n
        && (n.intValue() < 100 || n.intValue() > 599)) {
      problems.put("responseCode", "must be an HTTP status (100-599), was " + n);
    }
  }

  /**
   * {@return what is wrong with a route path, or {@code null}}
   *
   * @param path e.g. {@code orders/{id}}
   */
  static String pathProblem(String path) {
    Set<String> names = new HashSet<>();
    List<String> segments = split(path);
    if (segments.isEmpty()) {
      return "must not be empty";
    }
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        return "segment '"
            + segment
            + "' must be letters, digits, '.', '_', '~', '-' or a {name} parameter";
      } else if (segment.startsWith("{") && !names.add(segment)) {
        return "names the parameter " + segment + " twice";
      }
    }
    return null;
  }

  static List<String> split(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return List.copyOf(segments);
  }

  /** {@return the path as written, e.g. {@code orders/{id}}} */
  String path() {
    return String.join("/", segments);
  }

  /** {@return whether it has parameters in its path} */
  boolean isTemplate() {
    return segments.stream().anyMatch(s -> s.startsWith("{"));
  }

  /**
   * {@return the path parameters when the request path matches, else {@code null}}
   *
   * @param requestSegments the request's path segments
   */
  Map<String, Object> match(List<String> requestSegments) {
    if (requestSegments.size() != segments.size()) {
      return null;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (s.startsWith("{")) {
        params.put(s.substring(1, s.length() - 1), requestSegments.get(i));
      } else if (!s.equals(requestSegments.get(i))) {
        return null;
      }
    }
    return params;
  }

  /** {@return the path with parameters blanked, to find two endpoints that match alike} */
  String shape() {
    return method
        + " "
        + String.join("/", segments.stream().map(s -> s.startsWith("{") ? "{}" : s).toList());
  }
}
