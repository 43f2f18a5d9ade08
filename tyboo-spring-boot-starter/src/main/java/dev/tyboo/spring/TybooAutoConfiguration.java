package dev.tyboo.spring;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.node.NodeType;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes an {@link Engine} bean unless the application defines one: durable on the application's
 * {@link DataSource} when there is one (and {@code tyboo.durable} is not {@code false}), in memory
 * otherwise; then the engine's {@link Storage} and a {@link ScheduleLedger} are beans too, for the
 * application's {@code Scheduler} and its own queries; with the node types found on the class path
 * ({@code ServiceLoader}) and every {@link NodeType} bean. The engine shuts down with the context,
 * giving running executions {@code tyboo.shutdown-grace}.
 *
 * <p>Telemetry: the engine reports to the application's {@link Telemetry} bean. When there is none
 * and the application has a Micrometer {@code MeterRegistry} (Actuator brings one), the starter
 * makes a {@link MicrometerTelemetry} and registers its gauges; an application that wants
 * OpenTelemetry spans defines {@code OpenTelemetryTelemetry.create(openTelemetry)} as its bean.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@EnableConfigurationProperties(TybooProperties.class)
public class TybooAutoConfiguration {

  /** For Spring. */
  public TybooAutoConfiguration() {}

  /**
   * {@return the engine's durable storage on the application's data source} Absent without a data
   * source or with {@code tyboo.durable=false}; an application may define its own.
   *
   * @param properties the {@code tyboo.*} settings
   * @param dataSource the application's data source
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnProperty(name = "tyboo.durable", havingValue = "true", matchIfMissing = true)
  public Storage tybooStorage(TybooProperties properties, DataSource dataSource) {
    JdbcStorage.Builder storage = JdbcStorage.builder(dataSource);
    if (properties.tablePrefix() != null) {
      storage.tablePrefix(properties.tablePrefix());
    }
    if (properties.schema() != null) {
      storage.schema(properties.schema());
    }
    return storage.build();
  }

  /**
   * {@return the schedule ledger in the engine's storage, for a {@code Scheduler}: every process
   * sharing the database fires each scheduled time once}
   *
   * @param storage the engine's storage, made by {@link #tybooStorage}
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Storage.class)
  public ScheduleLedger tybooScheduleLedger(Storage storage) {
    return JdbcStorage.scheduleLedger(storage);
  }

  /**
   * {@return the engine}
   *
   * @param properties the {@code tyboo.*} settings
   * @param storage the engine's durable storage, if there is one
   * @param nodeTypes the application's node type beans
   * @param telemetry the telemetry bean, if there is one
   * @throws IllegalStateException if there are several telemetry beans and none is primary
   */
  @Bean(destroyMethod = "close") // close() gives running executions the shutdown grace
  @ConditionalOnMissingBean
  public Engine tybooEngine(
      TybooProperties properties,
      ObjectProvider<Storage> storage,
      ObjectProvider<NodeType> nodeTypes,
      ObjectProvider<Telemetry> telemetry) {
    EngineBuilder builder =
        Engine.builder()
            .discoverNodeTypes(Thread.currentThread().getContextClassLoader())
            .shutdownGrace(properties.shutdownGrace());
    nodeTypes.orderedStream().forEach(builder::nodeType);
    Telemetry chosen = telemetry.getIfUnique();
    if (chosen != null) {
      builder.telemetry(chosen);
    } else if (telemetry.stream().findAny().isPresent()) {
      throw new IllegalStateException(
          "the application has several Telemetry beans ("
              + telemetry.stream().map(t -> t.getClass().getName()).toList()
              + ") and the engine reports to one: mark one @Primary");
    }
    Storage durable = properties.durable() ? storage.getIfAvailable() : null;
    if (durable != null) {
      builder.storage(durable);
    }
    return builder.build();
  }

  /** Micrometer metrics, when the application has a meter registry and no telemetry of its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(Telemetry.class)
    MicrometerTelemetry tybooMicrometerTelemetry(MeterRegistry registry) {
      return MicrometerTelemetry.create(registry);
    }

    @Bean(destroyMethod = "close") // before the engine, which it depends on
    @ConditionalOnBean(MicrometerTelemetry.class)
    AutoCloseable tybooMicrometerGauges(MicrometerTelemetry telemetry, Engine engine) {
      return telemetry.observe(engine);
    }
  }

  /** Health for Actuator, when the application has Spring Boot's health support. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {

    @Bean
    @ConditionalOnMissingBean(name = "tybooHealthIndicator")
    EngineHealthIndicator tybooHealthIndicator(Engine engine) {
      return new EngineHealthIndicator(engine);
    }
  }
}
