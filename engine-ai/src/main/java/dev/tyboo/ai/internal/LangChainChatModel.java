package dev.tyboo.ai.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.spi.ChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** A {@link ChatModel} on a LangChain4j chat model (and its streaming twin, where there is one). */
public final class LangChainChatModel implements ChatModel {

  private final dev.langchain4j.model.chat.ChatModel chat;
  private final dev.langchain4j.model.chat.StreamingChatModel streaming;
  private final String what;
  private final Duration timeout;

  /**
   * Creates the adapter.
   *
   * @param chat the LangChain4j model
   * @param streaming its streaming twin, or {@code null}
   * @param what names provider and model in error messages
   * @param timeout how long a streamed answer may take in all
   */
  public LangChainChatModel(
      dev.langchain4j.model.chat.ChatModel chat,
      dev.langchain4j.model.chat.StreamingChatModel streaming,
      String what,
      Duration timeout) {
    this.chat = chat;
    this.streaming = streaming;
    this.what = what;
    this.timeout = timeout;
  }

  @Override
  public ChatResult chat(ChatRequest request) {
    dev.langchain4j.model.chat.request.ChatRequest lc = toLangChain(request);
    try {
      return fromLangChain(chat.chat(lc));
    } catch (RuntimeException e) {
      throw Failures.of(e, what);
    }
  }

  @Override
  public ChatResult stream(ChatRequest request, Consumer<String> onToken) {
    if (streaming == null) {
      return ChatModel.super.stream(request, onToken);
    }
    dev.langchain4j.model.chat.request.ChatRequest lc = toLangChain(request);
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    try {
      streaming.chat(
          lc,
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              onToken.accept(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
      return fromLangChain(done.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw Failures.of(e.getCause(), what);
    } catch (TimeoutException e) {
      throw new ModelCallException(
          ModelCallException.Kind.TIMEOUT, 0, null, what + " streamed past " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelCallException(
          ModelCallException.Kind.UNAVAILABLE, 0, null, what + " was interrupted", e);
    } catch (RuntimeException e) {
      throw Failures.of(e, what);
    }
  }

  private dev.langchain4j.model.chat.request.ChatRequest toLangChain(ChatRequest request) {
    List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      messages.add(
          switch (m.role()) {
            case SYSTEM -> SystemMessage.from(m.text());
            case USER -> UserMessage.from(m.text());
            case ASSISTANT -> assistant(m);
            case TOOL ->
                ToolExecutionResultMessage.from(
                    m.toolCallId() == null ? "" : m.toolCallId(), m.toolName(), m.text());
          });
    }
    dev.langchain4j.model.chat.request.ChatRequest.Builder b =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(messages)
            .temperature(request.temperature())
            .maxOutputTokens(request.maxTokens());
    if (request.jsonOutput()) {
      b.responseFormat(ResponseFormat.JSON);
    }
    if (!request.tools().isEmpty()) {
      List<ToolSpecification> tools = new ArrayList<>();
      for (int i = 0; i < request.tools().size(); i++) {
        ToolSpec t = request.tools().get(i);
        ToolSpecification.Builder tb =
            ToolSpecification.builder().name(t.name()).description(t.description());
        if (!t.parameters().isEmpty()) {
          tb.parameters(ToolSchemas.object(t.parameters(), "tools[" + i + "].parameters"));
        }
        tools.add(tb.build());
      }
      b.toolSpecifications(tools);
    }
    return b.build();
  }

  private static AiMessage assistant(ChatMessage m) {
    if (m.toolCalls().isEmpty()) {
      return AiMessage.from(m.text());
    }
    List<ToolExecutionRequest> requests = new ArrayList<>();
    for (ToolCall c : m.toolCalls()) {
      requests.add(
          ToolExecutionRequest.builder()
              .id(c.id())
              .name(c.name())
              .arguments(c.arguments())
              .build());
    }
    return m.text().isEmpty() ? AiMessage.from(requests) : AiMessage.from(m.text(), requests);
  }

  private static ChatResult fromLangChain(ChatResponse r) {
    AiMessage ai = r.aiMessage();
    List<ToolCall> calls = new ArrayList<>();
    if (ai != null && ai.hasToolExecutionRequests()) {
      for (ToolExecutionRequest t : ai.toolExecutionRequests()) {
        calls.add(new ToolCall(t.id(), t.name(), t.arguments()));
      }
    }
    dev.langchain4j.model.output.TokenUsage u = r.tokenUsage();
    TokenUsage usage =
        u == null
            ? TokenUsage.NONE
            : new TokenUsage(
                u.inputTokenCount() == null ? 0 : u.inputTokenCount(),
                u.outputTokenCount() == null ? 0 : u.outputTokenCount());
    return new ChatResult(
        ai == null ? "" : ai.text(), calls, usage, finishReason(r.finishReason()), r.modelName());
  }

  private static String finishReason(FinishReason reason) {
    if (reason == null) {
      return "other";
    }
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_EXECUTION -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      default -> "other";
    };
  }
}
