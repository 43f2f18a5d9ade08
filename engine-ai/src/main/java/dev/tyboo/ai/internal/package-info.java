/**
 * Implementation detail of engine-ai: the adapters from this module's types to LangChain4j's, and
 * the HTTP client LangChain4j calls through (so that status codes and {@code Retry-After} reach the
 * engine). No compatibility promise.
 */
package dev.tyboo.ai.internal;
