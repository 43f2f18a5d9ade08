package dev.tyboo.ai.internal;

import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;

/** Token counts with OpenAI's tokenizer (jtokkit, through LangChain4j), loaded once. */
public final class Tokens {

  private Tokens() {}

  private static final class Estimator {
    static final OpenAiTokenCountEstimator GPT_4O = new OpenAiTokenCountEstimator("gpt-4o");
  }

  /**
   * {@return how many tokens a text has for gpt-4o}
   *
   * @param text a text
   */
  public static int count(String text) {
    return Estimator.GPT_4O.estimateTokenCountInText(text);
  }
}
