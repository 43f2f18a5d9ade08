package dev.tyboo.nodes.webhook;

import dev.tyboo.error.EngineException;

/**
 * A workflow cannot be registered with a {@link WebhookDispatcher}: it has no Webhook node, more
 * than one trigger, a path another workflow holds, an unknown secret, or a response mode that does
 * not fit its nodes. Nothing was registered or deployed.
 */
public final class WebhookRegistrationException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the workflow and the node
   */
  public WebhookRegistrationException(String message) {
    super(message);
  }
}
