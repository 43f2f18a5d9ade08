package dev.tyboo.ai.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one unit of a currency is worth in another, on a day: {@code 1 from = rate to}.
 *
 * @param from the currency converted, such as {@code USD}
 * @param to the currency converted into, such as {@code EUR}
 * @param rate how many {@code to} one {@code from} is worth
 * @param date the day the rate is for
 */
public record ExchangeRate(String from, String to, BigDecimal rate, LocalDate date) {

  /** Validates the components. */
  public ExchangeRate {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(date, "date");
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException("an exchange rate is positive, was " + rate);
    }
  }
}
