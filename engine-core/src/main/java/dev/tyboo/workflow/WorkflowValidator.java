package dev.tyboo.workflow;

import dev.tyboo.error.Problem;
import dev.tyboo.error.Problem.Kind;
import dev.tyboo.internal.dag.CycleFinder;
import dev.tyboo.internal.dag.Suggestions;
import dev.tyboo.internal.expression.ValueTemplate;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.internal.node.TimeValues;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertyCondition;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.PropertyType;
import dev.tyboo.spi.expression.ExpressionLanguage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks a workflow and lists every problem with its path. */
final class WorkflowValidator {

  private static final class DefaultLanguage {
    static final ExpressionLanguage INSTANCE = ExpressionLanguage.safeDefault();
  }

  private WorkflowValidator() {}

  /** {@return the stateless default language used to check expressions at build time} */
  static ExpressionLanguage defaultLanguage() {
    return DefaultLanguage.INSTANCE;
  }

  /**
   * {@return every problem found; empty when the workflow is valid}
   *
   * @param workflow the workflow
   * @param language the language its expressions must compile in
   * @param unresolvedNodeIds ids of nodes left out of the workflow because of earlier problems
   *     (connections to them are not reported again)
   */
  static List<Problem> validate(
      Workflow workflow, ExpressionLanguage language, Set<String> unresolvedNodeIds) {
    List<Problem> problems = new ArrayList<>();
    Identifiers.workflowNameProblem(workflow.name())
        .ifPresent(p -> problems.add(new Problem(Kind.INVALID_VALUE, "$.name", p)));

    Map<String, NodeSpec> byId = new HashMap<>();
    List<NodeSpec> nodes = workflow.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec node = nodes.get(i);
      String path = "$.nodes[" + i + "]";
      if (checkName(node.id(), path + ".id", problems)
          && byId.putIfAbsent(node.id(), node) != null) {
        problems.add(
            new Problem(
                Kind.DUPLICATE,
                path + ".id",
                "node id '" + node.id() + "' is used more than once"));
      }
      checkParameters(node, path, language, problems);
      checkCredentials(node, path, problems);
    }

    List<String[]> edges = new ArrayList<>();
    Set<Connection> seen = new HashSet<>();
    List<Connection> connections = workflow.connections();
    for (int j = 0; j < connections.size(); j++) {
      Connection c = connections.get(j);
      String path = "$.connections[" + j + "]";
      if (!seen.add(c)) {
        problems.add(
            new Problem(Kind.DUPLICATE, path, "connection " + c + " is listed more than once"));
        continue;
      }
      NodeSpec from = endpoint(c.from(), path + ".from", byId, unresolvedNodeIds, c, problems);
      NodeSpec to = endpoint(c.to(), path + ".to", byId, unresolvedNodeIds, c, problems);
      boolean portsOk = true;
      if (from != null) {
        List<String> outputs = from.outputPorts();
        if (!outputs.contains(c.output())) {
          portsOk = false;
          String hint =
              c.output().equals(PortSpec.ERROR)
                  ? " (the 'error' output exists only when the node continues on failure)"
                  : Suggestions.didYouMean(c.output(), outputs);
          problems.add(
              new Problem(
                  Kind.UNKNOWN_PORT,
                  path + ".output",
                  "node '"
                      + from.id()
                      + "' has no output port '"
                      + c.output()
                      + "'"
                      + hint
                      + "; its outputs are "
                      + outputs));
        }
      }
      if (to != null) {
        List<String> inputs =
            to.nodeType().descriptor().inputs().stream().map(PortSpec::name).toList();
        if (!inputs.contains(c.input())) {
          portsOk = false;
          problems.add(
              new Problem(
                  Kind.UNKNOWN_PORT,
                  path + ".input",
                  "node '"
                      + to.id()
                      + "' has no input port '"
                      + c.input()
                      + "'"
                      + Suggestions.didYouMean(c.input(), inputs)
                      + "; its inputs are "
                      + inputs));
        }
      }
      if (from != null && to != null && portsOk) {
        edges.add(new String[] {from.id(), to.id()});
      }
    }

