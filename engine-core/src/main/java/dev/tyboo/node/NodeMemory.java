package dev.tyboo.node;

import java.util.List;

/**
 * Memories that a node keeps across executions under a key ({@link NodeContext#memory()}): an AI
 * agent's conversation, for instance. A memory belongs to the workflow's tenant (or the host); two
 * tenants' memories of one key are two memories. Durable engines keep memories in their storage,
 * shared by the engines on it; in-memory engines for the engine's life.
 *
 * <p>Each entry belongs to the execution that wrote it: deleting that execution (retention, a data
 * subject's erasure) deletes its entries. A node run writes each of its entries once: a repeated
 * attempt, or a run after a crash or a suspension, that appends the same entries in the same order
 * appends nothing twice. Values are JSON data, as for {@link NodeSteps}.
 */
public interface NodeMemory {

  /** The longest key. */
  int MAX_KEY_LENGTH = 200;

  /**
   * {@return the newest entries of the memory, at most {@code max}, oldest first; empty when none}
   *
   * @param key the memory's key, 1 to {@value #MAX_KEY_LENGTH} characters
   * @param max the most entries to read, at least 1
   */
  List<Object> recent(String key, int max);

  /**
   * Appends entries to the memory, durably before returning.
   *
   * @param key the memory's key
   * @param values the entries, oldest first (JSON data)
   * @throws IllegalArgumentException when a value is not JSON data or is longer than {@link
   *     NodeSteps#MAX_VALUE_CHARS} written
   */
  void append(String key, List<?> values);

  /**
   * Deletes every entry of the memory.
   *
   * @param key the memory's key
   * @return how many entries were deleted
   */
  int forget(String key);
}
