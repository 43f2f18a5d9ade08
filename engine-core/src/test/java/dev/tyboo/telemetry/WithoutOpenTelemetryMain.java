package dev.tyboo.telemetry;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.Workflow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Run by {@link WithoutOpenTelemetryTest} in a JVM whose class path has no OpenTelemetry jar. */
public final class WithoutOpenTelemetryMain {

  private WithoutOpenTelemetryMain() {}

  /**
   * Runs a workflow in an engine without and with storage, and reads its health.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    Workflow wf = Workflow.named("w").node("set", TestNodes.set("done", true)).build();
    try (Engine plain = Engine.builder().nodeTypes(TestNodes.registry()).build();
        Engine durable =
            Engine.builder()
                .nodeTypes(TestNodes.registry())
                .storage(Storage.inMemory(Clock.system()))
                .build()) {
      Execution a = plain.run(wf, List.of(Item.of(Map.of())));
      Execution b = durable.start(wf, List.of(Item.of(Map.of())));
      b.await(Duration.ofSeconds(10));
      out.println("plain " + a.status() + ", durable " + b.status());
      out.println("health " + plain.health().status() + " " + durable.health().status());
    }
    try {
      Class.forName("io.opentelemetry.api.OpenTelemetry");
      out.println("OpenTelemetry is on the class path");
    } catch (ClassNotFoundException e) {
      out.println("no OpenTelemetry on the class path");
    }
  }
}
