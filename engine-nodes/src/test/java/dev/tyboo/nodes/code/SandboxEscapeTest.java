package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ScriptLimitException;
import dev.tyboo.error.ScriptLimitException.Limit;
import dev.tyboo.error.ScriptRuntimeException;
import dev.tyboo.error.ScriptSyntaxException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Code that tries to leave the sandbox, or to bring down the engine, is stopped with the right
 * typed error; after each attempt the same sandbox serves the next execution.
 */
class SandboxEscapeTest {

  private static final String SECRET = "s3cr3t-token-5b1f";

  private static GraalScriptSandbox sandbox;

  private final Engine engine =
      Engine.builder()
          .discoverNodeTypes(SandboxEscapeTest.class.getClassLoader())
          .scriptSandbox(sandbox)
          .credentials(
              CredentialProvider.inMemory().put("httpBearerAuth", "crm", Map.of("token", SECRET)))
          .build();

  @BeforeAll
  static void startSandbox() {
    sandbox =
        GraalScriptSandbox.builder()
            .limits(
                ScriptLimits.defaults()
                    .withWallTime(Duration.ofSeconds(3))
                    .withCpuTime(Duration.ofSeconds(2))
                    .withStatements(20_000_000)
                    .withAllocatedBytes(128L * 1024 * 1024)
                    .withOutputChars(1024 * 1024)
                    .withConsoleBytes(4096))
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
    Execution run = engine.start(Workflow.named("wf").node("code", code).build(), input);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private Execution run(String code) {
    return run(Code.javaScript(code), Item.listOf(Map.of("n", 1)));
  }

  static Stream<Arguments> attempts() {
    return Stream.of(
        // host classes and reflection
        runtimeError(
            "Java.type of Runtime", "Java.type('java.lang.Runtime').getRuntime().exec('id');"),
        runtimeError("Java.type of File", "return [{ f: Java.type('java.io.File') }];"),
        runtimeError("Packages", "Packages.java.lang.System.exit(1);"),
        runtimeError("java global", "java.lang.System.getenv();"),
        runtimeError("Java.addToClasspath", "Java.addToClasspath('/tmp');"),
        runtimeError("Polyglot.import", "Polyglot.import('secrets');"),
        runtimeError("Polyglot.eval", "Polyglot.eval('python', 'import os');"),
        runtimeError("Graal object", "return [{ v: Graal.versionGraalVM }];"),
        // files, modules, network, processes, environment
        runtimeError("load of a file", "load('/etc/passwd');"),
        runtimeError("load of a URL", "load('http://127.0.0.1:1/x.js');"),
        runtimeError(
            "require", "const fs = require('fs'); return [{ p: fs.readFileSync('/etc/passwd') }];"),
        runtimeError("read shell builtin", "return [{ p: read('/etc/passwd') }];"),
        runtimeError("process.env", "return [{ env: process.env }];"),
        runtimeError("process.exit", "process.exit(1);"),
        runtimeError("quit", "quit(1);"),
        runtimeError("Worker thread", "new Worker('x.js');"),
        // eval and Function tricks to reach the host
        runtimeError("eval of Java.type", "eval(\"Java.type('java.lang.System')\");"),
        runtimeError("Function constructor", "new Function('return Packages.java')().lang;"),
        runtimeError(
            "constructor chain to the global object",
            "this.constructor.constructor('return Java')().type('java.lang.Runtime');"),
        // resource exhaustion
        limit(
            "infinite loop", "while (true) {}", Limit.WALL_TIME, Limit.CPU_TIME, Limit.STATEMENTS),
        limit(
            "infinite loop without statements",
            "for (;;);",
            Limit.WALL_TIME,
            Limit.CPU_TIME,
            Limit.STATEMENTS),
        limit("deep recursion", "const f = (n) => f(n + 1) + 1; f(0);", Limit.STACK),
        limit(
            "allocation bomb",
            "const keep = []; while (true) { keep.push(new Array(100000).fill(1)); }",
            Limit.MEMORY),
        limit(
            "object graph bomb",
            "const keep = []; while (true) { keep.push({ a: [keep.length], b: 'x' + keep.length }); }",
            Limit.MEMORY),
        // the language's own limit on string length stops this one before memory does
        runtimeError("string doubling bomb", "let s = 'x'; while (true) { s = s + s; }"),
        limit(
            "catastrophic regex backtracking (a backreference forces the backtracking engine)",
            "return [{ m: /^((a+)+)\\2$/.test('a'.repeat(41) + 'b') }];",
            // backtracking allocates as it goes: whichever limit comes first stops it
            Limit.WALL_TIME,
            Limit.CPU_TIME,
            Limit.MEMORY),
        // TRegex runs the classic patterns without backreferences in linear time
        Arguments.of(
            "classic ReDoS pattern",
            "if (/^(a+)+$/.test('a'.repeat(40) + 'b')) { return []; } throw new Error('linear');",
            ScriptRuntimeException.class,
            List.of()),
        limit("giant output", "return [{ s: 'x'.repeat(2 * 1024 * 1024) }];", Limit.OUTPUT),
        // blocking the thread is refused: there is no other agent to wake it
        runtimeError(
            "Atomics.wait",
            "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return [];"));
  }

  private static Arguments runtimeError(String name, String code) {
    return Arguments.of(name, code, ScriptRuntimeException.class, List.of());
  }

  private static Arguments limit(String name, String code, Limit... limits) {
    return Arguments.of(name, code, ScriptLimitException.class, List.of(limits));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attempts")
  void an_escape_attempt_is_stopped_with_a_typed_error_and_the_sandbox_goes_on(
      String name,
      String code,
      Class<? extends NodeExecutionException> expected,
      List<Limit> limits) {
    Execution attempt = run(code);

    assertThat(attempt.status()).as(name).isEqualTo(ExecutionStatus.FAILED);
    NodeExecutionException e = attempt.error().orElseThrow();
    assertThat(e).as(name + ": " + e.getMessage()).isInstanceOf(expected);
    if (e instanceof ScriptLimitException l) {
      assertThat(l.limit()).as(name).isIn(limits);
    }
    assertThat(e.isRetryable()).isFalse();

    Execution next =
        run(Code.javaScriptPerItem("return { n: $json.n + 1 };"), Item.listOf(Map.of("n", 1)));
    assertThat(next.output("code").getFirst().json()).isEqualTo(Map.of("n", 2));
  }

  @Test
  void climbing_the_callers_stops_before_the_sandboxs_own_function() {
    Execution attempt =
        run(
            "let f = arguments.callee; const seen = [];"
                + " while (f) { seen.push(String(f)); f = f.caller; }"
                + " return [{ seen: seen.join('\\n') }];");

    String seen = (String) attempt.output("code").getFirst().json().get("seen");
    assertThat(seen).contains("arguments.callee").doesNotContain("argumentsJson");
  }

  @Test
  void the_shells_globals_are_not_there() {
    Execution run =
        run(
            "return [{ t: [typeof load, typeof loadWithNewGlobal, typeof print, typeof printErr,"
                + " typeof quit, typeof readline, typeof console.log].join(',') }];");
    assertThat(run.output("code").getFirst().get("t"))
        .isEqualTo("undefined,undefined,undefined,undefined,undefined,undefined,function");
  }

  @Test
  void a_syntax_trick_is_a_syntax_error() {
    Execution attempt = run("}); Java.type('java.lang.Runtime'); (function () {");
    assertThat(attempt.error().orElseThrow()).isInstanceOf(ScriptSyntaxException.class);

    // closing the user's function exactly runs code outside it: in the same sandbox, to no avail
    Execution closed = run("} }); Java.type('java.lang.Runtime'); (function () { {");
    assertThat(closed.error().orElseThrow()).isInstanceOf(ScriptRuntimeException.class);
  }

  @Test
  void prototype_pollution_does_not_reach_the_next_execution() {
    Execution polluter =
        run(
            "Object.prototype.isAdmin = true; Array.prototype.map = () => 'hacked';"
                + " JSON.stringify = () => '[]'; globalThis.leak = 'x'; return [{ done: true }];");
    Execution victim =
        run(
            "return [{ admin: ({}).isAdmin === true, map: [1].map((x) => x + 1),"
                + " leak: typeof globalThis.leak }];");

    assertThat(polluter.output("code").getFirst().json()).isEqualTo(Map.of("done", true));
    assertThat(victim.output("code").getFirst().json())
        .isEqualTo(Map.of("admin", false, "map", List.of(2), "leak", "undefined"));
  }

  @Test
  void another_executions_data_is_not_reachable() {
    Execution first =
        run(
            Code.javaScriptPerItem("globalThis.mine = $json.secret; return $json;"),
            Item.listOf(Map.of("secret", "first-execution-data")));
    Execution second =
        run(
            "return [{ globals: Object.getOwnPropertyNames(globalThis).join(','),"
                + " mine: typeof mine, data: JSON.stringify(items) }];");

    assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(second.output("code").getFirst().json().toString())
        .doesNotContain("first-execution-data");
    assertThat(second.output("code").getFirst().json().get("mine")).isEqualTo("undefined");
  }

  @Test
  void another_executions_attachment_cannot_be_claimed_by_guessing_its_id() {
    BinaryRef other =
        engine
            .binaryStore()
            .write(
                new ByteArrayInputStream("private".getBytes(StandardCharsets.UTF_8)),
                "other.txt",
                "text/plain");

    Execution attempt =
        run(
            "return [{ json: {}, binary: { stolen: { id: '"
                + other.id()
                + "', fileName: 'x', mimeType: 'text/plain', size: 7 } } }];");

    assertThat(attempt.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("not an attachment of an input item");
  }

  @Test
  void credentials_the_engine_holds_are_not_reachable_from_code() {
    NodeDefinition code =
        Code.javaScript(
            "const seen = [];"
                + " for (const k of Object.getOwnPropertyNames(globalThis)) {"
                + "   try { seen.push(k + '=' + JSON.stringify(globalThis[k])); } catch (e) {} }"
                + " return [{ seen: seen.join(';'), creds: typeof $credentials,"
                + " data: typeof $tybooData }];");
    Execution run = run(code, Item.listOf(Map.of("n", 1)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("code").getFirst().json().toString()).doesNotContain(SECRET);
    assertThat(run.output("code").getFirst().json().get("creds")).isEqualTo("undefined");
    assertThat(run.output("code").getFirst().json().get("data")).isEqualTo("undefined");
  }

  @Test
  void printing_past_the_console_limit_is_not_an_error() {
    Execution run = run("for (let i = 0; i < 5000; i++) { console.log('spam ' + i); } return [];");

    assertThat(run.error().map(Throwable::getMessage)).isEmpty();
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void code_that_is_not_javascript_is_a_syntax_error() {
    assertThat(run("def f(): pass").error().orElseThrow())
        .isInstanceOf(ScriptSyntaxException.class);
  }
}
