package dev.tyboo.spring;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The engine's health for Actuator: {@code UP}, {@code DOWN}, or for {@code DEGRADED} Actuator's
 * {@code OUT_OF_SERVICE}, with the reasons and the figures as details.
 */
public final class EngineHealthIndicator implements HealthIndicator {

  private final Engine engine;

  /**
   * Creates the indicator.
   *
   * @param engine the engine it reports on
   */
  public EngineHealthIndicator(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Health health() {
    EngineHealth h = engine.health();
    Health.Builder b =
        switch (h.status()) {
          case UP -> Health.up();
          case DEGRADED -> Health.outOfService();
          case DOWN -> Health.down();
        };
    return b.withDetail("reasons", h.reasons())
        .withDetail("runningExecutions", h.runningExecutions())
        .withDetail("waitingExecutions", h.waitingExecutions())
        .withDetail("queueDepth", h.queueDepth())
        .withDetail("deadLetters", h.deadLetters())
        .withDetail("storageReachable", h.storageReachable())
        .build();
  }
}
