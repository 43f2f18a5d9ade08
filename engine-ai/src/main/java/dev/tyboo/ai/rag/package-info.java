/**
 * Retrieval-augmented generation: {@link dev.tyboo.ai.rag.Documents} turns text, markdown and HTML
 * into plain text, {@link dev.tyboo.ai.rag.TextSplitter} cuts it into overlapping chunks (by
 * characters or tokens), and {@link dev.tyboo.ai.rag.SourcedPrompt} builds a question's prompt with
 * numbered sources to cite.
 */
package dev.tyboo.ai.rag;
