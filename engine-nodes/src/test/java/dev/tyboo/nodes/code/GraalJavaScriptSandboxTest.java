package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptLimits;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.testkit.spi.script.ScriptSandboxContract;

class GraalJavaScriptSandboxTest extends ScriptSandboxContract {

  @Override
  protected ScriptSandbox createSandbox(ScriptLimits limits) {
    return GraalScriptSandbox.builder().limits(limits).build();
  }

  @Override
  protected String language() {
    return Script.JAVASCRIPT;
  }

  @Override
  protected String returnsItsArguments() {
    return "(function (a, b) { return [a, b]; })";
  }

  @Override
  protected String callsTheHostFunction() {
    return "(function (f, x) { return f(x, 2); })";
  }

  @Override
  protected String catchesTheHostFunctionsError() {
    return "(function (f) { try { f(); return 'no error'; } catch (e) { return e.message; } })";
  }

  @Override
  protected String throwsBoomOnLineTwo() {
    return "(function () {\n  throw new Error('boom');\n})";
  }

  @Override
  protected String syntaxErrorOnLineTwo() {
    return "(function () {\n  return 1 +;\n})";
  }

  @Override
  protected String loopsForever() {
    return "(function () { let i = 0; while (true) { i++; } })";
  }

  @Override
  protected String allocatesWithoutEnd() {
    return "(function () { const keep = []; while (true) { keep.push(new Array(1000).fill(1)); } })";
  }

  @Override
  protected String recursesWithoutEnd() {
    return "(function () { const f = (n) => f(n + 1) + 1; return f(0); })";
  }

  @Override
  protected String returnsAStringOfLength() {
    return "(function (n) { return 'x'.repeat(n); })";
  }

  @Override
  protected String printsTwoLines() {
    return "(function () { console.log('hello'); console.log('world'); return 1; })";
  }

  @Override
  protected String printsALot() {
    return "(function () { for (let i = 0; i < 10000; i++) { console.log('x'.repeat(100)); }"
        + " return 1; })";
  }

  @Override
  protected String leavesAMarkInGlobalState() {
    return "(function () { const seen = globalThis.mark === 1 || Object.prototype.polluted === 1;"
        + " globalThis.mark = 1; Object.prototype.polluted = 1; return seen; })";
  }

  @Override
  protected String returnsAFunction() {
    return "(function () { return function () {}; })";
  }
}
