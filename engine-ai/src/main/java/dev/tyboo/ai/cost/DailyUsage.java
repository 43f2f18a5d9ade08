package dev.tyboo.ai.cost;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one tenant's calls to one model used and cost on one day (UTC), in the reporting currency.
 *
 * @param tenant the tenant; empty for the host's own
 * @param day the day
 * @param provider the provider
 * @param model the model
 * @param calls how many calls
 * @param inputTokens their input tokens
 * @param outputTokens their output tokens
 * @param cost what they cost
 */
public record DailyUsage(
    String tenant,
    LocalDate day,
    String provider,
    String model,
    long calls,
    long inputTokens,
    long outputTokens,
    Cost cost) {

  /** Validates the components. */
  public DailyUsage {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(cost, "cost");
  }

  DailyUsage plus(CostEntry e) {
    return new DailyUsage(
        tenant,
        day,
        provider,
        model,
        calls + 1,
        inputTokens + e.usage().inputTokens(),
        outputTokens + e.usage().outputTokens(),
        cost.plus(e.reported()));
  }
}
