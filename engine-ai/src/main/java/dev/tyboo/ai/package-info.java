/**
 * AI for Tyboo workflows: the values that cross a model call ({@link dev.tyboo.ai.ChatRequest},
 * {@link dev.tyboo.ai.ChatResult}, {@link dev.tyboo.ai.EmbeddingResult}), the typed failure of a
 * call ({@link dev.tyboo.ai.ModelCallException}), and the providers every node can switch between
 * ({@code dev.tyboo.ai.providers.ModelProviders}). The nodes are in {@code dev.tyboo.ai.nodes},
 * token costs in {@code dev.tyboo.ai.cost}. No third-party type appears in this API.
 */
package dev.tyboo.ai;
