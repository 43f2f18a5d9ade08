package dev.tyboo.engine;

import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks a node type may use beyond {@code execute}: parameter-dependent ports, source input.
 */
class NodeTypeHooksTest {

  /**
   * Emits each item on the port named by its {@code to} field; ports are listed in {@code ports}.
   */
  private static final NodeType ROUTER =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.router")
                .outputs("default")
                .property(PropertySpec.array("ports"))
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public List<PortSpec> outputPorts(Map<String, Object> parameters) {
          if (parameters.get("ports") instanceof List<?> names) {
            return names.stream().map(n -> PortSpec.of(String.valueOf(n))).toList();
          }
          return descriptor.outputs();
        }

        @Override
        public Map<String, String> parameterProblems(Map<String, Object> parameters) {
          Map<String, String> problems = new java.util.LinkedHashMap<>();
          if (parameters.get("ports") instanceof List<?> names) {
            for (int i = 0; i < names.size(); i++) {
              if (!(names.get(i) instanceof String name) || name.isBlank()) {
                problems.put("ports[" + i + "]", "must be a port name");
              }
            }
          }
          return problems;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          NodeResult.Builder out = NodeResult.builder();
          ctx.input().forEach(i -> out.emit(String.valueOf(i.get("to")), i));
          return out.build();
        }
      };

  /** No inputs: emits what its execution started with. */
  private static final NodeType TRIGGER =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.trigger").inputs().build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          return NodeResult.of(ctx.input());
        }
      };

  private final Engine engine = Engine.builder().nodeType(ROUTER).nodeType(TRIGGER).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static NodeDefinition router(List<String> ports) {
    return NodeDefinition.of(ROUTER, Map.of("ports", ports));
  }

  @Test
  void should_connect_and_route_through_ports_that_follow_the_parameters() {
    Workflow wf =
        Workflow.named("routed")
            .node("route", router(List.of("red", "blue")))
            .node("red", identity())
            .node("blue", identity())
            .connect("route", "red", "red", "main")
            .connect("route", "blue", "blue", "main")
            .build();

    Execution run =
        engine.run(wf, Item.listOf(Map.of("to", "red", "n", 1), Map.of("to", "blue", "n", 2)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("red")).extracting(i -> i.get("n")).containsExactly(1);
    assertThat(run.output("blue")).extracting(i -> i.get("n")).containsExactly(2);
  }

  @Test
  void should_reject_a_connection_from_a_port_the_parameters_do_not_declare() {
    assertThatThrownBy(
            () ->
                engine.validate(
                    Workflow.named("wrong")
                        .node("route", router(List.of("red")))
                        .node("green", identity())
                        .connect("route", "green", "green", "main")
                        .build()))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.connections[0].output")
        .hasMessageContaining("has no output port 'green'")
        .hasMessageContaining("[red]");
  }

  @Test
  void should_report_the_problems_a_node_type_finds_in_its_parameters_with_their_paths() {
    assertThatThrownBy(
            () ->
                engine.validate(
                    Workflow.named("blank")
                        .node("route", NodeDefinition.of(ROUTER, Map.of("ports", List.of("a", 7))))
                        .build()))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.ports[1]")
        .hasMessageContaining("node 'route': parameter 'ports[1]' must be a port name");
  }

  @Test
  void should_fail_a_node_that_emits_on_a_port_its_parameters_do_not_declare() {
    Execution run =
        engine.run(
            Workflow.named("stray").node("route", router(List.of("red"))).build(),
            Item.listOf(Map.of("to", "green")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow())
        .hasMessageContaining("port 'green'")
        .hasMessageContaining("[red]");
  }

  @Test
  void should_give_a_node_without_inputs_the_items_its_execution_started_with() {
    Workflow wf =
        Workflow.named("triggered")
            .node("trigger", NodeDefinition.of(TRIGGER, Map.of()))
            .node("next", identity())
            .connect("trigger", "next")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("body", "hello")));

    assertThat(run.output("trigger")).extracting(i -> i.get("body")).containsExactly("hello");
    assertThat(run.output("next")).extracting(i -> i.get("body")).containsExactly("hello");
  }
}
