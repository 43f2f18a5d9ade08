package dev.tyboo.spi.store;

import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.time.Clock;
import java.util.Objects;

/**
 * What a durable engine keeps its state in: workflow versions, executions with their checkpoints,
 * and the queue of work that engine processes share. Hand one to {@code
 * Engine.builder().storage(..)}; engines given the same storage (in one JVM, or in several over one
 * database) share the work and recover each other's executions.
 *
 * @param workflows the workflow versions
 * @param executions executions, node runs, checkpoints
 * @param queue the shared work
 * @param transactions makes writes to several of them land together, where the storage can
 * @param binaries where attachments and spilled checkpoint outputs live, shared by every engine on
 *     this storage: an engine uses it unless given its own {@code binaryStore(..)}, and it must be
 *     as durable and as shared as the rest, or a recovering engine cannot read what another wrote
 */
public record Storage(
    WorkflowStore workflows,
    ExecutionStore executions,
    WorkQueue queue,
    Transactions transactions,
    BinaryStore binaries) {

  /** Validates the components. */
  public Storage {
    Objects.requireNonNull(workflows, "workflows");
    Objects.requireNonNull(executions, "executions");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(binaries, "binaries");
  }

  /**
   * Storage whose parts share no transaction ({@link Transactions#none()}), with attachments in
   * this process's memory.
   *
   * @param workflows the workflow versions
   * @param executions executions, node runs, checkpoints
   * @param queue the shared work
   */
  public Storage(WorkflowStore workflows, ExecutionStore executions, WorkQueue queue) {
    this(workflows, executions, queue, Transactions.none(), BinaryStore.inMemory());
  }

  /**
   * {@return storage in this process's memory: durable across engines of one JVM (a test can stop
   * one engine abruptly and let another take over), not across a JVM restart}
   *
   * @param clock the clock of the engines that share it
   */
  public static Storage inMemory(Clock clock) {
    return new Storage(
        WorkflowStore.inMemory(clock), ExecutionStore.inMemory(), WorkQueue.inMemory(clock));
  }
}
