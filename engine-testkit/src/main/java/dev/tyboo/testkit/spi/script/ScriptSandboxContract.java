package dev.tyboo.testkit.spi.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ScriptLimitException;
import dev.tyboo.error.ScriptLimitException.Limit;
import dev.tyboo.error.ScriptRuntimeException;
import dev.tyboo.error.ScriptSyntaxException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptFunction;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.spi.script.ScriptSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ScriptSandbox} must do, whatever its language. Implementations' tests extend
 * this and write each program in their language; every program is a function, as {@link Script}
 * says.
 */
public abstract class ScriptSandboxContract {

  /** For subclasses, which supply the implementation under test. */
  protected ScriptSandboxContract() {}

  private final List<ScriptSandbox> sandboxes = new ArrayList<>();

  /**
   * {@return a new sandbox (the contract closes it)}
   *
   * @param limits the limits of every run
   */
  protected abstract ScriptSandbox createSandbox(ScriptLimits limits);

  /** {@return the language the programs below are written in} */
  protected abstract String language();

  /** {@return a function of two arguments returning them as a list} */
  protected abstract String returnsItsArguments();

  /**
   * {@return a function of a function {@code f} and a value {@code x} returning {@code f(x, 2)}}
   */
  protected abstract String callsTheHostFunction();

  /**
   * {@return a function of a function {@code f} that calls it and returns the message of the error
   * it throws}
   */
  protected abstract String catchesTheHostFunctionsError();

  /** {@return a function whose second line throws an error with the message {@code boom}} */
  protected abstract String throwsBoomOnLineTwo();

  /** {@return a program with a syntax error on its second line} */
  protected abstract String syntaxErrorOnLineTwo();

  /** {@return a function that loops forever, executing statements} */
  protected abstract String loopsForever();

  /** {@return a function that allocates without end, keeping what it allocates} */
  protected abstract String allocatesWithoutEnd();

  /** {@return a function that recurses without end} */
  protected abstract String recursesWithoutEnd();

  /** {@return a function of {@code n} returning a string of {@code n} characters} */
  protected abstract String returnsAStringOfLength();

  /** {@return a function that prints {@code hello} and {@code world} on two lines, returns 1} */
  protected abstract String printsTwoLines();

  /** {@return a function that prints a line of 100 characters 10,000 times, returns 1} */
  protected abstract String printsALot();

  /**
   * {@return a function that records a mark in global state (a global variable and, where the
   * language has them, a change to a built-in prototype) and returns whether the mark was already
   * there}
   */
  protected abstract String leavesAMarkInGlobalState();

  /** {@return a function that returns a function (not JSON)} */
  protected abstract String returnsAFunction();

  /**
   * {@return a sandbox the contract closes after the test}
   *
   * @param limits the limits
   */
  protected ScriptSandbox sandbox(ScriptLimits limits) {
    ScriptSandbox s = createSandbox(limits);
    sandboxes.add(s);
    return s;
  }

  private ScriptSandbox sandbox() {
    return sandbox(ScriptLimits.defaults().withWallTime(Duration.ofSeconds(20)));
  }

  private Script script(String source) {
    return Script.of(language(), "contract", source);
  }

  @AfterEach
  void closeSandboxes() {
    sandboxes.forEach(ScriptSandbox::close);
  }

  @Test
  void should_name_its_language() {
    assertThat(sandbox().languages()).contains(language());
  }

  @Test
  void should_pass_json_in_and_out_unchanged() {
    Map<String, Object> nested =
        Map.of("s", "é ✓ \"q\"", "n", 42, "d", 1.5, "b", true, "l", List.of(1, "two", Map.of()));
    ScriptResult r = sandbox().run(script(returnsItsArguments()), Arrays.asList(nested, null));

    assertThat(r.value()).isEqualTo(Arrays.asList(nested, null));
    assertThat(r.cpuTime()).isPositive();
  }

  @Test
  void should_pass_data_shaped_like_anything_as_data() {
    Map<String, Object> odd = Map.of("$tybooFunction", 0, "__proto__", Map.of("x", 1));

    ScriptResult r = sandbox().run(script(returnsItsArguments()), Arrays.asList(odd, List.of()));

    assertThat(r.value()).isEqualTo(List.of(odd, List.of()));
  }

  @Test
  void should_let_the_script_call_host_functions_with_json() {
    List<Object> seen = new ArrayList<>();
    ScriptFunction f =
        args -> {
          seen.addAll(args);
          return Map.of(
              "sum", ((Number) args.get(0)).intValue() + ((Number) args.get(1)).intValue());
        };

    ScriptResult r = sandbox().run(script(callsTheHostFunction()), List.of(f, 40));

    assertThat(seen).containsExactly(40, 2);
    assertThat(r.value()).isEqualTo(Map.of("sum", 42));
  }

  @Test
  void should_turn_a_host_functions_exception_into_a_script_error_it_can_catch() {
    ScriptFunction f =
        args -> {
          throw new IllegalArgumentException("no such node 'x'");
        };

    ScriptResult r = sandbox().run(script(catchesTheHostFunctionsError()), List.of(f));

    assertThat((String) r.value()).contains("no such node 'x'");
  }

