package dev.tyboo.nodes.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the answer of a {@link RespondToWebhook} node to the dispatcher waiting for it in this JVM,
 * by execution id. Whichever side comes first creates the entry; the dispatcher removes it. An
 * entry nobody waits for (an execution not started by a dispatcher here) is dropped after {@link
 * #UNCLAIMED_TTL}.
 */
final class PendingResponses {

  static final Duration UNCLAIMED_TTL = Duration.ofMinutes(5);

  private record Entry(CompletableFuture<WebhookResponse> future, long createdNanos) {}

  private static final Map<String, Entry> BY_EXECUTION = new ConcurrentHashMap<>();

  private PendingResponses() {}

  /** {@return the future the dispatcher waits on for this execution} */
  static CompletableFuture<WebhookResponse> await(String executionId) {
    return entry(executionId).future();
  }

  /** Completes the execution's answer, unless it was answered already. */
  static void answer(String executionId, WebhookResponse response) {
    entry(executionId).future().complete(response);
    purgeUnclaimed();
  }

  /** Forgets the execution: the dispatcher has answered or given up. */
  static void forget(String executionId) {
    BY_EXECUTION.remove(executionId);
  }

  private static Entry entry(String executionId) {
    return BY_EXECUTION.computeIfAbsent(
        executionId, id -> new Entry(new CompletableFuture<>(), System.nanoTime()));
  }

  private static void purgeUnclaimed() {
    long oldest = System.nanoTime() - UNCLAIMED_TTL.toNanos();
    BY_EXECUTION.values().removeIf(e -> e.future().isDone() && e.createdNanos() - oldest < 0);
  }

  /** {@return how many entries are held; for tests} */
  static int size() {
    return BY_EXECUTION.size();
  }
}
