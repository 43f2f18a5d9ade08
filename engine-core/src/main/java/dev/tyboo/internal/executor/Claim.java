package dev.tyboo.internal.executor;

import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.time.Clock;

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

  /** The workflow whose concurrency limit it counts against, or {@code ""}. */
  volatile String gate = "";

  Claim(Lease lease, ExecutionRecord record) {
    this.lease = lease;
    this.record = record;
  }
}
