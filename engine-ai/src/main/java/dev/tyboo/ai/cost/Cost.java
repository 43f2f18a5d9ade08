package dev.tyboo.ai.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount of money.
 *
 * @param amount the amount
 * @param currency the currency, such as {@code USD}
 */
public record Cost(BigDecimal amount, String currency) {

  /** Validates the components. */
  public Cost {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
  }

  /**
   * {@return nothing, in a currency}
   *
   * @param currency the currency
   */
  public static Cost zero(String currency) {
    return new Cost(BigDecimal.ZERO, currency);
  }

  /**
   * {@return the sum}
   *
   * @param other an amount in the same currency
   * @throws IllegalArgumentException when the currencies differ
   */
  public Cost plus(Cost other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "cannot add " + other.currency + " to " + currency + " (one price table, one currency)");
    }
    return new Cost(amount.add(other.amount), currency);
  }
}
