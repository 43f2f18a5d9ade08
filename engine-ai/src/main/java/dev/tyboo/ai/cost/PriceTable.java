package dev.tyboo.ai.cost;

import dev.tyboo.ai.TokenUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices per provider and model. Each price carries its currency (the table's by default: the one
 * given to {@link #builder(String)}); a {@link CostTracker} converts other currencies into its
 * reporting currency. Models without a price cost nothing and are reported as unpriced ({@link
 * #priced}), so that a missing entry is visible rather than silently free. Immutable; build with
 * {@link #builder(String)}.
 */
public final class PriceTable {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final String currency;
  private final Map<String, ModelPrice> prices;

  private PriceTable(String currency, Map<String, ModelPrice> prices) {
    this.currency = currency;
    this.prices = Map.copyOf(prices);
  }

  /**
   * {@return an empty table builder}
   *
   * @param currency the one currency of its prices
   */
  public static Builder builder(String currency) {
    return new Builder(currency);
  }

  /** {@return a table with no prices, in USD} */
  public static PriceTable empty() {
    return builder("USD").build();
  }

  private static String key(String provider, String model) {
    return provider + "/" + model;
  }

  /** {@return the table's currency: its default for prices, and a tracker's default for reports} */
  public String currency() {
    return currency;
  }

  /**
   * {@return whether the table has a price for a model}
   *
   * @param provider the provider
   * @param model the model
   */
  public boolean priced(String provider, String model) {
    return find(provider, model).isPresent();
  }

  private Optional<ModelPrice> find(String provider, String model) {
    return Optional.ofNullable(prices.get(key(provider, model)));
  }

  /**
   * {@return what the usage costs, in the model's price currency (zero in the table's currency for
   * an unpriced model)}
   *
   * @param provider the provider
   * @param model the model
   * @param usage the tokens used
   */
  public Cost cost(String provider, String model, TokenUsage usage) {
    return find(provider, model)
        .map(
            p ->
                new Cost(
                    p.inputPerMillion()
                        .multiply(BigDecimal.valueOf(usage.inputTokens()))
                        .add(
                            p.outputPerMillion().multiply(BigDecimal.valueOf(usage.outputTokens())))
                        .divide(MILLION, MathContext.DECIMAL64)
                        .stripTrailingZeros(),
                    p.currency()))
        .orElse(Cost.zero(currency));
  }

  /** Builds a {@link PriceTable}. Not thread-safe. */
  public static final class Builder {
    private final String currency;
    private final Map<String, ModelPrice> prices = new LinkedHashMap<>();

    private Builder(String currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
    }

    /**
     * {@return this builder}
     *
     * @param provider the provider, such as {@code openai}
     * @param model the model, such as {@code gpt-4o-mini}
     * @param inputPerMillion the price of a million input tokens
     * @param outputPerMillion the price of a million output tokens
     */
    public Builder price(
        String provider, String model, String inputPerMillion, String outputPerMillion) {
      prices.put(key(provider, model), ModelPrice.of(inputPerMillion, outputPerMillion, currency));
      return this;
    }

    /**
     * {@return this builder, with a model's price in a currency of its own (a {@link CostTracker}
     * converts it into its reporting currency)}
     *
     * @param provider the provider's name
     * @param model the model
     * @param price the price, in any currency
     */
    public Builder price(String provider, String model, ModelPrice price) {
      prices.put(key(provider, model), Objects.requireNonNull(price, "price"));
      return this;
    }

    /** {@return the table} */
    public PriceTable build() {
      return new PriceTable(currency, prices);
    }
  }
}
