package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.InputView;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Nodes reach the engine's script sandbox and expression variables; code parameters are never read
 * for expressions.
 */
class ScriptSandboxWiringTest {

  /** Runs its {@code code} parameter in the sandbox and emits what the sandbox returned. */
  private static final NodeType RUNS_CODE =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.runsCode")
                .property(PropertySpec.code("code").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String code = ctx.stringParameter("code", 0);
          ScriptResult r =
              ctx.scripting()
                  .scriptSandbox()
                  .run(Script.of(Script.JAVASCRIPT, "w/run", code), List.of());
          InputView input = (InputView) ctx.scripting().variable("$input", 0);
          return NodeResult.of(
              Item.listOf(Map.of("value", r.value(), "inputCount", input.count())));
        }
      };

  /** A sandbox that echoes the source it was given. */
  private static final class EchoSandbox implements ScriptSandbox {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public Set<String> languages() {
      return Set.of(Script.JAVASCRIPT);
    }

    @Override
    public ScriptLimits limits() {
      return ScriptLimits.defaults();
    }

    @Override
    public ScriptResult run(Script script, List<Object> arguments) {
      return new ScriptResult(script.source(), List.of(), Duration.ZERO, 0);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static Workflow workflow(String code) {
    return Workflow.named("w")
        .node("run", NodeDefinition.of(RUNS_CODE, Map.of("code", code)))
        .build();
  }

  @Test
  void a_node_runs_code_in_the_sandbox_the_engine_was_given_and_the_engine_leaves_it_open() {
    EchoSandbox sandbox = new EchoSandbox();
    try (Engine engine = Engine.builder().nodeType(RUNS_CODE).scriptSandbox(sandbox).build()) {
      Execution run = engine.run(workflow("return {{ $json.x }};"), Item.listOf(Map.of("x", 1)));

      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      // the braces reach the sandbox as written: code is never read for expressions
      assertThat(run.output("run").getFirst().json())
          .isEqualTo(Map.of("value", "return {{ $json.x }};", "inputCount", 1));
    }
    assertThat(sandbox.closed).isFalse();
  }

  @Test
  void code_with_braces_that_would_not_compile_as_an_expression_passes_validation() {
    assertThat(workflow("if (a) {{ b(); }}").validate(ExpressionLanguage.safeDefault())).isEmpty();
  }

  @Test
  void without_a_sandbox_on_the_class_path_running_code_fails_saying_what_to_add() {
    try (Engine engine = Engine.builder().nodeType(RUNS_CODE).build()) {
      Execution run = engine.run(workflow("return 1;"), Item.listOf(Map.of()));

      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow().getMessage())
          .contains("no script sandbox")
          .contains("js-community");
    }
  }

  @Test
  void the_empty_sandbox_refuses_every_run() {
    assertThatThrownBy(
            () -> ScriptSandbox.none().run(Script.of(Script.PYTHON, "w/n", "x"), List.of()))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("w/n");
    assertThat(ScriptSandbox.none().languages()).isEmpty();
  }

  @Test
  void script_limits_refuse_a_limit_that_is_not_positive() {
    assertThatThrownBy(() -> ScriptLimits.defaults().withStatements(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statements");
    assertThatThrownBy(() -> ScriptLimits.defaults().withWallTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wallTime");
  }
}
