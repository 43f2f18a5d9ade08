package dev.tyboo.ai.cost;

import dev.tyboo.error.NonRetryableNodeException;

/**
 * A model's price is in a currency the {@link ExchangeRates} source cannot convert into the
 * reporting currency on the call's day: the call is not counted, and the node fails without retry
 * (the host must add the rate).
 */
public final class ExchangeRateUnavailableException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the failure.
   *
   * @param message which rate is missing, for which day
   */
  public ExchangeRateUnavailableException(String message) {
    super(message);
  }
}
