package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every node run logs with {@code executionId}, {@code workflowId}, {@code nodeId} and {@code
 * tenant} in the MDC: its own, even with hundreds of runs interleaving on virtual threads, and
 * nothing is left behind on the thread afterwards. The log lines are caught by a logback appender.
 */
class LoggingContextTest {

  /** What one node logged with, next to what it should have logged with. */
  private record Seen(Map<String, String> mdc, String executionId, String nodeId) {}

  private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger nodeLogger = (Logger) LoggerFactory.getLogger("dev.tyboo.node.test.mdc");

  @BeforeEach
  void catchLogLines() {
    appender.start();
    nodeLogger.addAppender(appender);
    nodeLogger.setLevel(Level.INFO);
  }

  @AfterEach
  void stopCatching() {
    nodeLogger.detachAppender(appender);
    nodeLogger.setLevel(null);
  }

  /** The MDC of each caught line, keyed by the line's own message (executionId/nodeId). */
  private List<Seen> logged() {
    return appender.list.stream()
        .map(
            e -> {
              String[] ids = e.getFormattedMessage().split(" ");
              return new Seen(Map.copyOf(e.getMDCPropertyMap()), ids[1], ids[2]);
            })
        .toList();
  }

  /** Sleeps a little (so that runs interleave), then notes the MDC as its logger would see it. */
  private final NodeType recordsMdc =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.mdc").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) throws InterruptedException {
          Thread.sleep(1);
          Map<String, String> mdc = MDC.getCopyOfContextMap();
          ctx.log().info("seen {} {}", ctx.executionId(), ctx.nodeId());
          seen.add(
              new Seen(
                  mdc == null ? Map.of() : new HashMap<>(mdc), ctx.executionId(), ctx.nodeId()));
          return NodeResult.of(ctx.input());
        }
      };

  private Workflow twoBranches(String name) {
    return Workflow.named(name)
        .node("a", NodeDefinition.of(recordsMdc, Map.of()))
        .node("b", NodeDefinition.of(recordsMdc, Map.of()))
        .node("c", NodeDefinition.of(recordsMdc, Map.of()))
        .connect("a", "b")
        .connect("a", "c")
        .build();
  }

  @Test
  void each_node_run_logs_with_its_own_execution_workflow_node_and_tenant() {
    try (Engine engine =
        Engine.builder().storage(Storage.inMemory(Clock.system())).nodeType(recordsMdc).build()) {
      List<Execution> runs = new ArrayList<>();
      for (String tenant : List.of("acme", "globex")) {
        AuthorizedEngine as = engine.as(Principal.of("admin", tenant, Role.ADMIN));
        as.deploy(twoBranches("orders"));
        for (int i = 0; i < 100; i++) {
          runs.add(as.start("orders", List.of(Item.empty())));
        }
      }
      for (Execution run : runs) {
        assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }

    assertThat(seen).hasSize(600);
    assertThat(logged()).hasSize(600);
    for (Seen s : logged()) {
      assertThat(s.mdc())
          .containsEntry("executionId", s.executionId())
          .containsEntry("nodeId", s.nodeId())
          .containsKeys("workflowId", "tenant");
      String tenant = s.mdc().get("tenant");
      assertThat(tenant).isIn("acme", "globex");
      assertThat(s.mdc().get("workflowId")).isEqualTo(tenant + "/orders");
    }
  }

  @Test
  void a_run_on_the_callers_thread_leaves_its_mdc_as_it_found_it() {
    MDC.put("requestId", "r-1");
    try (Engine engine = Engine.builder().nodeType(recordsMdc).build()) {
      Execution run = engine.run(twoBranches("inline"), List.of(Item.empty()));

      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(MDC.getCopyOfContextMap()).containsExactlyEntriesOf(Map.of("requestId", "r-1"));
      assertThat(logged()).hasSize(3);
      assertThat(seen).hasSize(3);
      assertThat(logged())
          .allSatisfy(
              s ->
                  assertThat(s.mdc())
                      .containsEntry("workflowId", "inline")
                      .containsEntry("tenant", "")
                      .containsEntry("executionId", run.id().value()));
    } finally {
      MDC.clear();
    }
  }
}
