package dev.tyboo.engine;

/**
 * When a durable engine's node checkpoints must be committed, set with {@link
 * DurableOptions.Builder#checkpointMode}. The default, {@link #SYNCHRONOUS}, is the one to keep
 * unless a host has measured that it needs the other and accepts what it gives up.
 */
public enum CheckpointMode {

  /**
   * A node's checkpoint is committed before any of its successors starts, and every checkpoint
   * before the execution's end is recorded. After a crash, only nodes that were running (or had
   * finished without their checkpoint committed) run again; no successor of a re-run node has run.
   * Checkpoints of concurrent executions still share commits (group commit).
   */
  SYNCHRONOUS,

  /**
   * Relaxed, like PostgreSQL's {@code synchronous_commit = off}: successors start while their
   * predecessor's checkpoint is still being written, in the background and in order. Waits,
   * sub-workflow starts and the execution's end still wait for every checkpoint before them, so a
   * recorded end or wait is always complete. <b>What is given up:</b> after a crash (or a lost
   * lease), every node whose checkpoint was not yet committed runs again, even if its successors
   * had already run (and the successors run again after it): side effects of those nodes may
   * repeat. Use it only for workflows whose nodes are idempotent or cheap to repeat.
   */
  ASYNCHRONOUS
}
