package dev.tyboo.ai.nodes;

import dev.tyboo.ai.guardrails.GuardrailViolationException;
import dev.tyboo.ai.guardrails.PiiDetector;
import dev.tyboo.ai.guardrails.PromptInjectionDetector;
import dev.tyboo.node.NodeContext;
import java.util.List;

/**
 * The guardrail options of the nodes that send a prompt (Chat Model, AI Agent): {@code
 * blockPromptInjection} refuses a text the injection heuristics flag (a typed, non-retryable {@link
 * GuardrailViolationException} naming the rules, never the text); {@code redactPersonalData}
 * replaces personal data with its kind ({@code [EMAIL]}) before the text is sent.
 */
final class PromptGuards {

  private PromptGuards() {}

  /** {@return the text to send, after the node's guardrail options for item {@code i}} */
  static String apply(NodeContext ctx, int i, String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    if (Boolean.TRUE.equals(ctx.parameter("blockPromptInjection", i, Boolean.class))) {
      List<String> rules =
          PromptInjectionDetector.find(text).stream()
              .map(PromptInjectionDetector.Finding::rule)
              .distinct()
              .toList();
      if (!rules.isEmpty()) {
        throw new GuardrailViolationException(i, rules);
      }
    }
    if (Boolean.TRUE.equals(ctx.parameter("redactPersonalData", i, Boolean.class))) {
      return PiiDetector.redact(text, PiiDetector.all().find(text));
    }
    return text;
  }
}
