package dev.tyboo.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tyboo.error.Problem;
import dev.tyboo.error.Problem.Kind;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.internal.dag.Suggestions;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one workflow document into a {@link Workflow} for {@link WorkflowJson#read}, collecting
 * every problem with its JSON path instead of stopping at the first.
 */
final class WorkflowReader {

  private static final Set<String> WORKFLOW_FIELDS =
      Set.of("name", "description", "settings", "nodes", "connections");
  private static final Set<String> SETTINGS_FIELDS =
      Set.of("retry", "nodeTimeout", "maxConcurrentExecutions", "errorWorkflow");
  private static final Set<String> NODE_FIELDS =
      Set.of(
          "id",
          "type",
          "version",
          "parameters",
          "credentials",
          "retry",
          "timeout",
          "continueOnFail");
  private static final Set<String> CONNECTION_FIELDS = Set.of("from", "output", "to", "input");
  private static final Set<String> RETRY_FIELDS =
      Set.of(
          "maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter", "retryOn", "abortOn");

  private final NodeRegistry registry;
  private final List<Problem> problems = new ArrayList<>();

  WorkflowReader(NodeRegistry registry) {
    this.registry = registry;
  }

  Workflow read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new WorkflowValidationException(
          null,
          List.of(
              new Problem(
                  Kind.MALFORMED, "$", "a workflow must be a JSON object, was " + kind(root))));
    }
    checkFields(root, "$", WORKFLOW_FIELDS);
    String name = string(root, "name", "$", true);
    String description = string(root, "description", "$", false);
    WorkflowSettings settings = settings(root.get("settings"));
    List<NodeSpec> nodes = new ArrayList<>();
    List<Integer> nodeIndex = new ArrayList<>();
    Set<String> unresolved = new HashSet<>();
    JsonNode nodesNode = root.get("nodes");
    if (nodesNode == null) {
      problems.add(new Problem(Kind.MISSING, "$.nodes", "field 'nodes' is missing"));
    } else if (!nodesNode.isArray()) {
      problems.add(
          new Problem(
              Kind.MALFORMED, "$.nodes", "'nodes' must be an array, was " + kind(nodesNode)));
    } else {
      for (int i = 0; i < nodesNode.size(); i++) {
        int before = nodes.size();
        node(nodesNode.get(i), "$.nodes[" + i + "]", nodes, unresolved);
        if (nodes.size() > before) {
          nodeIndex.add(i);
        }
      }
    }
    List<Connection> connections = new ArrayList<>();
    List<Integer> originalIndex = new ArrayList<>();
    JsonNode connNode = root.get("connections");
    if (connNode != null && !connNode.isArray()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              "$.connections",
              "'connections' must be an array, was " + kind(connNode)));
    } else if (connNode != null) {
      for (int j = 0; j < connNode.size(); j++) {
        Connection c = connection(connNode.get(j), "$.connections[" + j + "]");
        if (c != null) {
          connections.add(c);
          originalIndex.add(j);
        }
      }
    }
    Workflow draft =
        new Workflow(
            name == null ? "" : name,
            description == null ? "" : description,
            nodes,
            connections,
            settings);
    for (Problem p :
        WorkflowValidator.validate(draft, WorkflowValidator.defaultLanguage(), unresolved)) {
      if (name == null && p.path().equals("$.name")) {
        continue; // already reported as missing or malformed
      }
      problems.add(renumber(renumber(p, "$.nodes[", nodeIndex), "$.connections[", originalIndex));
    }
    if (problems.isEmpty()) {
      return draft;
    }
    throw new WorkflowValidationException(name, problems);
  }

  /** Maps a path into the list of readable nodes or connections back to the document's index. */
  private static Problem renumber(Problem p, String prefix, List<Integer> originalIndex) {
    if (!p.path().startsWith(prefix)) {
      return p;
    }
    int close = p.path().indexOf(']');
    int k = Integer.parseInt(p.path().substring(prefix.length(), close));
    return new Problem(
        p.kind(), prefix + originalIndex.get(k) + p.path().substring(close), p.message());
  }

  private void node(JsonNode node, String path, List<NodeSpec> nodes, Set<String> unresolved) {
    if (!node.isObject()) {
      problems.add(
          new Problem(Kind.MALFORMED, path, "a node must be a JSON object, was " + kind(node)));
      return;
    }
    checkFields(node, path, NODE_FIELDS);
    String id = string(node, "id", path, true);
    String type = string(node, "type", path, true);
    Integer version = integer(node, "version", path);
    Map<String, Object> parameters = object(node, "parameters", path);
    Map<String, String> credentials = credentials(node.get("credentials"), path + ".credentials");
    RetryPolicy retry = node.has("retry") ? retry(node.get("retry"), path + ".retry") : null;
    Duration timeout = duration(node, "timeout", path);
    Boolean continueOnFail = bool(node, "continueOnFail", path);
    if (id == null || type == null) {
      if (id != null) {
        unresolved.add(id);
      }
      return;
    }
    NodeType nodeType = resolve(type, version, path, id);
    if (nodeType == null) {
      unresolved.add(id);
      return;
    }
    NodePolicy policy;
    try {
      policy = new NodePolicy(retry, timeout, continueOnFail != null && continueOnFail);
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              Kind.INVALID_VALUE, path + ".timeout", "node '" + id + "': " + e.getMessage()));
      policy = NodePolicy.defaults();
    }
    try {
      nodes.add(
          new NodeSpec(
              id,
              nodeType,
              parameters == null ? Map.of() : parameters,
              credentials == null ? Map.of() : credentials,
              policy));
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              Kind.INVALID_PARAMETER,
              path + ".parameters",
              "node '" + id + "': " + e.getMessage()));
      unresolved.add(id);
    }
  }

  private NodeType resolve(String type, Integer version, String path, String id) {
    if (version != null) {
      var found = registry.find(type, version);
      if (found.isPresent()) {
        return found.get();
      }
      List<Integer> versions = registry.versions(type);
      if (!versions.isEmpty()) {
        problems.add(
            new Problem(
                Kind.UNKNOWN_NODE_TYPE,
                path + ".version",
                "node '"
                    + id
                    + "': type '"
                    + type
                    + "' has no version "
                    + version
                    + "; registered versions are "
                    + versions));
        return null;
      }
    } else {
      var latest = registry.latest(type);
      if (latest.isPresent()) {
        return latest.get();
      }
    }
    problems.add(
        new Problem(
            Kind.UNKNOWN_NODE_TYPE,
            path + ".type",
            "node '"
                + id
                + "': unknown node type '"
                + type
                + "'"
                + Suggestions.didYouMean(type, registry.typeNames())));
    return null;
  }

  private Connection connection(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(
          new Problem(
              Kind.MALFORMED, path, "a connection must be a JSON object, was " + kind(node)));
      return null;
    }
    checkFields(node, path, CONNECTION_FIELDS);
    String from = string(node, "from", path, true);
    String to = string(node, "to", path, true);
    String output = string(node, "output", path, false);
    String input = string(node, "input", path, false);
    if (from == null || to == null) {
      return null;
    }
    return new Connection(
        from, output == null ? PortSpec.MAIN : output, to, input == null ? PortSpec.MAIN : input);
  }

  private WorkflowSettings settings(JsonNode node) {
    if (node == null) {
      return WorkflowSettings.defaults();
    }
    if (!node.isObject()) {
      problems.add(
          new Problem(
              Kind.MALFORMED, "$.settings", "'settings' must be a JSON object, was " + kind(node)));
      return WorkflowSettings.defaults();
    }
    checkFields(node, "$.settings", SETTINGS_FIELDS);
    RetryPolicy retry = node.has("retry") ? retry(node.get("retry"), "$.settings.retry") : null;
    Duration timeout = duration(node, "nodeTimeout", "$.settings");
    Integer max = integer(node, "maxConcurrentExecutions", "$.settings");
    String errorWorkflow = string(node, "errorWorkflow", "$.settings", false);
    try {
      return new WorkflowSettings(retry, timeout, max == null ? 0 : max, errorWorkflow);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(Kind.INVALID_VALUE, "$.settings", e.getMessage()));
      return WorkflowSettings.defaults();
    }
  }

  private RetryPolicy retry(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(
          new Problem(
              Kind.MALFORMED, path, "a retry policy must be a JSON object, was " + kind(node)));
      return null;
    }
    checkFields(node, path, RETRY_FIELDS);
    Integer maxAttempts = integer(node, "maxAttempts", path);
    Duration initial = duration(node, "initialDelay", path);
    Duration maxDelay = duration(node, "maxDelay", path);
    Double multiplier = number(node, "multiplier", path);
    Double jitter = number(node, "jitter", path);
    List<Class<? extends Throwable>> retryOn = throwables(node.get("retryOn"), path + ".retryOn");
    List<Class<? extends Throwable>> abortOn = throwables(node.get("abortOn"), path + ".abortOn");
    RetryPolicy defaults = RetryPolicy.ofDefaults();
    try {
      return new RetryPolicy(
          maxAttempts == null ? defaults.maxAttempts() : maxAttempts,
          initial == null ? defaults.initialDelay() : initial,
          multiplier == null ? defaults.multiplier() : multiplier,
          maxDelay == null
              ? (initial != null && initial.compareTo(defaults.maxDelay()) > 0
                  ? initial
                  : defaults.maxDelay())
              : maxDelay,
          jitter == null ? defaults.jitter() : jitter,
          retryOn == null ? defaults.retryOn() : retryOn,
          abortOn == null ? defaults.abortOn() : abortOn);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(Kind.INVALID_VALUE, path, e.getMessage()));
      return null;
    }
  }

  private List<Class<? extends Throwable>> throwables(JsonNode node, String path) {
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path,
              "must be an array of exception class names, was " + kind(node)));
      return null;
    }
    List<Class<? extends Throwable>> classes = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode n = node.get(i);
      String p = path + "[" + i + "]";
      if (!n.isTextual()) {
        problems.add(new Problem(Kind.MALFORMED, p, "must be a class name, was " + kind(n)));
        continue;
      }
      try {
        Class<?> c = Class.forName(n.asText(), false, WorkflowJson.class.getClassLoader());
        if (!Throwable.class.isAssignableFrom(c)) {
          problems.add(
              new Problem(Kind.INVALID_VALUE, p, "'" + n.asText() + "' is not an exception class"));
          continue;
        }
        @SuppressWarnings("unchecked")
        Class<? extends Throwable> t = (Class<? extends Throwable>) c;
        classes.add(t);
      } catch (ClassNotFoundException | LinkageError e) {
        problems.add(
            new Problem(
                Kind.INVALID_VALUE,
                p,
                "exception class '" + n.asText() + "' is not on the class path"));
      }
    }
    return classes;
  }

  private Map<String, String> credentials(JsonNode node, String path) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path,
              "'credentials' must be an object of credential names, was " + kind(node)));
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        problems.add(
            new Problem(
                Kind.MALFORMED,
                path + "." + e.getKey(),
                "must be a credential name (a string), was " + kind(e.getValue())));
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private void checkFields(JsonNode node, String path, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        problems.add(
            new Problem(
                Kind.MALFORMED,
                path + "." + field,
                "unknown field '"
                    + field
                    + "'"
                    + Suggestions.didYouMean(field, allowed)
                    + "; allowed fields are "
                    + allowed.stream().sorted().toList()));
      }
    }
  }

  private String string(JsonNode node, String field, String path, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(
            new Problem(Kind.MISSING, path + "." + field, "field '" + field + "' is missing"));
      }
      return null;
    }
    if (!v.isTextual()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be a string, was " + kind(v)));
      return null;
    }
    return v.asText();
  }

  private Integer integer(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isInt()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be an integer, was " + kind(v)));
      return null;
    }
    return v.intValue();
  }

  private Double number(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be a number, was " + kind(v)));
      return null;
    }
    return v.doubleValue();
  }

  private Boolean bool(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be true or false, was " + kind(v)));
      return null;
    }
    return v.booleanValue();
  }

  private Duration duration(JsonNode node, String field, String path) {
    String text = string(node, field, path, false);
    if (text == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative() || d.isZero()) {
        problems.add(
            new Problem(
                Kind.INVALID_VALUE,
                path + "." + field,
                "'" + field + "' must be positive, was " + text));
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be an ISO-8601 duration such as PT30S, was '" + text + "'"));
      return null;
    }
  }

  private Map<String, Object> object(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problems.add(
          new Problem(
              Kind.MALFORMED,
              path + "." + field,
              "'" + field + "' must be a JSON object, was " + kind(v)));
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) JsonValues.fromTree(v);
    return map;
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase();
    };
  }
}
