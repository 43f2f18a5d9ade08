package dev.tyboo.internal.executor;

/**
 * What a durable engine is stuck on, for its health.
 *
 * @param failingExecutions executions whose last claim here ended because their checkpoint (or the
 *     claim itself) failed, in the last five minutes, and have not finished since
 * @param stuckExecutions executions claimed here in the last five minutes at their third delivery
 *     or later (twice claimed without progress: a lease ran out, a claim or a checkpoint failed),
 *     and not finished or parked since
 * @param blockedSlots worker slots in one storage call for longer than the lease time
 * @param slots the worker slots ({@code DurableOptions.maxActiveExecutions})
 */
public record DurableTroubles(
    int failingExecutions, int stuckExecutions, int blockedSlots, int slots) {}
