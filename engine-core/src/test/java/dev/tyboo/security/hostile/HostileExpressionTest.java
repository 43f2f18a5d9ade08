package dev.tyboo.security.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.ExpressionLimitException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLimits;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile expressions: nesting that would overflow a stack, and growth that would
 * exhaust the heap or the clock. Each must end in a typed error naming node, parameter and limit,
 * quickly, whether it arrives through the builder, JSON or at run time.
 */
class HostileExpressionTest {

  private final Engine engine = Engine.builder().nodeTypes(TestNodes.registry()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  static Stream<Arguments> nested() {
    return Stream.of(
        Arguments.of("parentheses", "(".repeat(400) + "1" + ")".repeat(400), "maxNestingDepth"),
        Arguments.of("brackets", "[".repeat(3000) + "1" + "]".repeat(3000), "maxNestingDepth"),
        Arguments.of("braces", "{'a':".repeat(300) + "1" + "}".repeat(300), "maxNestingDepth"),
        Arguments.of("negations", "!".repeat(3000) + "true", "maxNestingDepth"),
        Arguments.of("minus signs", "- ".repeat(3000) + "1", "maxNestingDepth"),
        Arguments.of("not", "not ".repeat(500) + "true", "maxNestingDepth"),
        Arguments.of("mixed", "!(-[".repeat(100) + "1" + "])".repeat(100), "maxNestingDepth"),
        Arguments.of("sum", "1" + "+1".repeat(4000), "maxTokens"),
        Arguments.of("field chain", "$json" + ".x".repeat(3000), "maxTokens"),
        Arguments.of("method chain", "'a'" + ".trim()".repeat(1200), "maxTokens"),
        Arguments.of("ternaries", "true ? 1 : ".repeat(900) + "2", "maxTokens"),
        Arguments.of("long", "'" + "a".repeat(20_000) + "'", "maxSourceLength"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nested")
  void should_refuse_deep_or_huge_expressions_when_the_workflow_is_built(
      String what, String expression, String limit) {
    assertThatThrownBy(
            () ->
                Workflow.named("hostile")
                    .node("src", TestNodes.source(Map.of("count", 1)))
                    .node("set", TestNodes.set("x", "{{ " + expression + " }}"))
                    .connect("src", "set")
                    .build())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("node 'set'")
        .hasMessageContaining("parameter 'value'")
        .hasMessageContaining(limit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nested")
  void should_refuse_deep_or_huge_expressions_when_the_workflow_is_read(
      String what, String expression, String limit) {
    String json =
        """
        {"name": "hostile", "nodes": [
          {"id": "src", "type": "test.source", "parameters": {"count": 1}},
          {"id": "set", "type": "test.set", "parameters": {"field": "x", "value": %s}}
        ], "connections": [{"from": "src", "to": "set"}]}
        """
            .formatted(quote("{{ " + expression + " }}"));
    assertThatThrownBy(() -> engine.readWorkflow(json))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("node 'set'")
        .hasMessageContaining(limit);
  }

  @Test
  void should_refuse_deeply_nested_json_parameters_with_a_typed_error() {
    String json =
        """
        {"name": "hostile", "nodes": [
          {"id": "set", "type": "test.set", "parameters": {"field": "x", "value": %s}}
        ]}
        """
            .formatted("[".repeat(5000) + "]".repeat(5000));
    assertThatThrownBy(() -> engine.readWorkflow(json))
        .isInstanceOf(WorkflowValidationException.class);
  }

  static Stream<Arguments> growing() {
    String quadruple = "'aaaa'" + ".replace('a','aaaa')".repeat(16);
    return Stream.of(
        Arguments.of("replace chain", quadruple, ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "concatenation", "$json.big + $json.big", ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "concat", "$json.big.concat($json.big)", ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "replace empty",
            "'ab'.replace('', $json.big)",
            ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "list of references",
            "[" + "$json.big,".repeat(10) + "1]",
            ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "list to string",
            "[" + "$json.big,".repeat(10) + "1].toString()",
            ExpressionLimitException.Limit.STRING_LENGTH),
        Arguments.of(
            "range", "(1..2000000000).size()", ExpressionLimitException.Limit.COLLECTION_SIZE),
        Arguments.of(
            "range result", "1..2000000000", ExpressionLimitException.Limit.COLLECTION_SIZE),
        Arguments.of(
            "repeated scans",
            "$json.big.indexOf('y')" + " + $json.big.indexOf('y')".repeat(60),
            ExpressionLimitException.Limit.WORK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("growing")
  void should_stop_an_expression_that_grows_quickly_with_a_typed_error(
      String what, String expression, ExpressionLimitException.Limit limit) {
    Workflow wf =
        Workflow.named("grow").node("set", TestNodes.set("x", "{{ " + expression + " }}")).build();
    long start = System.nanoTime();
    Execution run = engine.run(wf, List.of(Item.of(Map.of("big", "x".repeat(10_000_000)))));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    NodeExecutionException error = run.error().orElseThrow();
    assertThat(error).isInstanceOf(ExpressionLimitException.class);
    ExpressionLimitException limited = (ExpressionLimitException) error;
    assertThat(limited.limit()).isEqualTo(limit);
    assertThat(limited.parameter()).isEqualTo("value");
    assertThat(limited.itemIndex()).isZero();
    assertThat(error.getMessage()).contains("Node 'set'").contains("limit max");
    // a guard against a hang or a heap-filling build, not a speed target (about 0.3 s measured)
    assertThat(took).as("stopped instead of running on").isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void should_bound_text_made_of_several_expressions() {
    Workflow wf =
        Workflow.named("grow")
            .node("set", TestNodes.set("x", "{{ $json.big }} and {{ $json.big }}"))
            .build();
    Execution run = engine.run(wf, List.of(Item.of(Map.of("big", "x".repeat(10_000_000)))));
    assertThat(run.error().orElseThrow())
        .isInstanceOfSatisfying(
            ExpressionLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(ExpressionLimitException.Limit.STRING_LENGTH));
  }

  @Test
  void should_take_the_limits_an_engine_was_given() {
    ExpressionLimits tight = ExpressionLimits.defaults().withMaxStringLength(10);
    try (Engine strict =
        Engine.builder().nodeTypes(TestNodes.registry()).expressionLimits(tight).build()) {
      Workflow wf =
          Workflow.named("tight")
              .node("set", TestNodes.set("x", "{{ $json.a + $json.a }}"))
              .build();
      assertThat(strict.run(wf, List.of(Item.of(Map.of("a", "abcd")))).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      Execution failed = strict.run(wf, List.of(Item.of(Map.of("a", "abcdef"))));
      assertThat(failed.error().orElseThrow())
          .isInstanceOf(ExpressionLimitException.class)
          .hasMessageContaining("more than 10");
    }
  }

  @Test
  void should_keep_ordinary_expressions_working() {
    Workflow wf =
        Workflow.named("ok")
            .node(
                "set", TestNodes.set("x", "{{ [$json.a, $json.a.toUpperCase(), (1..3).size()] }}"))
            .build();
    Execution run = engine.run(wf, List.of(Item.of(Map.of("a", "abc"))));
    assertThat(run.output("set").get(0).get("x")).isEqualTo(List.of("abc", "ABC", 3));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
