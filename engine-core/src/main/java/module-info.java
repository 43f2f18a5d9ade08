/**
 * Tyboo Engine core: workflow model, DSL, JSON codec, validation, node SPI, expressions and the
 * in-memory executor. The entry point is {@link dev.tyboo.engine.Engine}.
 */
@SuppressWarnings(
    "requires-automatic") // the OpenTelemetry API jars name their modules in their manifests
module dev.tyboo.core {
  requires transitive org.slf4j; // NodeContext.log() returns an org.slf4j.Logger
  requires transitive com.fasterxml.jackson.databind; // JsonMappers hands out its mappers
  requires com.github.benmanes.caffeine;
  requires org.jgrapht.core;
  requires org.apache.commons.jexl3;
  requires static io.opentelemetry.api; // optional: only OpenTelemetryTelemetry uses it
  requires static io.opentelemetry.context;
  requires static jdk.management; // the JVM's CPU load in Engine.health(), where the JDK has it

  exports dev.tyboo.engine;
  exports dev.tyboo.workflow;
  exports dev.tyboo.json;
  exports dev.tyboo.execution;
  exports dev.tyboo.node;
  exports dev.tyboo.node.flow;
  exports dev.tyboo.error;
  exports dev.tyboo.spi.binary;
  exports dev.tyboo.spi.expression;
  exports dev.tyboo.spi.time;
  exports dev.tyboo.spi.queue;
  exports dev.tyboo.spi.store;
  exports dev.tyboo.spi.schedule;
  exports dev.tyboo.spi.credential;
  exports dev.tyboo.spi.script;
  exports dev.tyboo.security.totp;
  exports dev.tyboo.security.credential;
  exports dev.tyboo.security.access;
  exports dev.tyboo.security.privacy;
  exports dev.tyboo.security.network;
  exports dev.tyboo.spi.key;
  exports dev.tyboo.spi.audit;
  exports dev.tyboo.spi.telemetry;
  exports dev.tyboo.telemetry;

  uses dev.tyboo.node.NodeCatalog;
  uses dev.tyboo.spi.script.ScriptSandboxProvider;
}
