package dev.tyboo.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable quickstart: a five-step workflow whose state lives in an H2 database file. Run it,
 * kill it mid-run (Ctrl-C or {@code kill -9}), run it again: the second run takes over the same
 * execution once the first one's lease has expired (5 s), skips the steps that had finished and
 * runs the rest.
 *
 * <p>Arguments (optional): the database file (default {@code target/durable-quickstart}) and the
 * milliseconds each step takes (default 2000).
 */
public final class DurableQuickstart {

  private static final Logger LOG = LoggerFactory.getLogger(DurableQuickstart.class);

  private DurableQuickstart() {}

  /** A step that takes a while; a registered node type, since durable workflows are stored. */
  private static NodeType slowStep(long millis) {
    NodeDescriptor descriptor =
        NodeDescriptor.builder("example.slowStep").property(PropertySpec.string("note")).build();
    return NodeType.of(
        descriptor,
        ctx -> {
          LOG.info("running {} of execution {}", ctx.nodeId(), ctx.executionId());
          Thread.sleep(millis);
          return NodeResult.mapItems(ctx, (item, i) -> item.with(ctx.nodeId(), "done"));
        });
  }

  /**
   * Runs the durable quickstart.
   *
   * @param args optional: database file, milliseconds per step
   */
  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : "target/durable-quickstart").toAbsolutePath();
    long stepMillis = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
    NodeType step = slowStep(stepMillis);
    Workflow workflow =
        Workflow.named("durable-quickstart")
            .node("step1", NodeDefinition.of(step, Map.of()))
            .node("step2", NodeDefinition.of(step, Map.of()))
            .node("step3", NodeDefinition.of(step, Map.of()))
            .node("step4", NodeDefinition.of(step, Map.of()))
            .node("step5", NodeDefinition.of(step, Map.of()))
            .connect("step1", "step2")
            .connect("step2", "step3")
            .connect("step3", "step4")
            .connect("step4", "step5")
            .build();

    try (HikariDataSource ds = new HikariDataSource()) {
      // WRITE_DELAY=0: H2 writes each commit at once, so a killed process loses no checkpoint
      ds.setJdbcUrl("jdbc:h2:file:" + file + ";WRITE_DELAY=0");
      try (Engine engine =
          Engine.builder()
              .storage(JdbcStorage.create(ds)) // creates or upgrades the schema
              .durableOptions(DurableOptions.builder().leaseTime(Duration.ofSeconds(5)).build())
              .nodeType(step)
              .build()) {
        Optional<ExecutionRecord> unfinished =
            engine
                .executions()
                .query(
                    ExecutionQuery.builder()
                        .workflow("durable-quickstart")
                        .status(ExecutionStatus.QUEUED)
                        .status(ExecutionStatus.RUNNING)
                        .status(ExecutionStatus.WAITING)
                        .build())
                .items()
                .stream()
                .findFirst();
        Execution execution;
        if (unfinished.isPresent()) {
          execution = engine.executions().find(unfinished.get().id()).orElseThrow();
          LOG.info(
              "resuming execution {} from {}; its finished steps will not run again",
              execution.id(),
              file);
        } else {
          execution = engine.start(workflow, List.of(Item.of(Map.of("order", 42))));
          LOG.info(
              "started execution {} in {}; kill me mid-run and start me again",
              execution.id(),
              file);
        }
        ExecutionStatus status = execution.await(Duration.ofMinutes(5));
        LOG.info("execution {} ended: {}", execution.id(), status);
      }
    }
  }
}
