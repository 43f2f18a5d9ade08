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
    String binaryProperty) {

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
        (String) p.getOrDefault("binaryProperty", "data"));
  }

  /** Adds the problems that keep a Webhook node's parameters from being read at registration. */
  static void literalProblems(Map<String, Object> parameters, Map<String, String> problems) {
    Literals.require(parameters, LITERAL, "the dispatcher", problems);
    if (parameters.get("path") instanceof String path && !problems.containsKey("path")) {
      Set<String> names = new HashSet<>();
      List<String> segments = split(path);
      if (segments.isEmpty()) {
        problems.put("path", "must not be empty");
      }
      for (String segment : segments) {
        if (!SEGMENT.matcher(segment).matches()) {
          problems.put(
              "path",
              "segment '"
                  + segment
                  + "' must be letters, digits, '.', '_', '~', '-' or a {name} parameter");
        } else if (segment.startsWith("{") && !names.add(segment)) {
          problems.put("path", "names the parameter " + segment + " twice");
        }
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
