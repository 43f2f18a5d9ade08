package dev.tyboo.ai.nodes;

import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.guardrails.ModerationResult;
import dev.tyboo.ai.guardrails.Moderator;
import dev.tyboo.ai.internal.JudgeModeration;
import dev.tyboo.ai.internal.OpenAiModeration;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ModelProvider;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;

/**
 * The Guardrails node's toxicity rater over the model providers: a provider's moderation API where
 * it has one, else its chat model as a judge (paid for in the cost tracker).
 */
final class ModelModeration implements Moderator {

  private final ModelProviders providers;
  private final CostTracker costs;

  ModelModeration(ModelProviders providers, CostTracker costs) {
    this.providers = providers;
    this.costs = costs;
  }

  @Override
  public ModerationResult moderate(NodeContext ctx, int item, String text) {
    String provider = ctx.stringParameter("moderationProvider", item);
    if (provider == null || provider.isBlank()) {
      throw new NonRetryableNodeException(
          "the toxicity check needs 'moderationProvider' (and 'moderationModel')", item, null);
    }
    try {
      ModelSettings settings =
          ModelCalls.settings(
              ctx, item, "moderationProvider", "moderationModel", "moderationBaseUrl", providers);
      ModelProvider p = providers.get(settings.provider());
      if (p.capabilities().contains(Capability.MODERATION)) {
        return OpenAiModeration.moderate(settings, text);
      }
      ModerationResult judged =
          JudgeModeration.moderate(
              p.chatModel(settings), p.capabilities().contains(Capability.JSON_OUTPUT), text);
      ModelCalls.record(ctx, costs, settings, judged.usage());
      return judged;
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, item, e);
    }
  }
}
