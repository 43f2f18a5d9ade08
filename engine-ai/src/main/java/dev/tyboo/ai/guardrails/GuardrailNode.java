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
 *
 * <p>The {@code toxicity} check rates the text with a moderation model ({@code moderationProvider},
 * {@code moderationModel}, {@code moderationBaseUrl}, its credential; OpenAI's moderation API, or
 * any chat model as a judge): each category scored at or above {@code toxicityThreshold} (0.5) is a
 * finding {@code toxicity.<category>} over the whole text, with its {@code score}.
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
   * @param checks {@code personalData}, {@code promptInjection} and/or {@code toxicity}
   * @param moderationProvider for {@code toxicity}: the model provider
   * @param moderationModel for {@code toxicity}: the model
   * @param moderationBaseUrl for {@code toxicity}: the provider's address, else the credential's
   * @param toxicityThreshold the score from which a category is a finding
   * @param timeoutSeconds the moderation call's time limit
   */
  record Parameters(
      @Param(required = true) String text,
      List<PiiType> types,
      @Param(defaultValue = "redact") Action action,
      @Param(defaultValue = "text") String destination,
      @Param(defaultValue = "[\"personalData\"]") List<Check> checks,
      String moderationProvider,
      String moderationModel,
      String moderationBaseUrl,
      @Param(defaultValue = "0.5") Double toxicityThreshold,
      @Param(defaultValue = "60") Integer timeoutSeconds) {}

  /** What the node checks for. */
  enum Check {
    personalData,
    promptInjection,
    toxicity
  }

  private static final Moderator NONE =
      (ctx, item, text) -> {
        throw new dev.tyboo.error.NonRetryableNodeException(
            "the toxicity check needs a moderation model: register the AI catalogue's"
                + " guardrails node (AiNodes)",
            item,
            null);
      };

  static final NodeType INSTANCE = type(NONE);

  private GuardrailNode() {}

  /** {@return the node type without a moderation model (no toxicity check), for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return the node type, its toxicity check rated by a moderator}
   *
   * @param moderator rates texts for the {@code toxicity} check
   */
  public static NodeType type(Moderator moderator) {
    Objects.requireNonNull(moderator, "moderator");
    return NodeType.of(
        NodeDescriptor.builder(TYPE)
            .displayName("Guardrails")
            .description(
                "Finds personal data, prompt injection or toxicity in text; redacts, blocks or"
                    + " flags it")
            .parameters(Parameters.class)
            .credentialType("openAiApi")
            .credentialType("anthropicApi")
            .credentialType("googleGeminiApi")
            .credentialType("ollamaApi")
            .build(),
        ctx -> execute(ctx, moderator));
  }

  /**
   * {@return a node that redacts every kind of personal data in a text}
   *
   * @param text the text, e.g. {@code {{ $json.message }}}
   */
  public static NodeDefinition redact(String text) {
    return NodeDefinition.of(INSTANCE, Map.of("text", Objects.requireNonNull(text, "text")));
  }

  private static NodeResult execute(NodeContext ctx, Moderator moderator) {
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
      if (p.checks().contains(Check.toxicity)) {
        double threshold = p.toxicityThreshold();
        if (threshold <= 0 || threshold > 1) {
          throw NodeFailure.badParameter(
              "toxicityThreshold", i, "must be above 0 and at most 1", String.valueOf(threshold));
        }
        new java.util.TreeMap<>(moderator.moderate(ctx, i, p.text()).scores())
            .forEach(
                (category, score) -> {
                  if (score >= threshold) {
                    report.add(
                        Map.of(
                            "rule",
                            "toxicity." + category,
                            "start",
                            0,
                            "end",
                            p.text().length(),
                            "score",
                            score));
                  }
                });
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
