/**
 * The built-in model providers and their registry, {@link dev.tyboo.ai.providers.ModelProviders}:
 * OpenAI, any OpenAI-compatible server, Anthropic, Google Gemini, Ollama, and all-MiniLM-L6-v2
 * embeddings in this process.
 */
package dev.tyboo.ai.providers;
