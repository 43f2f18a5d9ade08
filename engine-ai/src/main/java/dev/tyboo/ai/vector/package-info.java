/**
 * Vector stores: {@link dev.tyboo.ai.vector.InMemoryVectorStore} and {@link
 * dev.tyboo.ai.vector.PostgresVectorStore} (plain PostgreSQL, no extension), both exact cosine.
 */
package dev.tyboo.ai.vector;
