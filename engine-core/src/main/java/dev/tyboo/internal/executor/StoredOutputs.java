package dev.tyboo.internal.executor;

/**
 * A node's outputs as a checkpoint holds them: inline JSON, or a reference to JSON written to the
 * binary store; neither for no outputs.
 *
 * @param json the outputs' JSON, or {@code null}
 * @param ref the binary store id of the outputs' JSON, or {@code null}
 */
record StoredOutputs(String json, String ref) {}
