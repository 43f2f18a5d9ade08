/**
 * The AI nodes: {@link dev.tyboo.ai.nodes.ChatModelNode} ({@code chatModel}) and {@link
 * dev.tyboo.ai.nodes.EmbeddingsNode} ({@code embeddings}), found through {@link
 * dev.tyboo.ai.nodes.AiNodes}, a {@code NodeCatalog}. Their API keys are credentials of the types
 * in {@link dev.tyboo.ai.nodes.AiCredentials}.
 */
package dev.tyboo.ai.nodes;
