package dev.tyboo.ai.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.ai.TokenUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Costs in any currency: prices in their own currencies, converted into the reporting currency with
 * the host's rates (rate and date kept on each entry), budgets in any currency, and usage per
 * tenant, model and day.
 */
class CostCurrencyTest {

  private static final PriceTable PRICES =
      PriceTable.builder("USD")
          .price("openai", "gpt-test", "1.00", "2.00") // USD per million tokens
          .price("mistral", "small", ModelPrice.of("0.90", "2.70", "EUR"))
          .price("sakura", "jp-1", ModelPrice.of("150", "300", "JPY"))
          .build();
  private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
  private static final ExchangeRates RATES =
      ExchangeRates.fixed(
          DAY, Map.of("USD/EUR", new BigDecimal("0.92"), "EUR/JPY", new BigDecimal("160")));

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void prices_in_other_currencies_are_converted_and_the_rate_and_its_date_kept() {
    CostTracker costs =
        CostTracker.builder(PRICES)
            .reportingCurrency("EUR")
            .exchangeRates(RATES)
            .clock(clock)
            .build();

    CostEntry usd =
        costs.record(
            "e1", "acme", "w", "n", "openai", "gpt-test", new TokenUsage(1_000_000, 500_000));
    assertThat(usd.charged()).isEqualTo(new Cost(new BigDecimal("2"), "USD"));
    assertThat(usd.reported().amount()).isEqualByComparingTo("1.84"); // 2 USD x 0.92
    assertThat(usd.reported().currency()).isEqualTo("EUR");
    assertThat(usd.rate()).isEqualTo(new ExchangeRate("USD", "EUR", new BigDecimal("0.92"), DAY));

    CostEntry eur =
        costs.record("e1", "acme", "w", "n", "mistral", "small", new TokenUsage(1_000_000, 0));
    assertThat(eur.rate()).as("already in EUR").isNull();
    assertThat(eur.reported().amount()).isEqualByComparingTo("0.9");

    CostEntry jpy =
        costs.record("e1", "acme", "w", "n", "sakura", "jp-1", new TokenUsage(1_000_000, 0));
    assertThat(jpy.rate().rate().multiply(new BigDecimal("160")).doubleValue())
        .as("the inverse of EUR/JPY")
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(jpy.reported().amount().doubleValue())
        .isCloseTo(0.9375, org.assertj.core.data.Offset.offset(1e-9));

    assertThat(costs.executionTotal("e1").currency()).isEqualTo("EUR");
    assertThat(costs.executionTotal("e1").amount().doubleValue())
        .isCloseTo(1.84 + 0.9 + 0.9375, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_missing_rate_is_a_typed_failure_and_the_call_is_not_counted() {
    CostTracker costs =
        CostTracker.builder(PRICES)
            .reportingCurrency("GBP")
            .exchangeRates(RATES)
            .clock(clock)
            .build();
    assertThatThrownBy(
            () -> costs.record("e1", "", "w", "ask", "openai", "gpt-test", new TokenUsage(10, 10)))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("USD to GBP for 2026-12-06")
        .hasMessageContaining("node 'ask'");
    assertThat(costs.executionTotal("e1").amount()).isZero();
    assertThat(costs.usage("", DAY, DAY)).isEmpty();
  }

  @Test
  void a_budget_in_another_currency_is_converted_on_the_day() {
    CostTracker costs =
        CostTracker.builder(PRICES)
            .reportingCurrency("EUR")
            .exchangeRates(RATES)
            .budgetPerExecution(new Cost(new BigDecimal("2.00"), "USD")) // 1.84 EUR
            .clock(clock)
            .build();
    costs.record("e1", "", "w", "a", "mistral", "small", new TokenUsage(1_000_000, 0)); // 0.9 EUR
    assertThatThrownBy(
            () ->
                costs.record("e1", "", "w", "b", "mistral", "small", new TokenUsage(1_100_000, 0)))
        .isInstanceOf(CostBudgetExceededException.class)
        .hasMessageContaining("budget of 2.00 USD (1.8400 EUR)")
        .hasMessageContaining("1.89 EUR");
  }

  @Test
  void usage_is_kept_per_tenant_model_and_day() {
    CostTracker costs =
        CostTracker.builder(PRICES)
            .reportingCurrency("EUR")
            .exchangeRates(RATES)
            .clock(clock)
            .build();
    costs.record("e1", "acme", "w", "n", "openai", "gpt-test", new TokenUsage(100, 10));
    costs.record("e2", "acme", "w", "n", "openai", "gpt-test", new TokenUsage(200, 20));
    costs.record("e3", "acme", "w", "n", "mistral", "small", new TokenUsage(50, 5));
    costs.record("e4", "globex", "w", "n", "openai", "gpt-test", new TokenUsage(1, 1));
    now.set(Instant.parse("2026-12-07T00:00:01Z"));
    costs.record("e5", "acme", "w", "n", "openai", "gpt-test", new TokenUsage(7, 7));

    List<DailyUsage> acme = costs.usage("acme", DAY, DAY.plusDays(1));
    assertThat(acme)
        .extracting(
            u ->
                u.day()
                    + " "
                    + u.provider()
                    + "/"
                    + u.model()
                    + " "
                    + u.calls()
                    + " "
                    + u.inputTokens()
                    + "+"
                    + u.outputTokens())
        .containsExactly(
            "2026-12-06 mistral/small 1 50+5",
            "2026-12-06 openai/gpt-test 2 300+30",
            "2026-12-07 openai/gpt-test 1 7+7");
    assertThat(acme.get(1).cost().currency()).isEqualTo("EUR");
    // (300 x 1.00 + 30 x 2.00) / 1e6 USD x 0.92
    assertThat(acme.get(1).cost().amount().doubleValue())
        .isCloseTo(360e-6 * 0.92, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(costs.usage("globex", DAY, DAY)).hasSize(1);
    assertThat(costs.usage("acme", DAY.plusDays(1), DAY.plusDays(1))).hasSize(1);
  }

  @Test
  void a_rate_source_may_answer_per_day() {
    ExchangeRates daily =
        (from, to, day) ->
            Optional.of(
                new ExchangeRate(
                    from,
                    to,
                    day.getDayOfMonth() == 6 ? new BigDecimal("0.9") : new BigDecimal("0.8"),
                    day));
    CostTracker costs =
        CostTracker.builder(PRICES)
            .reportingCurrency("EUR")
            .exchangeRates(daily)
            .clock(clock)
            .build();
    assertThat(
            costs
                .record("e", "", "w", "n", "openai", "gpt-test", new TokenUsage(1_000_000, 0))
                .reported()
                .amount())
        .isEqualByComparingTo("0.9");
    now.set(Instant.parse("2026-12-07T12:00:00Z"));
    CostEntry next =
        costs.record("e", "", "w", "n", "openai", "gpt-test", new TokenUsage(1_000_000, 0));
    assertThat(next.reported().amount()).isEqualByComparingTo("0.8");
    assertThat(next.rate().date()).isEqualTo(DAY.plusDays(1));
  }
}
