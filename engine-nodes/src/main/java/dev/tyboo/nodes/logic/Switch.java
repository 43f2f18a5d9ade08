package dev.tyboo.nodes.logic;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes each item to one of several outputs (JSON type {@code switch}).
 *
 * <p>In <b>rules</b> mode (the default) parameter {@code rules} lists {@code {"condition": "{{ ..
 * }}", "output": "name"}}; each rule is an output port, named by {@code output} or by its index
 * ({@code "0"}, {@code "1"}, ...). An item goes to the first rule whose condition holds, or to
 * every such rule with {@code allMatchingOutputs}. An item that matches no rule is dropped, or sent
 * to the extra port {@value #FALLBACK} when {@code fallbackOutput} is {@code "extra"}, or to a
 * rule's port when {@code fallbackOutput} names it.
 *
 * <p>In <b>expression</b> mode parameter {@code output} is evaluated per item to an output index
 * ({@code 0} to {@code numberOutputs - 1}) or a port name; the ports are named {@code "0"}, {@code
 * "1"}, ...
 *
 * <pre>{@code
 * .node("byCountry", Switch.rules()
 *     .rule("fr", "{{ $json.country == 'FR' }}")
 *     .rule("de", "{{ $json.country == 'DE' }}")
 *     .fallbackToExtraOutput()
 *     .build())
 * .connect("byCountry", "fr", "frenchDesk")
 * .connect("byCountry", "fallback", "worldDesk")
 * }</pre>
 */
public final class Switch implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "switch";

  /** The extra output for items that match no rule, when {@code fallbackOutput} is "extra". */
  public static final String FALLBACK = "fallback";

  static final Switch INSTANCE = new Switch();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Switch")
          .description(
              "Routes each item to the output of the first matching rule (one output per rule), or"
                  + " to the output an expression names")
          .outputs()
          .property(PropertySpec.string("mode").oneOf("rules", "expression").withDefault("rules"))
          .property(
              PropertySpec.array("rules")
                  .describedAs(
                      "rules mode: [{\"condition\": \"{{ $json.x > 1 }}\", \"output\": \"big\"},"
                          + " ...]; output defaults to the rule's index"))
          .property(
              PropertySpec.string("fallbackOutput")
                  .withDefault("none")
                  .describedAs(
                      "rules mode: 'none' drops unmatched items, 'extra' sends them to output"
                          + " 'fallback', or the name of a rule's output"))
          .property(
              PropertySpec.bool("allMatchingOutputs")
                  .withDefault(false)
                  .describedAs("rules mode: send an item to every matching rule, not the first"))
          .property(
              PropertySpec.any("output")
                  .describedAs("expression mode: per item, an output index or name"))
          .property(
              PropertySpec.integer("numberOutputs")
                  .withDefault(4)
                  .describedAs("expression mode: how many outputs, named 0 .. n-1"))
          .build();

  private Switch() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a builder of a rules-mode Switch} */
  public static Builder rules() {
    return new Builder();
  }

  /**
   * {@return an expression-mode Switch}
   *
   * @param numberOutputs how many outputs, named {@code "0"} to {@code "<n-1>"}
   * @param output evaluated per item to an output index or name, e.g. {@code {{ $json.priority }}}
   */
  public static NodeDefinition expression(int numberOutputs, String output) {
    if (numberOutputs < 1) {
      throw new IllegalArgumentException("a Switch needs at least one output");
    }
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "mode",
            "expression",
            "numberOutputs",
            numberOutputs,
            "output",
            Objects.requireNonNull(output, "output")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<PortSpec> outputPorts(Map<String, Object> parameters) {
    List<String> names = portNames(parameters);
    return names.stream().map(PortSpec::of).toList();
  }

  private static List<String> portNames(Map<String, Object> parameters) {
    List<String> names = new ArrayList<>();
    if ("expression".equals(parameters.get("mode"))) {
      int n = parameters.get("numberOutputs") instanceof Number c ? c.intValue() : 4;
      for (int i = 0; i < n; i++) {
        names.add(Integer.toString(i));
      }
      return names;
    }
    if (parameters.get("rules") instanceof List<?> rules) {
      for (int i = 0; i < rules.size(); i++) {
        names.add(ruleOutput(rules.get(i), i));
      }
    }
    if ("extra".equals(parameters.get("fallbackOutput"))) {
      names.add(FALLBACK);
    }
    return names.stream().distinct().toList();
  }

  private static String ruleOutput(Object rule, int index) {
    return rule instanceof Map<?, ?> m && m.get("output") instanceof String s && !s.isBlank()
        ? s
        : Integer.toString(index);
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    if ("expression".equals(parameters.get("mode"))) {
      if (!parameters.containsKey("output")) {
        problems.put("output", "is required in expression mode");
      }
      if (parameters.get("numberOutputs") instanceof Number n && n.intValue() < 1) {
        problems.put("numberOutputs", "must be at least 1, was " + n);
      }
      return problems;
    }
    if (!(parameters.get("rules") instanceof List<?> rules)) {
      if (!parameters.containsKey("rules")) {
        problems.put("rules", "is required in rules mode");
      }
      return problems;
    }
    if (rules.isEmpty()) {
      problems.put("rules", "lists no rule");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      if (!(rules.get(i) instanceof Map<?, ?> rule)) {
        problems.put("rules[" + i + "]", "must be {\"condition\": ..., \"output\": ...}");
        continue;
      }
      if (!rule.containsKey("condition")) {
        problems.put("rules[" + i + "].condition", "is missing");
      }
      for (Object key : rule.keySet()) {
        if (!"condition".equals(key) && !"output".equals(key)) {
          problems.put("rules[" + i + "]." + key, "is not a rule field (condition, output)");
        }
      }
      Object output = rule.get("output");
      if (output != null
          && (!(output instanceof String s) || s.isBlank() || !s.equals(s.strip()))) {
        problems.put("rules[" + i + "].output", "must be a port name, was " + output);
      } else if (FALLBACK.equals(output) && "extra".equals(parameters.get("fallbackOutput"))) {
        problems.put("rules[" + i + "].output", "'fallback' is the extra fallback output's name");
      } else if (!seen.add(ruleOutput(rule, i))) {
        problems.put(
            "rules[" + i + "].output", "'" + ruleOutput(rule, i) + "' is used by another rule");
      }
    }
    Object fallback = parameters.getOrDefault("fallbackOutput", "none");
    if (fallback instanceof String f
        && !f.equals("none")
        && !f.equals("extra")
        && !f.contains("{{")
        && !seen.contains(f)) {
      problems.put(
          "fallbackOutput",
          "must be 'none', 'extra' or a rule's output " + seen + ", was '" + f + "'");
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    return "expression".equals(ctx.parameter("mode", 0)) ? byExpression(ctx) : byRules(ctx);
  }

  private static NodeResult byRules(NodeContext ctx) {
    NodeResult.Builder out = NodeResult.builder();
    List<Item> input = ctx.input();
    List<String> ports = portNames(ctx.rawParameters());
    for (int i = 0; i < input.size(); i++) {
      List<?> rules = ctx.parameter("rules", i, List.class);
      boolean all = Boolean.TRUE.equals(ctx.parameter("allMatchingOutputs", i));
      boolean matched = false;
      for (int r = 0; r < rules.size(); r++) {
        Object condition = rules.get(r) instanceof Map<?, ?> m ? m.get("condition") : null;
        if (!(condition instanceof Boolean b)) {
          throw new NonRetryableNodeException(
              "parameter 'rules["
                  + r
                  + "].condition' must be true or false for item "
                  + i
                  + ", was "
                  + describe(condition));
        }
        if (b) {
          out.emit(ports.get(r), input.get(i));
          matched = true;
          if (!all) {
            break;
          }
        }
      }
      if (!matched) {
        String fallback = ctx.stringParameter("fallbackOutput", i);
        if ("extra".equals(fallback)) {
          out.emit(FALLBACK, input.get(i));
        } else if (!"none".equals(fallback)) {
          if (!ports.contains(fallback)) {
            throw new NonRetryableNodeException(
                "parameter 'fallbackOutput' names no output for item "
                    + i
                    + ": '"
                    + fallback
                    + "'; the outputs are "
                    + ports);
          }
          out.emit(fallback, input.get(i));
        }
      }
    }
    return out.build();
  }

  private static NodeResult byExpression(NodeContext ctx) {
    NodeResult.Builder out = NodeResult.builder();
    List<Item> input = ctx.input();
    List<String> ports = portNames(ctx.rawParameters());
    for (int i = 0; i < input.size(); i++) {
      Object target = ctx.parameter("output", i);
      String port;
      if (target instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        port = Long.toString(n.longValue());
      } else if (target instanceof String s) {
        port = s;
      } else {
        port = null;
      }
      if (port == null || !ports.contains(port)) {
        throw new NonRetryableNodeException(
            "parameter 'output' must name one of the outputs "
                + ports
                + " for item "
                + i
                + ", was "
                + describe(target));
      }
      out.emit(port, input.get(i));
    }
    return out.build();
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }

  /** Builds a rules-mode Switch. Not thread-safe. */
  public static final class Builder {
    private final List<Map<String, Object>> rules = new ArrayList<>();
    private String fallbackOutput = "none";
    private boolean allMatchingOutputs;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param output the rule's output port name
     * @param condition a boolean per item, e.g. {@code {{ $json.country == 'FR' }}}
     */
    public Builder rule(String output, String condition) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("condition", Objects.requireNonNull(condition, "condition"));
      rule.put("output", Objects.requireNonNull(output, "output"));
      rules.add(rule);
      return this;
    }

    /** {@return this builder, sending unmatched items to the extra output {@value #FALLBACK}} */
    public Builder fallbackToExtraOutput() {
      this.fallbackOutput = "extra";
      return this;
    }

    /**
     * {@return this builder, sending unmatched items to a rule's output}
     *
     * @param output the rule's output port name
     */
    public Builder fallbackTo(String output) {
      this.fallbackOutput = Objects.requireNonNull(output, "output");
      return this;
    }

    /** {@return this builder, sending an item to every rule that matches, not only the first} */
    public Builder allMatchingOutputs() {
      this.allMatchingOutputs = true;
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("a Switch node needs at least one rule");
      }
      return NodeDefinition.of(
          INSTANCE,
          Map.of(
              "rules",
              List.copyOf(rules),
              "fallbackOutput",
              fallbackOutput,
              "allMatchingOutputs",
              allMatchingOutputs));
    }
  }
}