    for (List<String> cycle : CycleFinder.findCycles(byId.keySet(), edges)) {
      problems.add(
          new Problem(
              Kind.CYCLE,
              "$.connections",
              "the connections form a cycle: "
                  + String.join(" -> ", cycle)
                  + " (use a loop node instead of a cycle)"));
    }
    return problems;
  }

  private static NodeSpec endpoint(
      String id,
      String path,
      Map<String, NodeSpec> byId,
      Set<String> unresolved,
      Connection c,
      List<Problem> problems) {
    NodeSpec node = byId.get(id);
    if (node == null && !unresolved.contains(id)) {
      problems.add(
          new Problem(
              Kind.DANGLING_CONNECTION,
              path,
              "connection "
                  + c
                  + " names node '"
                  + id
                  + "', which is not in the workflow"
                  + Suggestions.didYouMean(id, byId.keySet())));
    }
    return node;
  }

  private static boolean checkName(String id, String path, List<Problem> problems) {
    Optional<String> problem = Identifiers.problem("node id", id);
    problem.ifPresent(p -> problems.add(new Problem(Kind.INVALID_VALUE, path, p)));
    return problem.isEmpty();
  }

  private static void checkCredentials(NodeSpec node, String path, List<Problem> problems) {
    List<String> declared = node.nodeType().descriptor().credentialTypes();
    for (String type : node.credentials().keySet()) {
      if (!declared.contains(type)) {
        problems.add(
            new Problem(
                Kind.INVALID_VALUE,
                path + ".credentials." + type,
                "node '"
                    + node.id()
                    + "' of type '"
                    + node.type()
                    + "' does not use credential type '"
                    + type
                    + "'"
                    + Suggestions.didYouMean(type, declared)
                    + "; it uses "
                    + declared));
      }
    }
  }

  private static void checkParameters(
      NodeSpec node, String path, ExpressionLanguage language, List<Problem> problems) {
    NodeDescriptor descriptor = node.nodeType().descriptor();
    checkObject(
        node.id(),
        descriptor.properties(),
        node.parameters(),
        path + ".parameters",
        "",
        language,
        problems);
    node.nodeType()
        .parameterProblems(node.parameters())
        .forEach(
            (param, message) ->
                problems.add(
                    new Problem(
                        Kind.INVALID_PARAMETER,
                        path + ".parameters." + param,
                        "node '" + node.id() + "': parameter '" + param + "' " + message)));
  }

  private static void checkObject(
      String nodeId,
      List<PropertySpec> specs,
      Map<String, Object> values,
      String path,
      String paramPrefix,
      ExpressionLanguage language,
      List<Problem> problems) {
    Set<String> names = new LinkedHashSet<>();
    for (PropertySpec spec : specs) {
      names.add(spec.name());
      String p = path + "." + spec.name();
      String param = paramPrefix + spec.name();
      if (!values.containsKey(spec.name())) {
        if (spec.isRequired() && spec.defaultValue() == null) {
          problems.add(
              new Problem(
                  Kind.MISSING,
                  p,
                  "node '" + nodeId + "': required parameter '" + param + "' is missing"));
        } else if (spec.defaultValue() == null
            && conditionHolds(spec.requiredWhen(), specs, values) == Boolean.TRUE) {
          problems.add(
              new Problem(
                  Kind.MISSING,
                  p,
                  "node '"
                      + nodeId
                      + "': parameter '"
                      + param
                      + "' is required when "
                      + paramPrefix
                      + spec.requiredWhen()));
        }
        continue;
      }
      if (conditionHolds(spec.shownWhen(), specs, values) == Boolean.FALSE) {
        problems.add(
            new Problem(
                Kind.INVALID_PARAMETER,
                p,
                "node '"
                    + nodeId
                    + "': parameter '"
                    + param
                    + "' applies only when "
                    + paramPrefix
                    + spec.shownWhen()
                    + "; leave it out"));
        continue;
      }
      checkValue(nodeId, spec, values.get(spec.name()), p, param, language, problems);
    }
    for (String key : values.keySet()) {
      if (!names.contains(key)) {
        problems.add(
            new Problem(
                Kind.UNKNOWN_PARAMETER,
                path + "." + key,
                "node '"
                    + nodeId
                    + "' has no parameter '"
                    + paramPrefix
                    + key
                    + "'"
                    + Suggestions.didYouMean(key, names)
                    + (names.isEmpty() ? "; it takes none" : "; it takes " + names)));
      }
    }
  }

  /**
   * {@return whether a condition holds for the literal value of the parameter it names (its default
   * when unset); {@code null} when there is no condition or that value is an expression, known only
   * as the node runs}
   */
  private static Boolean conditionHolds(
      PropertyCondition condition, List<PropertySpec> specs, Map<String, Object> values) {
    if (condition == null) {
      return null;
    }
    Object value = values.get(condition.parameter());
    if (value == null) {
      value =
          specs.stream()
              .filter(s -> s.name().equals(condition.parameter()))
              .findFirst()
              .map(PropertySpec::defaultValue)
              .orElse(null);
    }
    if (value instanceof String s && s.contains(ValueTemplate.OPEN)) {
      return null;
    }
    return condition.holds(value);
  }

  @SuppressWarnings("unchecked")
  private static void checkValue(
      String nodeId,
      PropertySpec spec,
      Object value,
      String path,
      String param,
      ExpressionLanguage language,
      List<Problem> problems) {
    int before = problems.size();
    ValueTemplate template =
        spec.type() == PropertyType.CODE
            ? ValueTemplate.literal(value)
            : ValueTemplate.compile(
                value,
                param,
                language,
                (p, e) ->
                    problems.add(
                        new Problem(
                            Kind.INVALID_EXPRESSION,
                            path,
                            "node '" + nodeId + "', parameter '" + p + "': " + e.getMessage())));
    if (problems.size() > before || !template.isConstant() && value instanceof String) {
      return; // an expression: its type is checked when it is resolved
    }
    if (value == null) {
      if (spec.isRequired() && spec.type() != PropertyType.ANY) {
        problems.add(
            new Problem(
                Kind.MISSING,
                path,
                "node '" + nodeId + "': required parameter '" + param + "' is null"));
      }
      return;
    }
    if (!spec.type().accepts(value)) {
      problems.add(invalid(nodeId, param, path, "must be " + article(spec.type()), value));
      return;
    }
    if (!spec.options().isEmpty() && !spec.options().contains(value)) {
      problems.add(invalid(nodeId, param, path, "must be one of " + spec.options(), value));
    }
    if (spec.type() == PropertyType.OBJECT && !spec.properties().isEmpty()) {
      checkObject(
          nodeId,
          spec.properties(),
          (Map<String, Object>) value,
          path,
          param + ".",
          language,
          problems);
    }
  }

  private static Problem invalid(
      String nodeId, String param, String path, String requirement, Object value) {
    return new Problem(
        Kind.INVALID_PARAMETER,
        path,
        "node '"
            + nodeId
            + "': parameter '"
            + param
            + "' "
            + requirement
            + ", was "
            + JsonValues.describe(value));
  }

  private static String article(PropertyType type) {
    return switch (type) {
      case INTEGER, OBJECT, ARRAY -> "an " + type.jsonSchemaType();
      case ANY -> "any value";
      case DURATION -> TimeValues.DURATION_FORM;
      case INSTANT -> TimeValues.INSTANT_FORM;
      default -> "a " + type.jsonSchemaType();
    };
  }
}
