package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.ScriptLimitException;
import dev.tyboo.error.ScriptRuntimeException;
import dev.tyboo.error.ScriptSyntaxException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CodeTest {

  private static GraalScriptSandbox sandbox;

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-11-26T10:00:00Z"));
  private final Engine engine =
      Engine.builder()
          .discoverNodeTypes(CodeTest.class.getClassLoader())
          .scriptSandbox(sandbox)
          .clock(clock)
          .variables(Map.of("region", "eu"))
          .build();

  @BeforeAll
  static void startSandbox() {
    sandbox =
        GraalScriptSandbox.builder()
            .limits(ScriptLimits.defaults().withWallTime(Duration.ofSeconds(20)))
            .build();
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Execution run(NodeDefinition code, List<Item> input) {
    Workflow wf = Workflow.named("wf").node("code", code).build();
    Execution run = engine.start(wf, input);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private static List<Map<String, Object>> jsons(Execution run, String node) {
    return run.output(node).stream().map(Item::json).toList();
  }

  private static NodeExecutionException error(Execution run) {
    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    return run.error().orElseThrow();
  }

  @Test
  void runs_once_for_all_items_and_returns_new_items() {
    Execution run =
        run(
            Code.javaScript(
                """
                const total = $input.all().reduce((s, j) => s + j.price, 0);
                return items.map((item) => ({ json: { ...item.json, share: item.json.price / total } }));
                """),
            Item.listOf(Map.of("price", 1), Map.of("price", 3)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(jsons(run, "code"))
        .containsExactly(Map.of("price", 1, "share", 0.25), Map.of("price", 3, "share", 0.75));
  }

  @Test
  void plain_objects_are_taken_as_the_items_json() {
    Execution run =
        run(Code.javaScript("return [{ a: 1 }, { json: 'not an object', b: 2 }];"), List.of());

    assertThat(jsons(run, "code"))
        .containsExactly(Map.of("a", 1), Map.of("json", "not an object", "b", 2));
  }

  @Test
  void runs_once_per_item_with_json_and_item_index_and_drops_null() {
    Execution run =
        run(
            Code.javaScriptPerItem(
                """
                if ($json.skip) return null;
                return { name: $json.name.toUpperCase(), index: $itemIndex, same: $input.item.name };
                """),
            Item.listOf(
                Map.of("name", "ada"), Map.of("name", "x", "skip", true), Map.of("name", "bo")));

    assertThat(jsons(run, "code"))
        .containsExactly(
            Map.of("name", "ADA", "index", 0, "same", "ada"),
            Map.of("name", "BO", "index", 2, "same", "bo"));
  }

  @Test
  void sees_other_nodes_vars_execution_workflow_and_the_engines_clock() {
    Workflow wf =
        Workflow.named("wf")
            .node("source", NoOp.node())
            .node(
                "code",
                Code.javaScript(
                    """
                    return [{ first: $node("source").first().n, count: $node.source.count(),
                              paired: $node("source").json.n, region: $vars.region,
                              execution: $execution.id, workflow: $workflow.name,
                              now: $now.toISOString() }];
                    """))
            .connect("source", "code")
            .build();

    Execution run = engine.start(wf, Item.listOf(Map.of("n", 7), Map.of("n", 8)));
    run.await(Duration.ofSeconds(30));

    assertThat(jsons(run, "code"))
        .containsExactly(
            Map.of(
                "first",
                7,
                "count",
                2,
                "paired",
                7,
                "region",
                "eu",
                "execution",
                run.id().toString(),
                "workflow",
                "wf",
                "now",
                "2026-11-26T10:00:00.000Z"));
  }

  @Test
  void asking_for_a_node_that_has_not_run_is_an_error_the_code_can_catch() {
    Execution run =
        run(
            Code.javaScript(
                "try { $node('ghost').json; return [{ ok: true }]; }"
                    + " catch (e) { return [{ error: e.message }]; }"),
            List.of());

    assertThat((String) jsons(run, "code").getFirst().get("error")).contains("ghost");
  }

  @Test
  void stack_traces_show_the_users_lines_and_nothing_of_the_wrapper() {
    for (NodeDefinition code :
        List.of(
            Code.javaScript(
                """
                function inner() { return null.y; }
                function outer() { return inner(); }
                try { outer(); } catch (e) { return [{ stack: e.stack }]; }
                """),
            Code.javaScriptPerItem(
                """
                function inner() { return null.y; }
                function outer() { return inner(); }
                try { outer(); } catch (e) { return { stack: e.stack }; }
                """))) {
      Execution run = run(code, Item.listOf(Map.of("n", 1)));
      String stack = (String) run.output("code").getFirst().get("stack");
      assertThat(stack.lines().skip(1).toList())
          .as(stack)
          .hasSize(3)
          .allSatisfy(frame -> assertThat(frame).contains("wf/code:"))
          .satisfies(frames -> assertThat(frames.get(1)).contains("outer (wf/code:2:"))
          .satisfies(frames -> assertThat(frames.get(2)).contains("wf/code:3:"));
      assertThat(stack).doesNotContain("tyboo").doesNotContain("boot");
    }
  }

  @Test
  void a_returned_promise_is_awaited_and_a_rejection_is_the_nodes_error() {
    Execution resolved =
        run(
            Code.javaScript("return (async () => { await null; return [{ v: $json.n + 1 }]; })();"),
            Item.listOf(Map.of("n", 1)));
    assertThat(resolved.output("code")).extracting(i -> i.get("v")).containsExactly(2);

    Execution rejected =
        run(
            Code.javaScript(
                """
                const late = async () => { await null; throw new Error('too late'); };
                return late();
                """),
            Item.listOf(Map.of("n", 1)));
    assertThat(error(rejected))
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            s -> {
              assertThat(s.error()).isEqualTo("Error: too late");
              assertThat(s.line()).isEqualTo(1);
            });

    Execution never = run(Code.javaScript("return new Promise(() => {});"), List.of());
    assertThat(error(never))
        .isInstanceOf(ScriptRuntimeException.class)
        .hasMessageContaining("promise that did not settle");
  }

  @Test
  void a_column_on_the_first_line_is_the_users() {
    Execution run = run(Code.javaScript("const a = 1; null.x;"), List.of());
    assertThat(error(run))
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            s -> {
              assertThat(s.line()).isEqualTo(1);
              assertThat(s.column()).isEqualTo(14);
            });
  }

  @Test
  void a_thrown_error_names_its_line_and_per_item_the_item() {
    Execution run =
        run(
            Code.javaScriptPerItem(
                """
                const n = $json.n;
                if (n === 2) {
                  throw new Error('two is not allowed');
                }
                return { n };
                """),
            Item.listOf(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

    NodeExecutionException e = error(run);
    assertThat(e)
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            s -> {
              assertThat(s.error()).isEqualTo("Error: two is not allowed");
              assertThat(s.line()).isEqualTo(3);
              assertThat(s.itemIndex()).isEqualTo(1);
            });
    assertThat(e.getMessage()).contains("line 3").contains("wf/code").contains("item 1");
  }

  @Test
  void a_syntax_error_names_its_line() {
    Execution run = run(Code.javaScript("const a = 1;\nreturn [{ a: }];"), List.of());

    assertThat(error(run))
        .isInstanceOfSatisfying(
            ScriptSyntaxException.class,
            s -> {
              assertThat(s.line()).isEqualTo(2);
              // positions in the language's message are the user's lines too, not the wrapper's
              assertThat(s.error()).contains("line 2, column").doesNotContain("wf/code:");
            });
  }

  @Test
  void a_reference_to_an_undefined_name_names_its_line() {
    Execution run = run(Code.javaScript("\n\nreturn [{ a: notDefined }];"), List.of());

    assertThat(error(run))
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            s -> {
              assertThat(s.error()).isEqualTo("ReferenceError: notDefined is not defined");
              assertThat(s.line()).isEqualTo(3);
            });
  }

  @Test
  void a_result_that_is_not_items_is_a_clear_error() {
    assertThat(error(run(Code.javaScript("return 42;"), List.of())).getMessage())
        .contains("must return an array of items")
        .contains("a number");
    assertThat(error(run(Code.javaScript("return [1];"), List.of())).getMessage())
        .contains("each item must be an object");
    assertThat(
            error(run(Code.javaScriptPerItem("return [$json];"), Item.listOf(Map.of("a", 1))))
                .getMessage())
        .contains("one object");
  }

  @Test
  void more_items_than_max_items_is_an_output_limit() {
    NodeDefinition code =
        NodeDefinition.of(
            Code.type(),
            Map.of(
                "code", "return Array.from({ length: 11 }, (_, i) => ({ i }));", "maxItems", 10));

    assertThat(error(run(code, List.of())))
        .isInstanceOfSatisfying(
            ScriptLimitException.class,
            s -> assertThat(s.limit()).isEqualTo(ScriptLimitException.Limit.OUTPUT));
  }

  @Test
  void code_with_double_braces_is_taken_as_written_not_as_an_expression() {
    Execution run =
        run(
            Code.javaScript("const o = {a: {b: 1}}; return [{ text: '{{ $json.x }}', b: o.a.b }];"),
            List.of());

    assertThat(jsons(run, "code")).containsExactly(Map.of("text", "{{ $json.x }}", "b", 1));
  }

  @Test
  void an_engine_given_no_sandbox_finds_graalvm_on_the_class_path() {
    try (Engine plain =
        Engine.builder().discoverNodeTypes(CodeTest.class.getClassLoader()).build()) {
      Execution run =
          plain.start(
              Workflow.named("wf").node("code", Code.javaScript("return [{ ok: 1 + 1 }];")).build(),
              List.of());
      run.await(Duration.ofSeconds(30));

      assertThat(run.output("code").getFirst().json()).isEqualTo(Map.of("ok", 2));
    }
  }

  @Test
  void round_trips_through_json() {
    Workflow wf =
        Workflow.named("wf").node("code", Code.javaScriptPerItem("return $json;")).build();

    assertThat(WorkflowJson.write(engine.readWorkflow(WorkflowJson.write(wf))))
        .isEqualTo(WorkflowJson.write(wf));
  }

  @Test
  void binary_attachments_pass_through_by_reference() {
    BinaryRef ref = engine.binaryStore().write(bytes("hello"), "a.txt", "text/plain");
    List<Item> input = List.of(Item.of(Map.of("n", 1)).withBinary("file", ref));

    Execution kept = run(Code.javaScriptPerItem("return { seen: $binary.file.fileName };"), input);
    Execution moved =
        run(
            Code.javaScript(
                "return [{ json: { size: items[0].binary.file.size },"
                    + " binary: { renamed: items[0].binary.file } }];"),
            input);

    assertThat(kept.output("code").getFirst().json()).isEqualTo(Map.of("seen", "a.txt"));
    assertThat(kept.output("code").getFirst().binary()).isEqualTo(Map.of("file", ref));
    assertThat(moved.output("code").getFirst().json()).isEqualTo(Map.of("size", 5));
    assertThat(moved.output("code").getFirst().binary()).isEqualTo(Map.of("renamed", ref));
  }

  @Test
  void many_code_nodes_run_at_once_each_with_its_own_data() {
    List<Execution> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      runs.add(
          engine.start(
              Workflow.named("wf")
                  .node(
                      "code",
                      Code.javaScriptPerItem(
                          "globalThis.seen = (globalThis.seen || 0) + 1; return { n: $json.n * 2, seen: globalThis.seen };"))
                  .build(),
              Item.listOf(Map.of("n", i))));
    }
    for (int i = 0; i < runs.size(); i++) {
      runs.get(i).await(Duration.ofSeconds(60));
      assertThat(jsons(runs.get(i), "code")).containsExactly(Map.of("n", i * 2, "seen", 1));
    }
  }

  @Test
  void console_log_goes_to_the_nodes_log_and_does_not_change_the_result() {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    Execution run;
    // slf4j-simple (the tests' backend) writes to the System.err of the moment
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run =
          run(
              Code.javaScript(
                  "console.log('hello from code', 42); console.log({ a: 1 }); return [{ ok: true }];"),
              List.of());
    } finally {
      System.setErr(err);
    }

    assertThat(jsons(run, "code")).containsExactly(Map.of("ok", true));
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("dev.tyboo.node.code - console: hello from code 42")
        .contains("console: {\"a\":1}");
  }

  @Test
  void a_hundred_items_each_transformed() {
    List<Item> input =
        IntStream.range(0, 100).mapToObj(i -> Item.of(Map.of("i", i, "name", "n" + i))).toList();

    Execution run =
        run(
            Code.javaScript(
                "return items.map(({ json }) => ({ json: { i: json.i + 1, name: json.name } }));"),
            input);

    assertThat(run.output("code")).hasSize(100);
    assertThat(run.output("code").get(99).json()).isEqualTo(Map.of("i", 100, "name", "n99"));
  }

  static ByteArrayInputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
