package dev.tyboo.nodes.code;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs in a JVM without GraalVM on the class path ({@link WithoutGraalTest}): the catalogue loads,
 * other nodes run, and a Code node fails saying what to add.
 */
public final class WithoutGraalMain {

  private WithoutGraalMain() {}

  /**
   * Prints what happened, one line per check.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try {
      Class.forName("org.graalvm.polyglot.Context");
      System.out.println("GraalVM is on the class path");
    } catch (ClassNotFoundException e) {
      System.out.println("no GraalVM on the class path");
    }
    try (Engine engine =
        Engine.builder().discoverNodeTypes(WithoutGraalMain.class.getClassLoader()).build()) {
      Execution plain =
          engine.start(
              Workflow.named("plain").node("pass", NoOp.node()).build(),
              Item.listOf(Map.of("n", 1)));
      plain.await(Duration.ofSeconds(30));
      System.out.println("PLAIN " + plain.status());
      Execution code =
          engine.start(
              Workflow.named("code").node("code", Code.javaScript("return [];")).build(),
              List.of());
      code.await(Duration.ofSeconds(30));
      System.out.println(
          "CODE " + code.status() + " " + code.error().map(Throwable::getMessage).orElse(""));
    }
  }
}
