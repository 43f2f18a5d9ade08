/**
 * The in-process embedding model of engine-ai's {@code local} provider. The artifact's purpose is
 * its dependencies (the model and ONNX Runtime); {@link dev.tyboo.ai.local.LocalEmbeddings} names
 * what it makes available.
 */
package dev.tyboo.ai.local;
