/**
 * Where model calls go: a {@link dev.tyboo.ai.spi.ModelProvider} makes {@link
 * dev.tyboo.ai.spi.ChatModel}s and {@link dev.tyboo.ai.spi.EmbeddingModel}s from {@link
 * dev.tyboo.ai.ModelSettings}; {@code dev.tyboo.ai.providers.ModelProviders} holds them by name.
 * The built-in providers sit on LangChain4j's provider modules; a host may add its own.
 */
package dev.tyboo.ai.spi;
