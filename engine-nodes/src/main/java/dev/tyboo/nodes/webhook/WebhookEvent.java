package dev.tyboo.nodes.webhook;

import java.util.Map;
import java.util.Objects;

/** What a {@link WebhookTrigger} makes of one delivery: an answer, or an execution to start. */
public sealed interface WebhookEvent {

  /**
   * Start the workflow with one item.
   *
   * @param json the item's JSON
   * @param eventId the service's id of the event, unique per event and the same on each redelivery;
   *     {@code null} when the service gives none (no deduplication then)
   */
  record Start(Map<String, Object> json, String eventId) implements WebhookEvent {
    /** Checks and copies. */
    public Start {
      json =
          java.util.Collections.unmodifiableMap(
              new java.util.LinkedHashMap<>(Objects.requireNonNull(json, "json")));
    }
  }

  /**
   * Answer without starting anything.
   *
   * @param response the answer
   */
  record Answer(WebhookResponse response) implements WebhookEvent {
    /** Checks. */
    public Answer {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * {@return an event that starts the workflow}
   *
   * @param json the start item's JSON
   * @param eventId the event's id for deduplication, or {@code null}
   */
  static WebhookEvent start(Map<String, Object> json, String eventId) {
    return new Start(json, eventId);
  }

  /**
   * {@return an answer with a JSON body}
   *
   * @param status the HTTP status
   * @param body the JSON body
   */
  static WebhookEvent answer(int status, Object body) {
    return new Answer(WebhookResponse.json(status, body));
  }

  /**
   * {@return a refusal: {@code {"error": reason}} with the status}
   *
   * @param status 400, 401, ...
   * @param reason why, without any secret
   */
  static WebhookEvent refused(int status, String reason) {
    return new Answer(WebhookResponse.json(status, Map.of("error", reason)));
  }
}
