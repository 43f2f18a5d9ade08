package dev.tyboo.nodes.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs of the same script share a warmed, hardened context; none of them may see what an earlier
 * one stashed. Each attempt is one script run twice with a different secret: it first reports what
 * it finds through its channel, then tries to leave its own secret there for the next run.
 */
class CrossRunLeakTest {

  private static GraalScriptSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = GraalScriptSandbox.builder().preparedContexts(0).build();
  }

  @AfterAll
  static void close() {
    sandbox.close();
  }

  static Stream<Arguments> channels() {
    return Stream.of(
        channel("a global property", "globalThis.stash", "globalThis.stash = s"),
        channel(
            "an undeclared variable (sloppy mode)",
            "typeof stash === 'undefined' ? null : stash",
            "stash = s"),
        channel(
            "a permanent global property",
            "globalThis.stash",
            "Object.defineProperty(globalThis, 'stash', { value: s, configurable: false })"),
        channel(
            "a global accessor",
            "globalThis.stash",
            "Object.defineProperty(globalThis, 'stash', { get: () => s, configurable: true })"),
        channel(
            "a symbol-keyed global property",
            "globalThis[Symbol.for('stash')]",
            "globalThis[Symbol.for('stash')] = s"),
        channel(
            "the global object's prototype",
            "globalThis.stash",
            "Object.setPrototypeOf(globalThis, { stash: s })"),
        channel(
            "a global object made non-extensible",
            "globalThis.stash",
            "globalThis.stash = s; Object.preventExtensions(globalThis)"),
        channel("var in an indirect eval", "globalThis.stash", "(0, eval)('var stash = s')"),
        channel("Object.prototype pollution", "({}).stash", "Object.prototype.stash = s"),
        channel(
            "Object.prototype by defineProperty",
            "({}).stash",
            "Object.defineProperty(Object.prototype, 'stash', { value: s })"),
        channel(
            "a replaced Array method",
            "String([1].includes(1))",
            "Array.prototype.includes = function () { return s; }"),
        channel("Function.prototype", "(function () {}).stash", "Function.prototype.stash = s"),
        channel(
            "the iterator prototype (an anonymous intrinsic)",
            "Object.getPrototypeOf([][Symbol.iterator]()).stash",
            "Object.getPrototypeOf([][Symbol.iterator]()).stash = s"),
        channel(
            "the generator function prototype",
            "Object.getPrototypeOf(function* () {}).stash",
            "Object.getPrototypeOf(function* () {}).stash = s"),
        channel(
            "the Symbol registry",
            "Symbol.keyFor(Symbol.for('stash')) + '/' + String(globalThis.registered)",
            "globalThis.registered = Symbol.keyFor(Symbol.for(s))"),
        channel("RegExp statics", "String(RegExp.$1) + String(RegExp.lastMatch)", "/(.+)/.exec(s)"),
        channel(
            "Error.prepareStackTrace",
            "String(new Error('x').stack)",
            "Error.prepareStackTrace = () => s"),
        channel(
            "FinalizationRegistry",
            "globalThis.stash",
            "new FinalizationRegistry(() => { globalThis.stash = s; }).register({}, 1)"),
        channel("WeakRef", "globalThis.stash", "globalThis.stash = new WeakRef({ s })"),
        channel(
            "Atomics on shared memory",
            "globalThis.stash",
            "Atomics.store(new Int32Array(new SharedArrayBuffer(4)), 0, 1)"),
        channel("a replaced Date.now", "String(Date.now())", "Date.now = () => s"),
        channel("a replaced Math.random", "String(Math.random())", "Math.random = () => s"),
        channel("a replaced JSON.stringify", "JSON.stringify({})", "JSON.stringify = () => s"),
        channel("a replaced console", "String(console.stash)", "console.stash = s"),
        channel(
            "a property of the user's function (its source is cached)",
            "arguments.callee.stash",
            "arguments.callee.stash = s"),
        channel(
            "a property of the caller",
            "arguments.callee.caller && arguments.callee.caller.stash",
            "arguments.callee.caller.stash = s"),
        channel(
            "a tagged template's cached strings", "((t) => t)`x`.stash", "((t) => t)`x`.stash = s"),
        channel(
            "a promise job run after the result",
            "globalThis.stash",
            "Promise.resolve().then(() => { globalThis.stash = s; })"));
  }

  private static Arguments channel(String name, String read, String write) {
    return Arguments.of(name, read, write);
  }

  private static Script script(String read, String write) {
    return Script.of(
        Script.JAVASCRIPT,
        "leak",
        "(function (s) { let found;"
            + " try { found = "
            + read
            + "; } catch (e) { found = 'error: ' + e.message; }"
            + " try { "
            + write
            + "; } catch (e) { }"
            + " return String(found); })");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void a_later_run_of_the_same_script_does_not_see_what_an_earlier_one_left(
      String name, String read, String write) {
    Script script = script(read, write);
    for (int run = 1; run <= 3; run++) {
      ScriptResult r = sandbox.run(script, List.of("secret-" + run + "-of-" + name));
      assertThat(String.valueOf(r.value())).as(name + ", run " + run).doesNotContain("secret-");
    }
  }

  @Test
  void runs_of_the_same_script_share_one_context_and_other_scripts_do_not() {
    Script first = Script.of(Script.JAVASCRIPT, "first", "(function (n) { return n + 1; })");
    Script second = Script.of(Script.JAVASCRIPT, "second", "(function (n) { return n + 1; })");
    int before = sandbox.warmContextsWaiting();

    for (int i = 0; i < 5; i++) {
      assertThat(sandbox.run(first, List.of(i)).value()).isEqualTo(i + 1);
    }
    assertThat(sandbox.warmContextsWaiting()).isEqualTo(before + 1);
    sandbox.run(second, List.of(1));
    assertThat(sandbox.warmContextsWaiting()).isEqualTo(before + 2);
    // the same code of another owner does not share it either
    sandbox.run(first.withDomain("tenant-b"), List.of(1));
    assertThat(sandbox.warmContextsWaiting()).isEqualTo(before + 3);
  }

  @Test
  void a_script_of_a_domain_reports_its_errors_in_the_users_lines() {
    Script throwsOnLineTwo =
        Script.of(Script.JAVASCRIPT, "lines", "(function () {\n  throw new Error('boom');\n})")
            .withDomain("tenant-a");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> sandbox.run(throwsOnLineTwo, List.of()))
        .isInstanceOfSatisfying(
            dev.tyboo.error.ScriptRuntimeException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage()).contains("boom");
            });
  }

  @Test
  void a_run_that_fails_closes_its_context() {
    Script fails =
        Script.of(
            Script.JAVASCRIPT,
            "fails",
            "(function (n) { if (n > 0) { throw new Error('no'); }" + " return n; })");
    sandbox.run(fails, List.of(0));
    int warm = sandbox.warmContextsWaiting();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.run(fails, List.of(1)))
        .hasMessageContaining("no");
    assertThat(sandbox.warmContextsWaiting()).isEqualTo(warm - 1);
  }

  @Test
  void every_built_in_a_script_can_reach_is_frozen() {
    Script walk =
        Script.of(
            Script.JAVASCRIPT,
            "walk",
            """
            (function () {
              const values = [[], {}, '', 1, true, Symbol('x'), 1n, function () {}, () => 1,
                async function () {}, function* () {}, async function* () {}, class {},
                new Map(), new Set(), new WeakMap(), new WeakSet(), /a/, new Date(),
                new Error('e'), new TypeError('e'), new AggregateError([]), Promise.resolve(),
                new ArrayBuffer(1), new DataView(new ArrayBuffer(1)), new Int8Array(1),
                new Float64Array(1), new BigInt64Array(1), [].values(), ''[Symbol.iterator](),
                new Map().entries(), new Set().values(), /a/g[Symbol.matchAll]('a'),
                // a generator's own prototype is its function's, made by the run: skip it
                Object.getPrototypeOf((function* () {})()),
                Object.getPrototypeOf((async function* () {})()), (async function () {})(),
                new Intl.DateTimeFormat(), new Intl.NumberFormat(), new Intl.Collator(),
                new Intl.PluralRules(), new Intl.Segmenter().segment('a'),
                new Intl.Segmenter().segment('a')[Symbol.iterator](), arguments, JSON, Math,
                Reflect, Intl, console, Object.getOwnPropertyDescriptor(Function.prototype,
                'caller').get];
              const notFrozen = [];
              values.forEach((v, i) => {
                let depth = 0;
                for (let p = Object.getPrototypeOf(Object(v)); p !== null;
                     p = Object.getPrototypeOf(p)) {
                  if (!Object.isFrozen(p)) { notFrozen.push(i + ' at depth ' + depth); }
                  depth++;
                }
                const c = Object(v).constructor;
                if (c !== undefined && !Object.isFrozen(c)) { notFrozen.push(i + ' constructor'); }
              });
              for (const k of Reflect.ownKeys(globalThis)) {
                const d = Object.getOwnPropertyDescriptor(globalThis, k);
                if (d.configurable || d.writable) { notFrozen.push('global ' + String(k)); }
                if ((typeof d.value === 'object' && d.value !== null && d.value !== globalThis
                     || typeof d.value === 'function') && !Object.isFrozen(d.value)) {
                  notFrozen.push('global value ' + String(k));
                }
              }
              return notFrozen;
            })""");

    assertThat(sandbox.run(walk, List.of()).value()).isEqualTo(List.of());
  }

  @Test
  void assigning_an_inherited_method_on_an_own_object_still_works() {
    Script overrides =
        Script.of(
            Script.JAVASCRIPT,
            "overrides",
            "(function () { const o = {}; o.toString = () => 'mine'; o.constructor = 'c';"
                + " const e = new Error(); e.message = 'set'; e.name = 'MyError';"
                + " const f = function () {}; f.toString = () => 'fn';"
                + " return [String(o), o.constructor, String(e), String(f)]; })");

    assertThat(sandbox.run(overrides, List.of()).value())
        .isEqualTo(List.of("mine", "c", "MyError: set", "fn"));
    assertThat(sandbox.run(overrides, List.of()).value())
        .isEqualTo(List.of("mine", "c", "MyError: set", "fn"));
  }

  @Test
  void the_limits_hold_for_every_run_of_a_warm_context() {
    Script counts =
        Script.of(
            Script.JAVASCRIPT,
            "counts",
            "(function (n) { let x = 0; for (let i = 0; i < n; i++) { x++; } return x; })");
    try (GraalScriptSandbox small =
        GraalScriptSandbox.builder()
            .preparedContexts(0)
            .limits(dev.tyboo.spi.script.ScriptLimits.defaults().withStatements(10_000))
            .build()) {
      // five runs of about 4,000 statements each in one context: the count starts again per run
      for (int i = 0; i < 5; i++) {
        assertThat(small.run(counts, List.of(2_000)).value()).isEqualTo(2_000);
      }
      assertThat(small.warmContextsWaiting()).isEqualTo(1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> small.run(counts, List.of(100_000)))
          .isInstanceOf(dev.tyboo.error.ScriptLimitException.class);
      assertThat(small.warmContextsWaiting()).isZero();
      assertThat(small.run(counts, List.of(3)).value()).isEqualTo(3);
    }
  }
}
