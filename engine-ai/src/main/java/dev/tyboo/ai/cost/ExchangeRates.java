package dev.tyboo.ai.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link CostTracker} finds the rates that convert model prices into its reporting
 * currency: the host's source (its bank's or central bank's daily rates, a table in its database).
 * Called once per priced model call whose price is in another currency; it should answer from
 * memory.
 */
@FunctionalInterface
public interface ExchangeRates {

  /**
   * {@return the rate from one currency to another for a day, or empty when the source has none}
   *
   * @param from the price's currency
   * @param to the reporting currency
   * @param day the day of the call (UTC)
   */
  Optional<ExchangeRate> rate(String from, String to, LocalDate day);

  /** {@return a source that has no rates: every price must be in the reporting currency} */
  static ExchangeRates none() {
    return (from, to, day) -> Optional.empty();
  }

  /**
   * {@return a source of fixed rates, whatever the day, each recorded with the date given}
   *
   * @param date the date the rates were taken
   * @param rates rates by {@code FROM/TO}, such as {@code "USD/EUR" -> 0.92}; the inverse pair is
   *     derived when missing
   */
  static ExchangeRates fixed(LocalDate date, Map<String, BigDecimal> rates) {
    Objects.requireNonNull(date, "date");
    Map<String, BigDecimal> copy = Map.copyOf(rates);
    return (from, to, day) -> {
      BigDecimal direct = copy.get(from + "/" + to);
      if (direct != null) {
        return Optional.of(new ExchangeRate(from, to, direct, date));
      }
      BigDecimal inverse = copy.get(to + "/" + from);
      return inverse == null
          ? Optional.empty()
          : Optional.of(
              new ExchangeRate(
                  from, to, BigDecimal.ONE.divide(inverse, java.math.MathContext.DECIMAL64), date));
    };
  }
}
