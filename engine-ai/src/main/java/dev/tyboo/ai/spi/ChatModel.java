package dev.tyboo.ai.spi;

import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import java.util.function.Consumer;

/** One chat model, ready to call. Thread-safe. */
public interface ChatModel {

  /**
   * Asks the model and waits for the whole answer.
   *
   * @param request what to ask
   * @return the answer
   * @throws dev.tyboo.ai.ModelCallException when the call fails
   */
  ChatResult chat(ChatRequest request);

  /**
   * Asks the model and hands each chunk of the answer to {@code onToken} as it arrives, then
   * returns the whole answer. By default, for models that do not stream: one chunk, the whole text.
   *
   * @param request what to ask
   * @param onToken called with each chunk, on the calling thread or the client's
   * @return the answer
   * @throws dev.tyboo.ai.ModelCallException when the call fails
   */
  default ChatResult stream(ChatRequest request, Consumer<String> onToken) {
    ChatResult result = chat(request);
    if (!result.text().isEmpty()) {
      onToken.accept(result.text());
    }
    return result;
  }
}
