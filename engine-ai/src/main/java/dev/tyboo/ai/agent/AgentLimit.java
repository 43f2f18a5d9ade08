package dev.tyboo.ai.agent;

/** The limits that stop an AI agent ({@link AgentLimitException#limit()}). */
public enum AgentLimit {
  /** {@code maxIterations}: model calls in one run. */
  ITERATIONS,
  /** {@code maxTokens}: input and output tokens of every model call of the run. */
  TOKENS,
  /** {@code maxCost}: the cost of the run's model calls, in the tracker's reporting currency. */
  COST,
  /** {@code maxDurationSeconds}: time spent in model and tool calls (not waiting for approval). */
  DURATION
}
