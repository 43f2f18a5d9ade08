package dev.tyboo.ai.local;

/**
 * What this artifact makes available: with it on the class path, engine-ai's {@code local} provider
 * embeds with {@value #MODEL} in this process (384 dimensions, no model server, no network).
 *
 * <pre>{@code
 * {"type": "embeddings", "parameters": {"provider": "local", "model": "all-minilm-l6-v2",
 *                                       "text": "{{ $json.text }}"}}
 * }</pre>
 */
public final class LocalEmbeddings {

  /** The model's name, for the {@code model} parameter. */
  public static final String MODEL = "all-minilm-l6-v2";

  /** The model's dimensions. */
  public static final int DIMENSIONS = 384;

  private LocalEmbeddings() {}
}
