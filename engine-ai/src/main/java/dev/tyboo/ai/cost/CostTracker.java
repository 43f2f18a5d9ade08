package dev.tyboo.ai.cost;

import dev.tyboo.ai.TokenUsage;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionListener;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Totals what model calls cost per execution and per workflow, from a {@link PriceTable}, and
 * enforces a budget per execution. The AI nodes record each call here; the cost of a node run is
 * also in its output item ({@code usage} and {@code cost}), so it is stored with the execution.
 *
 * <p>Totals live in this process: register the tracker as a listener ({@code
 * engine.addListener(tracker)}) so that an execution's total is dropped when it ends. Engines of
 * several processes each total what they ran. Thread-safe.
 */
public final class CostTracker implements ExecutionListener {

  private final PriceTable prices;
  private final BigDecimal budgetPerExecution;
  private final Map<String, Cost> byExecution = new ConcurrentHashMap<>();
  private final Map<String, Cost> byWorkflow = new ConcurrentHashMap<>();

  private CostTracker(PriceTable prices, BigDecimal budgetPerExecution) {
    this.prices = prices;
    this.budgetPerExecution = budgetPerExecution;
  }

  /**
   * {@return a tracker with no budget}
   *
   * @param prices the prices
   */
  public static CostTracker of(PriceTable prices) {
    return new CostTracker(Objects.requireNonNull(prices, "prices"), null);
  }

  /**
   * {@return a tracker that stops an execution once its model calls cost more than a budget}
   *
   * @param prices the prices
   * @param budgetPerExecution the most one execution may spend, in the table's currency
   */
  public static CostTracker withBudget(PriceTable prices, BigDecimal budgetPerExecution) {
    Objects.requireNonNull(budgetPerExecution, "budgetPerExecution");
    if (budgetPerExecution.signum() < 0) {
      throw new IllegalArgumentException("a budget must not be negative");
    }
    return new CostTracker(Objects.requireNonNull(prices, "prices"), budgetPerExecution);
  }

  /** {@return the prices} */
  public PriceTable prices() {
    return prices;
  }

  /**
   * Records a model call and checks the execution's budget.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param nodeId the node that called
   * @param provider the provider
   * @param model the model
   * @param usage the tokens used
   * @return what the call cost
   * @throws CostBudgetExceededException when the execution's total is now over its budget (the call
   *     is counted)
   */
  public Cost record(
      String executionId,
      String workflowName,
      String nodeId,
      String provider,
      String model,
      TokenUsage usage) {
    Cost cost = prices.cost(provider, model, usage);
    Cost total = byExecution.merge(executionId, cost, Cost::plus);
    byWorkflow.merge(workflowName, cost, Cost::plus);
    if (budgetPerExecution != null && total.amount().compareTo(budgetPerExecution) > 0) {
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
              + budgetPerExecution.toPlainString()
              + " "
              + total.currency());
    }
    return cost;
  }

  /**
   * {@return what an execution's model calls cost so far (while it runs in this process)}
   *
   * @param executionId the execution
   */
  public Cost executionTotal(String executionId) {
    return byExecution.getOrDefault(executionId, Cost.zero(prices.currency()));
  }

  /**
   * {@return what a workflow's model calls cost since this tracker was made}
   *
   * @param workflowName the workflow
   */
  public Cost workflowTotal(String workflowName) {
    return byWorkflow.getOrDefault(workflowName, Cost.zero(prices.currency()));
  }

  /** Forgets an execution's running total when it ends. */
  @Override
  public void onEvent(ExecutionEvent event) {
    if (event instanceof ExecutionEvent.ExecutionFinished f) {
      byExecution.remove(f.executionId().value());
    }
  }
}
