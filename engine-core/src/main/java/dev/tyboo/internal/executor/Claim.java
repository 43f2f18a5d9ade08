package dev.tyboo.internal.executor;

import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.time.Clock;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One execution a durable engine claimed: its lease, its record as last written, its run. */
final class Claim {
  volatile Lease lease;
  volatile ExecutionRecord record;
  volatile ExecutionRun run;
  volatile Clock.Timer heartbeat;
  volatile boolean done;
  volatile boolean cancelSeen;

  /** Its checkpoint failed: hand the execution back with a growing delay. */
  volatile boolean checkpointFailed;

  /** A checkpoint was refused for its token: another worker holds the execution now. */
  volatile boolean lost;

  /** Sink checkpoints kept back to be written with what the claim writes next (its end). */
  final Queue<NodeRunRecord> deferred = new ConcurrentLinkedQueue<>();

  /** Checkpoints written behind the run (asynchronous mode), in the order they were queued. */
  final Queue<CompletableFuture<Void>> pending = new ConcurrentLinkedQueue<>();

  /** The workflow whose concurrency limit it counts against, or {@code ""}. */
  volatile String gate = "";

  Claim(Lease lease, ExecutionRecord record) {
    this.lease = lease;
    this.record = record;
  }
}
