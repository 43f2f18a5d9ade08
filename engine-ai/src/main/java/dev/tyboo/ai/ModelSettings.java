package dev.tyboo.ai;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one model.
 *
 * @param provider the provider's name ({@code openai}, {@code anthropic}, {@code gemini}, {@code
 *     ollama}, {@code openai-compatible}, {@code local})
 * @param model the model's name at that provider
 * @param baseUrl the API's base URL, or {@code null} for the provider's public one (required for
 *     {@code openai-compatible}; {@code http://localhost:11434} for Ollama by default)
 * @param apiKey the key, or {@code null} where none is needed; never logged
 * @param timeout how long one call may take
 */
public record ModelSettings(
    String provider, String model, String baseUrl, String apiKey, Duration timeout) {

  /** Validates the components. */
  public ModelSettings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("a model name is required");
    }
    timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
  }

  /** {@return the settings, with the key hidden} */
  @Override
  public String toString() {
    return "ModelSettings[provider="
        + provider
        + ", model="
        + model
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", timeout="
        + timeout
        + "]";
  }
}
