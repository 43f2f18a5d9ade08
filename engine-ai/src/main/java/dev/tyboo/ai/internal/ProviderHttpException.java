package dev.tyboo.ai.internal;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A provider's error answer, with what LangChain4j's own exception drops: the {@code Retry-After}
 * delay. LangChain4j maps it by status and keeps it as the cause, where {@link Failures} finds it.
 */
final class ProviderHttpException extends HttpException {

  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  ProviderHttpException(int status, String body, Duration retryAfter) {
    super(status, body);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
