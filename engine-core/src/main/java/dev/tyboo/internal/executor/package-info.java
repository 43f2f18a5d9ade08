/**
 * How an engine runs executions; no compatibility promise.
 *
 * <p>{@code Engine} delegates to one {@link dev.tyboo.internal.executor.Executor}: an {@link
 * dev.tyboo.internal.executor.InMemoryExecutor} over the {@link
 * dev.tyboo.internal.executor.ExecutionCoordinator} (gates, deployed workflows, in-memory waits),
 * or a {@link dev.tyboo.internal.executor.DurableExecutor} over a {@code Storage}. Both compile
 * workflows with one {@link dev.tyboo.internal.executor.PlanCompiler} and run each execution as an
 * {@link dev.tyboo.internal.executor.ExecutionRun}, the same scheduler on both sides, over a {@link
 * dev.tyboo.internal.executor.RunBackend} that says where state must outlive a node: {@link
 * dev.tyboo.internal.executor.InMemoryRunBackend} or, under a claim, {@link
 * dev.tyboo.internal.executor.DurableRunBackend}. A run is cut into: {@link
 * dev.tyboo.internal.executor.RunDataflow} (items on edges; which node is ready or skipped), {@link
 * dev.tyboo.internal.executor.NodeAttempts} (attempts, timeouts, retries, failures), {@link
 * dev.tyboo.internal.executor.RunEvents} (listeners and telemetry), {@link
 * dev.tyboo.internal.executor.RunVariables} (what expressions see) and {@link
 * dev.tyboo.internal.executor.LiveExecution} (what callers hold). Nodes see a run through {@link
 * dev.tyboo.internal.executor.NodeRunContext}. A sub-workflow run per batch advances as {@link
 * dev.tyboo.internal.executor.BatchProgress} decides, on both back-ends.
 *
 * <p>The durable side: the {@link dev.tyboo.internal.executor.DurableWorker} polls the queue and
 * claims work under a lease ({@link dev.tyboo.internal.executor.HeldExecutions} keeps one claim per
 * execution in this process), fences the execution, restores its node states from their checkpoints
 * ({@link dev.tyboo.internal.executor.Checkpoints}, both ways), runs it, checkpoints each finished
 * node before its successors start (outputs encoded by {@link
 * dev.tyboo.internal.executor.CheckpointOutputs}), renews the lease while busy and records the end
 * or the wait; {@link dev.tyboo.internal.executor.HandBacks} gives work back (at once, later, or as
 * a dead letter). Sub-workflows, batches and error workflows are {@link
 * dev.tyboo.internal.executor.ChildExecutions}; resume-from-failure, retry and rerun are {@link
 * dev.tyboo.internal.executor.EndedExecutions}; what went wrong with claims, for dead letters and
 * health, is {@link dev.tyboo.internal.executor.ClaimTroubles}; {@code maxConcurrentExecutions} is
 * {@link dev.tyboo.internal.executor.WorkflowGates}. A stored execution is seen through {@link
 * dev.tyboo.internal.executor.StoredExecution}.
 */
package dev.tyboo.internal.executor;