  @Test
  void should_report_a_thrown_error_with_its_line() {
    assertThatThrownBy(() -> sandbox().run(script(throwsBoomOnLineTwo()), List.of()))
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            e -> {
              assertThat(e.error()).contains("boom");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage()).contains("line 2").contains("contract");
            });
  }

  @Test
  void should_report_a_line_of_the_users_code_when_a_wrapper_comes_first() {
    String wrapped = "\n\n\n" + throwsBoomOnLineTwo();
    Script s = new Script(language(), "contract", wrapped, 3);

    assertThatThrownBy(() -> sandbox().run(s, List.of()))
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void should_report_a_syntax_error_with_its_line() {
    assertThatThrownBy(() -> sandbox().run(script(syntaxErrorOnLineTwo()), List.of()))
        .isInstanceOfSatisfying(
            ScriptSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void should_stop_a_script_past_its_wall_time_and_go_on_serving() {
    ScriptSandbox s =
        sandbox(
            ScriptLimits.defaults()
                .withWallTime(Duration.ofMillis(300))
                .withStatements(Long.MAX_VALUE));

    assertThatThrownBy(() -> s.run(script(loopsForever()), List.of()))
        .isInstanceOfSatisfying(
            ScriptLimitException.class,
            e -> assertThat(e.limit()).isIn(Limit.WALL_TIME, Limit.CPU_TIME));
    assertThat(s.run(script(returnsItsArguments()), List.of(1, 2)).value())
        .isEqualTo(List.of(1, 2));
  }

  @Test
  void should_stop_a_script_past_its_cpu_time() {
    ScriptSandbox s =
        sandbox(
            ScriptLimits.defaults()
                .withCpuTime(Duration.ofMillis(200))
                .withWallTime(Duration.ofSeconds(30))
                .withStatements(Long.MAX_VALUE));

    assertThatThrownBy(() -> s.run(script(loopsForever()), List.of()))
        .isInstanceOfSatisfying(
            ScriptLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.CPU_TIME));
  }

  @Test
  void should_stop_a_script_past_its_statement_limit() {
    ScriptSandbox s = sandbox(ScriptLimits.defaults().withStatements(10_000));

    assertThatThrownBy(() -> s.run(script(loopsForever()), List.of()))
        .isInstanceOfSatisfying(
            ScriptLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.STATEMENTS));
    assertThat(s.run(script(returnsItsArguments()), List.of(1, 2)).value())
        .isEqualTo(List.of(1, 2));
  }

  @Test
  void should_stop_a_script_that_allocates_past_its_limit() {
    ScriptSandbox s =
        sandbox(
            ScriptLimits.defaults()
                .withAllocatedBytes(64L * 1024 * 1024)
                .withWallTime(Duration.ofSeconds(60))
                .withCpuTime(Duration.ofSeconds(60))
                .withStatements(Long.MAX_VALUE));

    assertThatThrownBy(() -> s.run(script(allocatesWithoutEnd()), List.of()))
        .isInstanceOfSatisfying(
            ScriptLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.MEMORY));
  }

  @Test
  void should_stop_endless_recursion() {
    assertThatThrownBy(() -> sandbox().run(script(recursesWithoutEnd()), List.of()))
        .isInstanceOfSatisfying(
            ScriptLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.STACK));
  }

  @Test
  void should_refuse_a_result_past_the_output_limit() {
    ScriptSandbox s = sandbox(ScriptLimits.defaults().withOutputChars(1_000));

    assertThat(s.run(script(returnsAStringOfLength()), List.of(500)).value())
        .asString()
        .hasSize(500);
    assertThatThrownBy(() -> s.run(script(returnsAStringOfLength()), List.of(5_000)))
        .isInstanceOfSatisfying(
            ScriptLimitException.class, e -> assertThat(e.limit()).isEqualTo(Limit.OUTPUT));
  }

  @Test
  void should_capture_what_the_script_prints() {
    ScriptResult r = sandbox().run(script(printsTwoLines()), List.of());

    assertThat(r.console()).containsExactly("hello", "world");
  }

  @Test
  void should_cut_the_console_at_its_limit_and_say_so() {
    ScriptSandbox s = sandbox(ScriptLimits.defaults().withConsoleBytes(1_000));

    ScriptResult r = s.run(script(printsALot()), List.of());

    assertThat(r.value()).isEqualTo(1);
    assertThat(String.join("\n", r.console()).length()).isLessThan(1_200);
    assertThat(r.console().getLast()).contains("truncated");
  }

  @Test
  void should_start_every_run_from_a_fresh_state() {
    ScriptSandbox s = sandbox();

    assertThat(s.run(script(leavesAMarkInGlobalState()), List.of()).value()).isEqualTo(false);
    assertThat(s.run(script(leavesAMarkInGlobalState()), List.of()).value()).isEqualTo(false);
  }

  @Test
  void should_refuse_a_result_that_is_not_json() {
    assertThatThrownBy(() -> sandbox().run(script(returnsAFunction()), List.of()))
        .isInstanceOf(ScriptRuntimeException.class);
  }

  @Test
  void should_refuse_a_language_it_does_not_have() {
    assertThatThrownBy(() -> sandbox().run(Script.of("cobol", "contract", "x"), List.of()))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("cobol");
  }

  @Test
  void should_run_many_scripts_at_once_each_with_its_own_data() throws Exception {
    ScriptSandbox s = sandbox();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Object>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int n = i;
        calls.add(() -> s.run(script(returnsItsArguments()), List.of(n, "run" + n)).value());
      }
      List<Future<Object>> results = pool.invokeAll(calls);
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(List.of(i, "run" + i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_refuse_runs_once_closed() {
    ScriptSandbox s = createSandbox(ScriptLimits.defaults());
    s.close();

    assertThatThrownBy(() -> s.run(script(returnsItsArguments()), List.of(1, 2)))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("closed");
  }
}
