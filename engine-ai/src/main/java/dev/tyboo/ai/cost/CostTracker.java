package dev.tyboo.ai.cost;

import dev.tyboo.ai.TokenUsage;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionListener;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Totals what model calls cost per execution, per workflow, and per tenant, model and day, from a
 * {@link PriceTable}, in one reporting currency, and enforces a budget per execution. Prices in
 * other currencies are converted with the host's {@link ExchangeRates}; each {@link CostEntry}
 * records the rate used and its date. The AI nodes record each call here; the cost of a node run is
 * also in its output item ({@code usage} and {@code cost}), so it is stored with the execution.
 *
 * <p>Totals live in this process: register the tracker as a listener ({@code
 * engine.addListener(tracker)}) so that an execution's total is dropped when it ends. Engines of
 * several processes each total what they ran. Thread-safe.
 *
 * <pre>{@code
 * CostTracker costs = CostTracker.builder(prices)
 *     .reportingCurrency("EUR")
 *     .exchangeRates(myBankRates)
 *     .budgetPerExecution(new Cost(new BigDecimal("0.50"), "EUR"))
 *     .build();
 * }</pre>
 */
public final class CostTracker implements ExecutionListener {

  private final PriceTable prices;
  private final String reporting;
  private final ExchangeRates rates;
  private final Cost budget;
  private final java.time.Clock clock;
  private final Map<String, Cost> byExecution = new ConcurrentHashMap<>();
  private final Map<String, Cost> byWorkflow = new ConcurrentHashMap<>();
  private final Map<List<Object>, DailyUsage> daily = new ConcurrentHashMap<>();

  private CostTracker(Builder b) {
    this.prices = b.prices;
    this.reporting = b.reporting != null ? b.reporting : b.prices.currency();
    this.rates = b.rates;
    this.budget = b.budget;
    this.clock = b.clock;
  }

  /**
   * {@return a tracker with no budget, reporting in the table's currency}
   *
   * @param prices the prices
   */
  public static CostTracker of(PriceTable prices) {
    return builder(prices).build();
  }

  /**
   * {@return a tracker that stops an execution once its model calls cost more than a budget}
   *
   * @param prices the prices
   * @param budgetPerExecution the most one execution may spend, in the table's currency
   */
  public static CostTracker withBudget(PriceTable prices, BigDecimal budgetPerExecution) {
    Objects.requireNonNull(budgetPerExecution, "budgetPerExecution");
    return builder(prices)
        .budgetPerExecution(new Cost(budgetPerExecution, prices.currency()))
        .build();
  }

  /**
   * {@return a builder}
   *
   * @param prices the prices
   */
  public static Builder builder(PriceTable prices) {
    return new Builder(Objects.requireNonNull(prices, "prices"));
  }

  /** {@return the prices} */
  public PriceTable prices() {
    return prices;
  }

  /** {@return the currency totals and budgets are reported in} */
  public String reportingCurrency() {
    return reporting;
  }

  /**
   * Records a model call of the host's own workflows and checks the execution's budget.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param nodeId the node that called
   * @param provider the provider
   * @param model the model
   * @param usage the tokens used
   * @return what the call cost, in the reporting currency
   * @throws CostBudgetExceededException when the execution's total is now over its budget (the call
   *     is counted)
   * @throws ExchangeRateUnavailableException when the price cannot be converted (not counted)
   */
  public Cost record(
      String executionId,
      String workflowName,
      String nodeId,
      String provider,
      String model,
      TokenUsage usage) {
    return record(executionId, "", workflowName, nodeId, provider, model, usage).reported();
  }

