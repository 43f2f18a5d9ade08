package dev.tyboo.ai.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.EmbeddingResult;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.ModelCallException.Kind;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.UnknownModelProviderException;
import dev.tyboo.ai.providers.FakeModelApis.Answer;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.ModelProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every chat provider against a fake of its API that checks requests against the provider's
 * documented shape and replays documented answers: text, tool calls, streaming, JSON mode, and the
 * errors 401, 429 with {@code Retry-After}, 500 and an unreadable body.
 */
class ChatProvidersTest {

  private FakeModelApis api;

  @BeforeEach
  void start() throws Exception {
    api = new FakeModelApis();
  }

  @AfterEach
  void stop() {
    api.close();
    assertThat(api.violations).as("requests that break the provider's API").isEmpty();
  }

  private ChatModel model(String provider) {
    return model(provider, Duration.ofSeconds(10));
  }

  private ChatModel model(String provider, Duration timeout) {
    return ModelProviders.defaults()
        .get(provider)
        .chatModel(
            new ModelSettings(
                provider, "test-model", api.baseUrl(provider), FakeModelApis.KEY, timeout));
  }

  private static ChatRequest.Builder hello() {
    return ChatRequest.builder()
        .system("You are terse.")
        .user("Say hello")
        .temperature(0.2)
        .maxTokens(50);
  }

