package dev.tyboo.testkit.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.time.ManualClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTestKitTest {

  /** Emits its two inputs on two ports, swapped. */
  private static final NodeType SWAP =
      NodeType.of(
          NodeDescriptor.builder("test.swap").inputs("left", "right").outputs("a", "b").build(),
          ctx ->
              NodeResult.builder()
                  .emitAll("a", ctx.input("right"))
                  .emitAll("b", ctx.input("left"))
                  .build());

  @Test
  void feeds_each_input_port_and_returns_each_output_port() {
    NodeTestResult result =
        NodeTestKit.of(SWAP)
            .input(Item.listOf(Map.of("n", 1)))
            .input("right", Item.listOf(Map.of("n", 2), Map.of("n", 3)))
            .run();

    assertThat(result.status()).isEqualTo(NodeRunStatus.SUCCEEDED);
    assertThat(result.output("a")).extracting(i -> i.get("n")).containsExactly(2, 3);
    assertThat(result.output("b")).extracting(i -> i.get("n")).containsExactly(1);
    assertThat(result.output()).isEmpty();
  }

  @Test
  void lends_the_node_its_credentials_and_clock() {
    NodeType whoAmI =
        NodeType.of(
            NodeDescriptor.builder("test.whoAmI").credentialType("acmeApi").build(),
            ctx ->
                NodeResult.of(
                    List.of(
                        Item.of(
                            Map.of(
                                "user", ctx.credential("acmeApi").get("user"),
                                "now", ctx.clock().now().toString())))));

    NodeTestResult result =
        NodeTestKit.of(whoAmI)
            .credential("acmeApi", Map.of("user", "ada"))
            .clock(ManualClock.at(Instant.parse("2026-12-24T18:00:00Z")))
            .run();

    assertThat(result.outputsOrThrow().get("main").getFirst().json())
        .isEqualTo(Map.of("user", "ada", "now", "2026-12-24T18:00:00Z"));
  }

  @Test
  void attaches_files_to_input_items_through_the_binary_store() {
    NodeType size =
        NodeType.of(
            NodeDescriptor.builder("test.size").build(),
            ctx ->
                NodeResult.mapItems(
                    ctx,
                    (item, i) -> {
                      try (InputStream in = ctx.binaries().open(item.binary().get("doc"))) {
                        return item.with("text", new String(in.readAllBytes(), UTF_8));
                      }
                    }));

    NodeTestResult result =
        NodeTestKit.of(size)
            .input(Item.listOf(Map.of("id", 1)))
            .file(0, "doc", "a.txt", "text/plain", "hello".getBytes(UTF_8))
            .run();

    assertThat(result.output().getFirst().get("text")).isEqualTo("hello");
  }

  @Test
  void reports_a_node_that_waits() {
    NodeType later =
        NodeType.of(
            NodeDescriptor.builder("test.later").build(),
            ctx -> NodeResult.waitUntil(ctx.clock().now().plusSeconds(60), ctx.input()));

    NodeTestResult result = NodeTestKit.of(later).input(Item.listOf(Map.of())).run();

    assertThat(result.waits()).isTrue();
    assertThat(result.failure()).isEmpty();
  }

  @Test
  void gives_up_on_a_node_that_blocks_past_the_timeout() {
    NodeType stuck =
        NodeType.of(
            NodeDescriptor.builder("test.stuck").build(),
            ctx -> {
              Thread.sleep(30_000);
              return NodeResult.empty();
            });

    assertThatThrownBy(() -> NodeTestKit.of(stuck).timeout(Duration.ofMillis(300)).run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("'test.stuck' neither ended nor waited within PT0.3S");
  }

  @Test
  void starts_a_source_node_with_the_given_items() {
    List<Object> seen = new ArrayList<>();
    NodeType source =
        NodeType.of(
            NodeDescriptor.builder("test.source").inputs().build(),
            ctx -> {
              seen.addAll(ctx.input());
              return NodeResult.of(ctx.input());
            });

    NodeTestKit.of(source).input(Item.listOf(Map.of("fired", true))).run();

    assertThat(seen).hasSize(1);
  }

  @Test
  void validates_parameters_as_a_workflow_would() {
    NodeType typed =
        NodeType.of(
            NodeDescriptor.builder("test.typed")
                .property(PropertySpec.integer("count").required())
                .build(),
            ctx -> NodeResult.of(ctx.input()));

    assertThatThrownBy(() -> NodeTestKit.of(typed).parameters(Map.of("count", "many")).run())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.count")
        .hasMessageContaining("must be an integer");
  }
}
