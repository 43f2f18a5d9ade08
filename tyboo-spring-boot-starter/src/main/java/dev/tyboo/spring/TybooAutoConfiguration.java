package dev.tyboo.spring;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.node.NodeType;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes an {@link Engine} bean unless the application defines one: durable on the application's
 * {@link DataSource} when there is one (and {@code tyboo.durable} is not {@code false}), in memory
 * otherwise; with the node types found on the class path ({@code ServiceLoader}) and every {@link
 * NodeType} bean. The engine shuts down with the context, giving running executions {@code
 * tyboo.shutdown-grace}.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(TybooProperties.class)
public class TybooAutoConfiguration {

  /** For Spring. */
  public TybooAutoConfiguration() {}

  /**
   * {@return the engine}
   *
   * @param properties the {@code tyboo.*} settings
   * @param dataSource the application's data source, if it has one
   * @param nodeTypes the application's node type beans
   */
  @Bean(destroyMethod = "close") // close() gives running executions the shutdown grace
  @ConditionalOnMissingBean
  public Engine tybooEngine(
      TybooProperties properties,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<NodeType> nodeTypes) {
    EngineBuilder builder =
        Engine.builder()
            .discoverNodeTypes(Thread.currentThread().getContextClassLoader())
            .shutdownGrace(properties.shutdownGrace());
    nodeTypes.orderedStream().forEach(builder::nodeType);
    DataSource ds = properties.durable() ? dataSource.getIfAvailable() : null;
    if (ds != null) {
      JdbcStorage.Builder storage = JdbcStorage.builder(ds);
      if (properties.tablePrefix() != null) {
        storage.tablePrefix(properties.tablePrefix());
      }
      if (properties.schema() != null) {
        storage.schema(properties.schema());
      }
      builder.storage(storage.build());
    }
    return builder.build();
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
