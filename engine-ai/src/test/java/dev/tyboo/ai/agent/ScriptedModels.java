package dev.tyboo.ai.agent;

import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.EmbeddingModel;
import dev.tyboo.ai.spi.ModelProvider;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A model provider named {@code scripted} whose chat model answers from a script, one entry per
 * call, and keeps every request. When the script runs out it repeats its last entry.
 */
public final class ScriptedModels implements ModelProvider {

  public final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Function<ChatRequest, ChatResult>> script =
      new ConcurrentLinkedQueue<>();
  private volatile Function<ChatRequest, ChatResult> last;

  public ScriptedModels then(Function<ChatRequest, ChatResult> answer) {
    script.add(answer);
    return this;
  }

  public ScriptedModels thenAnswer(String text) {
    return then(r -> answer(text));
  }

  public ScriptedModels thenCall(ToolCall... calls) {
    return then(r -> new ChatResult("", List.of(calls), new TokenUsage(10, 5), "tool_calls", "m"));
  }

  public ScriptedModels thenFailRetryably() {
    return then(
        r -> {
          throw new ModelCallException(
              ModelCallException.Kind.UNAVAILABLE, 503, null, "scripted 503", null);
        });
  }

  public static ChatResult answer(String text) {
    return new ChatResult(text, List.of(), new TokenUsage(10, 5), "stop", "m");
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.CHAT);
  }

  @Override
  public ChatModel chatModel(ModelSettings settings) {
    return request -> {
      requests.add(request);
      Function<ChatRequest, ChatResult> next = script.poll();
      if (next == null) {
        next = last;
      } else {
        last = next;
      }
      return next.apply(request);
    };
  }

  @Override
  public EmbeddingModel embeddingModel(ModelSettings settings) {
    throw new UnsupportedOperationException();
  }
}
