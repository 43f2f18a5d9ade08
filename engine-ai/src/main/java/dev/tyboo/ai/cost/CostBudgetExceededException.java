package dev.tyboo.ai.cost;

import dev.tyboo.error.NonRetryableNodeException;

/**
 * An execution spent more on model calls than its budget allows: the node that went over fails, and
 * with it the execution (unless the node continues on its error output).
 */
public class CostBudgetExceededException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what was spent, against which budget, by which node
   */
  public CostBudgetExceededException(String detail) {
    super(detail);
  }
}
