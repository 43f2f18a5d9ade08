package dev.tyboo.engine;

/** The overall verdict of an {@link EngineHealth} snapshot. */
public enum HealthStatus {
  /** Everything within its thresholds. */
  UP,
  /** Working, but a threshold is exceeded (see the snapshot's reasons). */
  DEGRADED,
  /** Not working: the engine is shut down or its storage cannot be reached. */
  DOWN
}
