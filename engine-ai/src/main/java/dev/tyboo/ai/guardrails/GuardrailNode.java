package dev.tyboo.ai.guardrails;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Guardrails node (JSON type {@code guardrails}): finds personal data ({@link PiiDetector}) in
 * each item's {@code text} and acts on it.
 *
 * <ul>
 *   <li>{@code redact} (default): the text with each finding replaced by its kind ({@code [EMAIL]})
 *       goes to {@code destination};
 *   <li>{@code block}: an item with a finding fails the node with a {@link
 *       GuardrailViolationException} (not retryable), naming the kinds found, never the data;
 *   <li>{@code flag}: the item passes unchanged.
 * </ul>
 *
 * <p>Every item gets {@code guardrails}: {@code {action, findings: [{rule, start, end}]}}: which
 * rule matched where, and what was done; data, not a log line. {@code types} limits the kinds (all
 * by default).
 */
public final class GuardrailNode {

  /** The JSON type name. */
  public static final String TYPE = "guardrails";

  /** What the node does with a finding. */
  enum Action {
    redact,
    block,
    flag
  }

  /**
   * The node's parameters.
   *
   * @param text the text to check, usually an expression such as {@code {{ $json.message }}}
   * @param types the kinds to find; all by default
   * @param action what to do with findings
   * @param destination where the redacted text goes
   * @param checks {@code personalData} and/or {@code promptInjection}
   */
  record Parameters(
      @Param(required = true) String text,
      List<PiiType> types,
      @Param(defaultValue = "redact") Action action,
      @Param(defaultValue = "text") String destination,
      @Param(defaultValue = "[\"personalData\"]") List<Check> checks) {}

  /** What the node checks for. */
  enum Check {
    personalData,
    promptInjection
  }

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Guardrails")
              .description(
                  "Finds personal data or prompt injection in text; redacts, blocks or flags it")
              .parameters(Parameters.class)
              .build(),
          GuardrailNode::execute);

  private GuardrailNode() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that redacts every kind of personal data in a text}
   *
   * @param text the text, e.g. {@code {{ $json.message }}}
   */
  public static NodeDefinition redact(String text) {
    return NodeDefinition.of(INSTANCE, Map.of("text", Objects.requireNonNull(text, "text")));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      Set<PiiType> types =
          p.types() == null || p.types().isEmpty()
              ? EnumSet.allOf(PiiType.class)
              : EnumSet.copyOf(p.types());
      List<PiiFinding> findings = List.of();
      List<PromptInjectionDetector.Finding> injections = List.of();
      try {
        if (p.checks().contains(Check.personalData)) {
          findings = PiiDetector.of(types).find(p.text());
        }
        if (p.checks().contains(Check.promptInjection)) {
          injections = PromptInjectionDetector.find(p.text());
        }
      } catch (IllegalArgumentException e) {
        throw NodeFailure.badParameter(
            "text", i, e.getMessage(), p.text().length() + " characters");
      }
      List<Map<String, Object>> report = new ArrayList<>();
      for (PiiFinding f : findings) {
        report.add(Map.of("rule", f.type().name(), "start", f.start(), "end", f.end()));
      }
      for (PromptInjectionDetector.Finding f : injections) {
        report.add(
            Map.of("rule", "promptInjection." + f.rule(), "start", f.start(), "end", f.end()));
      }
      if (p.action() == Action.block && !report.isEmpty()) {
        throw new GuardrailViolationException(
            i, report.stream().map(r -> (String) r.get("rule")).distinct().toList());
      }
      Map<String, Object> json = new LinkedHashMap<>(ctx.input().get(i).json());
      if (p.action() == Action.redact && p.checks().contains(Check.personalData)) {
        json.put(p.destination(), PiiDetector.redact(p.text(), findings));
      }
      json.put("guardrails", Map.of("action", p.action().name(), "findings", report));
      out.add(ctx.input().get(i).withJson(json)); // attachments kept
    }
    return NodeResult.of(out);
  }
}
