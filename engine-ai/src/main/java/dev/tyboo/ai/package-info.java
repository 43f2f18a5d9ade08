/**
 * AI nodes: chat models, embeddings, vector stores, RAG, agents (not yet built).
 *
 * <p>This module is a placeholder in 0.1.0: it holds no public API yet.
 */
package dev.tyboo.ai;
