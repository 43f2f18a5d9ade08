package dev.tyboo.ai.nodes;

import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.cost.Cost;
import dev.tyboo.ai.cost.CostEntry;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.error.CredentialException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.NodeContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the AI nodes share: settings from parameters and credentials, errors, usage and cost. */
final class ModelCalls {

  private ModelCalls() {}

  /**
   * Provider, model, base URL (parameter, else credential), key (credential) for item {@code i}.
   */
  static ModelSettings settings(NodeContext ctx, int i, ModelProviders providers) {
    return settings(ctx, i, "provider", "model", "baseUrl", providers);
  }

  /** The same, from parameters of other names (a node that calls two models). */
  static ModelSettings settings(
      NodeContext ctx,
      int i,
      String providerParameter,
      String modelParameter,
      String baseUrlParameter,
      ModelProviders providers) {
    String provider = ctx.stringParameter(providerParameter, i);
    String model = ctx.stringParameter(modelParameter, i);
    String baseUrl = ctx.stringParameter(baseUrlParameter, i);
    String apiKey = null;
    if (!"local".equals(provider)) {
      String type = AiCredentials.typeOf(provider);
      try {
        Map<String, Object> credential = ctx.credential(type);
        apiKey = credential.get("apiKey") instanceof String k ? k : null;
        if ((baseUrl == null || baseUrl.isBlank())
            && credential.get("baseUrl") instanceof String u) {
          baseUrl = u;
        }
      } catch (CredentialException e) {
        if (providers.get(provider).requiresApiKey()) {
          throw e; // names the credential type the node lacks
        }
      }
    }
    Number timeout = ctx.parameter("timeoutSeconds", i, Number.class);
    return new ModelSettings(
        provider,
        model,
        baseUrl,
        apiKey,
        Duration.ofSeconds(timeout == null ? 60 : timeout.longValue()));
  }

  /** A failed call as the node failure the engine retries (or not), naming node and item. */
  static NodeExecutionException failure(NodeContext ctx, int i, RuntimeException e) {
    if (e instanceof NodeExecutionException n) {
      return n;
    }
    String detail = "" + e.getMessage();
    if (e instanceof ModelCallException m) {
      return m.isRetryable()
          ? new RetryableNodeException(detail, i, m.retryAfter().orElse(null), e)
          : new NonRetryableNodeException(detail, i, e);
    }
    return new NonRetryableNodeException(detail, i, e);
  }

  /** Records a call's cost, checking the execution's budget; its cost in the reporting currency. */
  static Cost record(NodeContext ctx, CostTracker costs, ModelSettings s, TokenUsage usage) {
    return entry(ctx, costs, s, usage).reported();
  }

  private static CostEntry entry(
      NodeContext ctx, CostTracker costs, ModelSettings s, TokenUsage usage) {
    return costs.record(
        ctx.executionId(),
        ctx.tenant(),
        ctx.workflowName(),
        ctx.nodeId(),
        s.provider(),
        s.model(),
        usage);
  }

  /** Records the call's cost and returns the {@code usage}, {@code cost} and running total. */
  static Map<String, Object> account(
      NodeContext ctx, CostTracker costs, ModelSettings s, TokenUsage usage) {
    CostEntry entry = entry(ctx, costs, s, usage);
    Map<String, Object> out =
        accounting(
            ctx, costs, usage, entry.reported(), costs.prices().priced(s.provider(), s.model()));
    if (entry.rate() != null) {
      Map<String, Object> cost = copy((Map<?, ?>) out.get("cost"));
      cost.put(
          "charged",
          Map.of(
              "amount", entry.charged().amount().doubleValue(),
              "currency", entry.charged().currency()));
      cost.put("rate", entry.rate().rate().doubleValue());
      cost.put("rateDate", entry.rate().date().toString());
      out.put("cost", cost);
    }
    return out;
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** The {@code usage}, {@code cost} and {@code executionCost} fields of an output item. */
  static Map<String, Object> accounting(
      NodeContext ctx, CostTracker costs, TokenUsage usage, Cost cost, boolean priced) {
    Cost total = costs.executionTotal(ctx.executionId());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "usage",
        Map.of(
            "inputTokens",
            usage.inputTokens(),
            "outputTokens",
            usage.outputTokens(),
            "totalTokens",
            usage.totalTokens()));
    out.put(
        "cost",
        Map.of(
            "amount", cost.amount().doubleValue(), "currency", cost.currency(), "priced", priced));
    out.put(
        "executionCost",
        Map.of("amount", total.amount().doubleValue(), "currency", total.currency()));
    return out;
  }
}
