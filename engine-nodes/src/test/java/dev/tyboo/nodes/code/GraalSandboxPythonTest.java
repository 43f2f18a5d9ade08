package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.testkit.spi.script.ScriptSandboxContract;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;

/** The sandbox contract in Python, with GraalPy on the class path (the python-tests execution). */
class GraalSandboxPythonTest extends ScriptSandboxContract {

  /** GraalPy takes seconds to start in each sandbox: tests with the same limits share one. */
  private static final Map<ScriptLimits, ScriptSandbox> SHARED = new ConcurrentHashMap<>();

  @AfterAll
  static void closeShared() {
    SHARED.values().forEach(ScriptSandbox::close);
  }

  @Override
  protected ScriptSandbox sandbox(ScriptLimits limits) {
    return SHARED.computeIfAbsent(limits, this::createSandbox);
  }

  @Override
  protected ScriptSandbox createSandbox(ScriptLimits limits) {
    return GraalScriptSandbox.builder().limits(limits).build();
  }

  @Override
  protected String language() {
    return Script.PYTHON;
  }

  @Override
  protected String returnsItsArguments() {
    return "lambda a, b: [a, b]";
  }

  @Override
  protected String callsTheHostFunction() {
    return "lambda f, x: f(x, 2)";
  }

  @Override
  protected String catchesTheHostFunctionsError() {
    return """
        def catches(f):
            try:
                f()
                return 'no error'
            except Exception as e:
                return str(e)
        catches
        """;
  }

  @Override
  protected String throwsBoomOnLineTwo() {
    return "def boom():\n    raise ValueError('boom')\nboom";
  }

  @Override
  protected String syntaxErrorOnLineTwo() {
    return "def f():\n    return 1 +\nf";
  }

  @Override
  protected String loopsForever() {
    return "def loop():\n    i = 0\n    while True:\n        i += 1\nloop";
  }

  @Override
  protected String allocatesWithoutEnd() {
    return "def bomb():\n    keep = []\n    while True:\n        keep.append([1] * 1000)\nbomb";
  }

  @Override
  protected String recursesWithoutEnd() {
    return "def f(n=0):\n    return f(n + 1) + 1\nf";
  }

  @Override
  protected String returnsAStringOfLength() {
    // the JSON of a string is two characters longer than the string
    return "lambda n: 'x' * n";
  }

  @Override
  protected String printsTwoLines() {
    return "def p():\n    print('hello')\n    print('world')\n    return 1\np";
  }

  @Override
  protected String printsALot() {
    return "def p():\n    for i in range(10000):\n        print('x' * 100)\n    return 1\np";
  }

  @Override
  protected String leavesAMarkInGlobalState() {
    return """
        import builtins
        def mark():
            seen = getattr(builtins, 'tyboo_mark', None) == 1
            builtins.tyboo_mark = 1
            return seen
        mark
        """;
  }

  @Override
  protected String returnsAFunction() {
    return "lambda: (lambda: 1)";
  }
}