  private JsonNode lastRequest() {
    return api.requests.getLast();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-compatible", "anthropic", "gemini", "ollama"})
  void answers_with_text_usage_and_finish_reason(String provider) {
    ChatResult r = model(provider).chat(hello().build());

    assertThat(r.text()).isEqualTo("Hello!");
    assertThat(r.usage()).isEqualTo(new TokenUsage(12, 3));
    assertThat(r.finishReason()).isEqualTo("stop");
    assertThat(r.toolCalls()).isEmpty();
    assertThat(lastRequest().toString()).contains("You are terse.").contains("Say hello");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-compatible", "anthropic", "gemini", "ollama"})
  void surfaces_tool_call_requests_as_data(String provider) {
    api.answer(Answer.TOOL_CALL);
    ToolSpec weather =
        new ToolSpec(
            "get_weather",
            "The weather in a city",
            Map.of(
                "type", "object",
                "properties", Map.of("city", Map.of("type", "string", "description", "a city")),
                "required", List.of("city")));

    ChatResult r = model(provider).chat(hello().tool(weather).build());

    assertThat(r.toolCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("get_weather");
              assertThat(c.arguments()).contains("\"city\"").contains("Paris");
            });
    assertThat(r.finishReason()).isIn("tool_calls", "stop");
    String sent = lastRequest().toString();
    assertThat(sent).contains("get_weather").contains("The weather in a city").contains("city");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-compatible", "anthropic", "gemini", "ollama"})
  void streams_the_answer_chunk_by_chunk(String provider) {
    List<String> chunks = new ArrayList<>();

    ChatResult r = model(provider).stream(hello().build(), chunks::add);

    assertThat(chunks.stream().filter(c -> !c.isEmpty()).toList())
        .containsExactly("Hel", "lo", "!");
    assertThat(r.text()).isEqualTo("Hello!");
    assertThat(r.usage()).isEqualTo(new TokenUsage(12, 3));
    assertThat(api.paths.getLast())
        .containsAnyOf("stream", "/chat/completions", "/messages", "/api/chat");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "gemini", "ollama"})
  void asks_for_json_in_the_providers_json_mode(String provider) {
    api.answer(Answer.JSON);

    ChatResult r = model(provider).chat(hello().jsonOutput(true).build());

    assertThat(r.text()).isEqualTo("{\"city\":\"Paris\",\"temp\":21}");
    JsonNode sent = lastRequest();
    switch (provider) {
      case "openai" ->
          assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_object");
      case "gemini" ->
          assertThat(sent.at("/generationConfig/responseMimeType").asText())
              .isEqualTo("application/json");
      default -> assertThat(sent.path("format").toString()).contains("json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-compatible", "anthropic", "gemini", "ollama"})
  void types_each_failure(String provider) {
    api.answer(
        Answer.UNAUTHORIZED,
        Answer.RATE_LIMITED,
        Answer.SERVER_ERROR,
        Answer.MALFORMED,
        Answer.UNKNOWN_MODEL);
    ChatModel model = model(provider);

    ModelCallException unauthorized = failure(model);
    ModelCallException limited = failure(model);
    ModelCallException broken = failure(model);
    ModelCallException malformed = failure(model);
    ModelCallException unknownModel = failure(model);

    assertThat(unauthorized.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(unauthorized.isRetryable()).isFalse();
    assertThat(unauthorized.getMessage())
        .contains(provider)
        .contains("test-model")
        .contains("401")
        .doesNotContain(FakeModelApis.KEY);
    assertThat(limited.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(limited.isRetryable()).isTrue();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(broken.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(broken.isRetryable()).isTrue();
    assertThat(malformed.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(malformed.isRetryable()).isFalse();
    assertThat(unknownModel.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(unknownModel.getMessage()).contains("404").contains("test-model");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void a_call_past_its_timeout_is_a_retryable_timeout(String provider) {
    api.answer(Answer.SLOW);
    ChatModel impatient = model(provider, Duration.ofMillis(300));

    ModelCallException e = failure(impatient);

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.isRetryable()).isTrue();
  }

  private ModelCallException failure(ChatModel model) {
    try {
      model.chat(hello().build());
    } catch (ModelCallException e) {
      return e;
    }
    throw new AssertionError("the call did not fail");
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "openai-compatible", "gemini", "ollama"})
  void embeds_texts_in_order(String provider) {
    EmbeddingResult r =
        ModelProviders.defaults()
            .get(provider)
            .embeddingModel(
                new ModelSettings(
                    provider, "embed-model", api.baseUrl(provider), FakeModelApis.KEY, null))
            .embed(List.of("first", "second"));

    assertThat(r.vectors()).hasSize(2);
    assertThat(r.vectors().get(0)).containsExactly(0.5f, 0.25f, -1.0f);
    assertThat(r.vectors().get(1)).containsExactly(1.5f, 0.25f, -1.0f);
    assertThat(lastRequest().toString()).contains("first").contains("second");
  }

  @Test
  void unknown_providers_and_missing_settings_are_named() {
    assertThatThrownBy(() -> ModelProviders.defaults().get("openia"))
        .isInstanceOf(UnknownModelProviderException.class)
        .hasMessageContaining("'openia'")
        .hasMessageContaining("openai");
    assertThatThrownBy(
            () ->
                ModelProviders.defaults()
                    .get("openai")
                    .chatModel(new ModelSettings("openai", "gpt-4o-mini", null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an API key");
    assertThatThrownBy(
            () ->
                ModelProviders.defaults()
                    .get("openai-compatible")
                    .chatModel(new ModelSettings("openai-compatible", "m", null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a base URL");
    assertThatThrownBy(
            () ->
                ModelProviders.defaults()
                    .get("anthropic")
                    .embeddingModel(new ModelSettings("anthropic", "m", null, "k", null)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new ModelSettings("openai", "m", null, "sk-secret", null).toString())
        .doesNotContain("sk-secret");
    ModelProvider openai = ModelProviders.defaults().get("openai");
    ModelSettings s = new ModelSettings("openai", "gpt-test", api.baseUrl("openai"), "k", null);
    assertThat(openai.chatModel(s)).isSameAs(openai.chatModel(s)); // built once, reused
    assertThat(openai.chatModel(s))
        .isNotSameAs(
            openai.chatModel(
                new ModelSettings("openai", "gpt-other", api.baseUrl("openai"), "k", null)));
  }
}
