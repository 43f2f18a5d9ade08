package dev.tyboo.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tyboo.*} settings of the auto-configured engine.
 *
 * @param durable whether the engine keeps its executions in the application's {@code DataSource}
 *     when there is one ({@code true} by default); without a data source it runs in memory
 * @param tablePrefix what the engine's tables are named with instead of {@code tyboo}, or {@code
 *     null}
 * @param schema the schema the engine's tables live in, or {@code null} for the connections' own
 * @param shutdownGrace how long running executions may finish when the context closes (a durable
 *     engine hands the rest to other processes)
 */
@ConfigurationProperties("tyboo")
public record TybooProperties(
    Boolean durable, String tablePrefix, String schema, Duration shutdownGrace) {

  /** Applies the defaults. */
  public TybooProperties {
    durable = durable == null || durable;
    shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
  }
}
