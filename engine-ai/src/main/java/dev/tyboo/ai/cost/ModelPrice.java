package dev.tyboo.ai.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one model charges.
 *
 * @param inputPerMillion the price of a million input (prompt) tokens
 * @param outputPerMillion the price of a million output (completion) tokens
 * @param currency the currency, such as {@code USD}
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion, String currency) {

  /** Validates the components. */
  public ModelPrice {
    Objects.requireNonNull(inputPerMillion, "inputPerMillion");
    Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    Objects.requireNonNull(currency, "currency");
    if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /**
   * {@return a price}
   *
   * @param inputPerMillion the price of a million input tokens
   * @param outputPerMillion the price of a million output tokens
   * @param currency the currency
   */
  public static ModelPrice of(String inputPerMillion, String outputPerMillion, String currency) {
    return new ModelPrice(
        new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion), currency);
  }
}
