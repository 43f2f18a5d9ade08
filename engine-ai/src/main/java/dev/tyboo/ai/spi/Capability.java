package dev.tyboo.ai.spi;

/** What a {@link ModelProvider} can do. */
public enum Capability {
  /** Chat completions. */
  CHAT,
  /** Chat answers streamed chunk by chunk. */
  STREAMING,
  /** Tool-call requests in chat answers. */
  TOOLS,
  /** A JSON-object answer mode. */
  JSON_OUTPUT,
  /** Embeddings. */
  EMBEDDINGS,
  /** A moderation API that rates texts for toxicity (OpenAI's {@code /moderations}). */
  MODERATION
}
