package dev.tyboo.examples;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README quickstart: load orders, branch on their total, merge the branches, print what ran.
 */
public final class Quickstart {

  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Workflow workflow =
        Workflow.named("orders")
            .node(
                "load",
                ctx ->
                    NodeResult.of(
                        Item.listOf(
                            Map.of("id", 1, "total", 250, "owner", "ana@example.com"),
                            Map.of("id", 2, "total", 40, "owner", "bo@example.com"),
                            Map.of("id", 3, "total", 120, "owner", "cy@example.com"))))
            .node(
                "isBig",
                InlineNode.of(
                        ctx -> {
                          NodeResult.Builder out = NodeResult.builder();
                          for (Item order : ctx.input()) {
                            out.emit(
                                ((Number) order.get("total")).intValue() > 100 ? "true" : "false",
                                order);
                          }
                          return out.build();
                        })
                    .outputs("true", "false"))
            .node(
                "priority",
                ctx ->
                    NodeResult.of(
                        ctx.input().stream().map(o -> o.with("lane", "priority")).toList()))
            .node(
                "standard",
                ctx ->
                    NodeResult.of(
                        ctx.input().stream().map(o -> o.with("lane", "standard")).toList()))
            .node(
                "merge",
                InlineNode.of(
                        ctx -> {
                          List<Item> all = new ArrayList<>(ctx.input("big"));
                          all.addAll(ctx.input("small"));
                          return NodeResult.of(all);
                        })
                    .inputs("big", "small"))
            .connect("load", "isBig")
            .connect("isBig", "true", "priority")
            .connect("isBig", "false", "standard")
            .connect("priority", "main", "merge", "big")
            .connect("standard", "main", "merge", "small")
            .build();

    try (Engine engine = Engine.builder().build()) {
      Execution run = engine.start(workflow);
      run.await(Duration.ofSeconds(10));

      for (NodeRun node : run.nodeRuns().values()) {
        int items = node.outputs().values().stream().mapToInt(List::size).sum();
        System.out.printf(
            "%-9s %-9s %6d µs  %d item(s)%n",
            node.nodeId(),
            node.status(),
            node.duration().map(d -> d.toNanos() / 1_000).orElse(0L),
            items);
      }
      for (Item order : run.output("merge")) {
        System.out.printf(
            "  order %s: total %s, %s lane%n",
            order.get("id"), order.get("total"), order.get("lane"));
      }
      long millis = Duration.between(run.createdAt(), run.finishedAt().orElseThrow()).toMillis();
      System.out.printf("Execution %s %s in %d ms%n", run.id(), run.status(), millis);
    }
  }
}
