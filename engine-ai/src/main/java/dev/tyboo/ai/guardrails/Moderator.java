package dev.tyboo.ai.guardrails;

import dev.tyboo.node.NodeContext;

/**
 * Rates a text for toxicity, for the Guardrails node's {@code toxicity} check. The AI catalogue
 * ({@code AiNodes}) gives one over its model providers: a provider's moderation API where it has
 * one (OpenAI's), else the chat model as a judge.
 */
@FunctionalInterface
public interface Moderator {

  /**
   * Rates a text.
   *
   * @param ctx the Guardrails node's context (parameters, credentials)
   * @param item the item's index
   * @param text the text
   * @return the scores
   * @throws dev.tyboo.error.NodeExecutionException when the model cannot be reached or answers
   *     nonsense
   */
  ModerationResult moderate(NodeContext ctx, int item, String text);
}
