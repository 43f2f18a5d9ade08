/**
 * How an engine runs executions; no compatibility promise.
 *
 * <p>{@code Engine} delegates to one {@link dev.tyboo.internal.executor.Executor}: an {@link
 * dev.tyboo.internal.executor.InMemoryExecutor} over the {@link
 * dev.tyboo.internal.executor.ExecutionCoordinator} (plans, gates, in-memory waits), or a {@link
 * dev.tyboo.internal.executor.DurableExecutor} over a {@code Storage}. Both run each execution as
 * an {@link dev.tyboo.internal.executor.ExecutionRun}: the lock-free scheduler of one execution
 * (tokens, edge data, attempts, retries, timeouts, skips) over a compiled {@link
 * dev.tyboo.internal.executor.ExecutionPlan}; nodes see it through {@link
 * dev.tyboo.internal.executor.NodeRunContext}.
 *
 * <p>The durable side: a poll loop claims work from the queue under a lease ({@link
 * dev.tyboo.internal.executor.HeldExecutions} keeps one claim per execution in this process),
 * fences the execution, restores its node states from their checkpoints ({@link
 * dev.tyboo.internal.executor.Checkpoints}), runs it, checkpoints each finished node before its
 * successors start (outputs encoded by {@link dev.tyboo.internal.executor.CheckpointOutputs}),
 * renews the lease while busy and records the end. Sub-workflows, batches and error workflows are
 * {@link dev.tyboo.internal.executor.ChildExecutions}; resume-from-failure, retry and rerun are
 * {@link dev.tyboo.internal.executor.EndedExecutions}; what went wrong with claims, for dead
 * letters and health, is {@link dev.tyboo.internal.executor.ClaimTroubles}; {@code
 * maxConcurrentExecutions} is {@link dev.tyboo.internal.executor.WorkflowGates}. A stored execution
 * is seen through {@link dev.tyboo.internal.executor.StoredExecution}.
 */
package dev.tyboo.internal.executor;