  /**
   * Records a model call and checks the execution's budget.
   *
   * @param executionId the execution
   * @param tenant the workflow's tenant; empty for the host's own
   * @param workflowName its workflow
   * @param nodeId the node that called
   * @param provider the provider
   * @param model the model
   * @param usage the tokens used
   * @return the entry: the cost charged, the cost reported, the rate used
   * @throws CostBudgetExceededException when the execution's total is now over its budget (the call
   *     is counted)
   * @throws ExchangeRateUnavailableException when the price cannot be converted (not counted)
   */
  public CostEntry record(
      String executionId,
      String tenant,
      String workflowName,
      String nodeId,
      String provider,
      String model,
      TokenUsage usage) {
    java.time.Instant now = clock.instant();
    java.time.LocalDate day = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    Cost charged = prices.cost(provider, model, usage);
    ExchangeRate rate = null;
    Cost reported = charged;
    if (!charged.currency().equals(reporting)) {
      if (charged.amount().signum() == 0) {
        reported = Cost.zero(reporting);
      } else {
        rate =
            rates
                .rate(charged.currency(), reporting, day)
                .orElseThrow(
                    () ->
                        new ExchangeRateUnavailableException(
                            "no exchange rate from "
                                + charged.currency()
                                + " to "
                                + reporting
                                + " for "
                                + day
                                + " to report the cost of "
                                + provider
                                + "/"
                                + model
                                + " in node '"
                                + nodeId
                                + "'"));
        reported =
            new Cost(
                charged.amount().multiply(rate.rate(), MathContext.DECIMAL64).stripTrailingZeros(),
                reporting);
      }
    }
    CostEntry entry = new CostEntry(tenant, provider, model, usage, charged, reported, rate, now);
    Cost total = byExecution.merge(executionId, reported, Cost::plus);
    byWorkflow.merge(workflowName, reported, Cost::plus);
    daily.merge(
        List.of(tenant, day, provider, model),
        new DailyUsage(tenant, day, provider, model, 0, 0, 0, Cost.zero(reporting)).plus(entry),
        (old, one) -> old.plus(entry));
    if (budget != null) {
      Cost limit = inReporting(budget, day);
      if (total.amount().compareTo(limit.amount()) > 0) {
        throw new CostBudgetExceededException(
            "node '"
                + nodeId
                + "' took execution "
                + executionId
                + " to "
                + total.amount().toPlainString()
                + " "
                + total.currency()
                + " of model calls, over its budget of "
                + budget.amount().toPlainString()
                + " "
                + budget.currency()
                + (limit == budget
                    ? ""
                    : " (" + limit.amount().toPlainString() + " " + reporting + ")"));
      }
    }
    return entry;
  }

  private Cost inReporting(Cost amount, java.time.LocalDate day) {
    if (amount.currency().equals(reporting)) {
      return amount;
    }
    ExchangeRate rate =
        rates
            .rate(amount.currency(), reporting, day)
            .orElseThrow(
                () ->
                    new ExchangeRateUnavailableException(
                        "no exchange rate from "
                            + amount.currency()
                            + " to "
                            + reporting
                            + " for "
                            + day
                            + " to compare the budget"));
    return new Cost(amount.amount().multiply(rate.rate(), MathContext.DECIMAL64), reporting);
  }

  /**
   * {@return what an execution's model calls cost so far (while it runs in this process)}
   *
   * @param executionId the execution
   */
  public Cost executionTotal(String executionId) {
    return byExecution.getOrDefault(executionId, Cost.zero(reporting));
  }

  /**
   * {@return what a workflow's model calls cost since this tracker was made}
   *
   * @param workflowName the workflow
   */
  public Cost workflowTotal(String workflowName) {
    return byWorkflow.getOrDefault(workflowName, Cost.zero(reporting));
  }

  /**
   * {@return a tenant's use of each model per day, from one day to another (both included), in day,
   * provider and model order; what this process recorded since the tracker was made}
   *
   * @param tenant the tenant; empty for the host's own workflows
   * @param from the first day (UTC)
   * @param to the last day (UTC)
   */
  public List<DailyUsage> usage(String tenant, java.time.LocalDate from, java.time.LocalDate to) {
    return daily.values().stream()
        .filter(u -> u.tenant().equals(tenant) && !u.day().isBefore(from) && !u.day().isAfter(to))
        .sorted(
            java.util.Comparator.comparing(DailyUsage::day)
                .thenComparing(DailyUsage::provider)
                .thenComparing(DailyUsage::model))
        .toList();
  }

  /** Forgets an execution's running total when it ends. */
  @Override
  public void onEvent(ExecutionEvent event) {
    if (event instanceof ExecutionEvent.ExecutionFinished f) {
      byExecution.remove(f.executionId().value());
    }
  }

  /** Builds a {@link CostTracker}. Not thread-safe. */
  public static final class Builder {
    private final PriceTable prices;
    private String reporting;
    private ExchangeRates rates = ExchangeRates.none();
    private Cost budget;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    private Builder(PriceTable prices) {
      this.prices = prices;
    }

    /**
     * {@return this builder}
     *
     * @param currency the currency totals and budgets are reported in; the price table's by default
     */
    public Builder reportingCurrency(String currency) {
      this.reporting = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param rates where rates come from, for prices in other currencies than the reporting one
     */
    public Builder exchangeRates(ExchangeRates rates) {
      this.rates = Objects.requireNonNull(rates, "rates");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param budget the most one execution may spend, in any currency (converted on the day)
     */
    public Builder budgetPerExecution(Cost budget) {
      Objects.requireNonNull(budget, "budget");
      if (budget.amount().signum() < 0) {
        throw new IllegalArgumentException("a budget must not be negative");
      }
      this.budget = budget;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param clock what dates calls (UTC days for rates and usage); the system's by default
     */
    public Builder clock(java.time.Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** {@return the tracker} */
    public CostTracker build() {
      return new CostTracker(this);
    }
  }
}
