package dev.tyboo.ai.cost;

import dev.tyboo.ai.TokenUsage;
import java.time.Instant;
import java.util.Objects;

/**
 * One priced model call, as a {@link CostTracker} recorded it.
 *
 * @param tenant the workflow's tenant; empty for the host's own
 * @param provider the provider
 * @param model the model
 * @param usage the tokens used
 * @param charged what the call cost in its price's currency
 * @param reported the same in the tracker's reporting currency
 * @param rate the rate used to convert, with its date; {@code null} when no conversion was needed
 * @param at when the call was recorded
 */
public record CostEntry(
    String tenant,
    String provider,
    String model,
    TokenUsage usage,
    Cost charged,
    Cost reported,
    ExchangeRate rate,
    Instant at) {

  /** Validates the components. */
  public CostEntry {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(charged, "charged");
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(at, "at");
  }
}
