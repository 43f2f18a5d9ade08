package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.ScriptRuntimeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Code node in Python, with GraalPy on the class path (the python-tests execution). */
class CodeNodePythonTest {

  private static GraalScriptSandbox sandbox;

  private final Engine engine =
      Engine.builder()
          .discoverNodeTypes(CodeNodePythonTest.class.getClassLoader())
          .scriptSandbox(sandbox)
          .variables(Map.of("region", "eu"))
          .build();

  @BeforeAll
  static void startSandbox() {
    sandbox =
        GraalScriptSandbox.builder()
            .limits(ScriptLimits.defaults().withWallTime(Duration.ofSeconds(30)))
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
    Workflow wf =
        Workflow.named("wf")
            .node("source", NoOp.node())
            .node("code", code)
            .connect("source", "code")
            .build();
    Execution run = engine.start(wf, input);
    run.await(Duration.ofSeconds(60));
    return run;
  }

  @Test
  void runs_python_once_for_all_items() {
    Execution run =
        run(
            Code.python(
                """
                total = sum(j["price"] for j in _input.all())
                return [{"json": {"price": i["json"]["price"], "share": i["json"]["price"] / total}} for i in items]
                """),
            Item.listOf(Map.of("price", 1), Map.of("price", 3)));

    assertThat(run.error()).isEmpty();
    assertThat(run.output("code").stream().map(Item::json))
        .containsExactly(Map.of("price", 1, "share", 0.25), Map.of("price", 3, "share", 0.75));
  }

  @Test
  void runs_python_once_per_item_with_the_helpers() {
    Execution run =
        run(
            Code.pythonPerItem(
                """
                if _json.get("skip"):
                    return None
                return {"name": _json["name"].upper(), "index": _itemIndex,
                        "count": _node("source").count(), "region": _vars["region"],
                        "year": _now.year >= 2026}
                """),
            Item.listOf(Map.of("name", "ada"), Map.of("name", "x", "skip", true)));

    assertThat(run.error()).isEmpty();
    assertThat(run.output("code").stream().map(Item::json))
        .containsExactly(
            Map.of("name", "ADA", "index", 0, "count", 2, "region", "eu", "year", true));
  }

  @Test
  void a_python_error_names_its_line_and_item() {
    Execution run =
        run(
            Code.pythonPerItem(
                """
                n = _json["n"]
                if n == 2:
                    raise ValueError("two is not allowed")
                return {"n": n}
                """),
            Item.listOf(Map.of("n", 1), Map.of("n", 2)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow())
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            e -> {
              assertThat(e.error()).contains("two is not allowed");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.itemIndex()).isEqualTo(1);
            });
  }

  @Test
  void python_cannot_reach_the_host_or_the_file_system() {
    for (String attempt :
        List.of(
            "import java\nreturn [{'x': str(java.type('java.lang.Runtime'))}]",
            "import polyglot\nreturn [{'x': str(polyglot.eval(language='js', string='1'))}]",
            "return [{'x': open('/etc/passwd').read()}]",
            "import os\nreturn [{'x': os.listdir('/')}]",
            "import subprocess\nreturn [{'x': str(subprocess.run(['id']))}]",
            "import socket\nsocket.create_connection(('127.0.0.1', 5432))\nreturn []")) {
      Execution run = run(Code.python(attempt), Item.listOf(Map.of("n", 1)));

      assertThat(run.status()).as(attempt).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow()).as(attempt).isInstanceOf(ScriptRuntimeException.class);
    }
  }
}
