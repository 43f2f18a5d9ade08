package dev.tyboo.ai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.guardrails.ModerationResult;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's moderation API ({@code POST /moderations} with {@code model} and {@code input}): the
 * first result's {@code category_scores}.
 */
public final class OpenAiModeration {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private OpenAiModeration() {}

  /**
   * Rates a text.
   *
   * @param settings the model, base URL ({@code https://api.openai.com/v1} when none), key, timeout
   * @param text the text
   * @return the scores
   * @throws ModelCallException typed as the chat calls are (401/403, 429 with Retry-After, 5xx)
   */
  public static ModerationResult moderate(ModelSettings settings, String text) {
    String base =
        settings.baseUrl() == null || settings.baseUrl().isBlank()
            ? "https://api.openai.com/v1"
            : settings.baseUrl();
    String what = "the moderation call to " + base;
    HttpResponse<String> response;
    try {
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "model",
                  settings.model() == null || settings.model().isBlank()
                      ? "omni-moderation-latest"
                      : settings.model(),
                  "input",
                  text));
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/moderations"))
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
        b.header("Authorization", "Bearer " + settings.apiKey());
      }
      response = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new ModelCallException(
          ModelCallException.Kind.TIMEOUT, 0, null, what + " took too long", e);
    } catch (IOException e) {
      throw new ModelCallException(
          ModelCallException.Kind.UNAVAILABLE, 0, null, what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelCallException(
          ModelCallException.Kind.UNAVAILABLE, 0, null, what + " was interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 400) {
      ModelCallException.Kind kind =
          status == 401 || status == 403
              ? ModelCallException.Kind.AUTHENTICATION
              : status == 429
                  ? ModelCallException.Kind.RATE_LIMITED
                  : status >= 500
                      ? ModelCallException.Kind.UNAVAILABLE
                      : ModelCallException.Kind.BAD_REQUEST;
      Duration retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .filter(v -> v.matches("\\d{1,5}"))
              .map(v -> Duration.ofSeconds(Long.parseLong(v)))
              .orElse(null);
      String shown =
          response.body().length() > 300 ? response.body().substring(0, 300) : response.body();
      throw new ModelCallException(
          kind, status, retryAfter, what + " answered " + status + ": " + shown, null);
    }
    try {
      JsonNode scores =
          JSON.readTree(response.body()).path("results").path(0).path("category_scores");
      if (!scores.isObject()) {
        throw new IOException("no results[0].category_scores");
      }
      Map<String, Double> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : scores.properties()) {
        out.put(e.getKey(), Math.max(0, Math.min(1, e.getValue().asDouble())));
      }
      return new ModerationResult(out, TokenUsage.NONE);
    } catch (IOException e) {
      throw new ModelCallException(
          ModelCallException.Kind.BAD_REQUEST,
          status,
          null,
          what + " answered unreadably: " + e.getMessage(),
          e);
    }
  }
}
