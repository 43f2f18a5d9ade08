package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;

/**
 * The programs the Code node gives the sandbox. In JavaScript the user's code is the body of a
 * function whose parameters are the helpers ({@code $input}, {@code $json}, {@code $node}, ...),
 * starting on its first line, and a wrapper of the sandbox's own (hidden from stack traces) builds
 * the helpers and calls it, once or per item: stack traces show the user's lines and nothing else.
 * In Python the user's code is nested in the wrapper, which the sandbox subtracts in positions.
 *
 * <p>The wrapper's function takes the data ({@code {items, vars, execution, workflow, now}}), a
 * host function that looks up another node's output and a host function told the index of the item
 * that failed.
 */
final class CodeWrappers {

  /**
   * The head of the user's function: its parameters are the helpers, and the user's code starts on
   * the same line inside a block (so that {@code const items = ...} may shadow a helper), which
   * keeps the user's line numbers exact in stack traces.
   */
  static final String JS_HEADER =
      "(function ($json, $binary, $itemIndex, items, $input, $node, $vars, $execution, $workflow,"
          + " $now) { {";

  /** The tail of the user's function, on a line of its own after the user's last line. */
  private static final String JS_FOOTER = "\n} })";

  /** The helpers, shared by both modes: a function of the user's function. */
  private static final String JS_PRELUDE =
      """
      (function ($tybooUser) {
      const $tybooJsons = (list) => list.map((i) => i.json);
      const $tybooInput = (items, index) => ({ all: () => $tybooJsons(items), first: () => (items.length ? items[0].json : null), last: () => (items.length ? items[items.length - 1].json : null), count: () => items.length, item: index < items.length ? items[index].json : null });
      const $tybooNodeAt = ($tybooLookup, index) => { const seen = new Map(); const view = (id) => { if (!seen.has(id)) { const o = $tybooLookup(String(id), index); seen.set(id, Object.freeze({ json: o.json, binary: o.binary, all: () => o.all, first: () => (o.all.length ? o.all[0] : null), last: () => (o.all.length ? o.all[o.all.length - 1] : null), count: () => o.all.length })); } return seen.get(id); }; return new Proxy(view, { get: (target, key) => (typeof key === 'string' && !(key in target) ? view(key) : target[key]) }); };
      const $tybooCall = ($tybooData, $tybooLookup, index) => { const items = $tybooData.items; return $tybooUser(index < items.length ? items[index].json : {}, index < items.length ? items[index].binary : {}, index, items, $tybooInput(items, index), $tybooNodeAt($tybooLookup, index), $tybooData.vars, $tybooData.execution, $tybooData.workflow, new Date($tybooData.now)); };
      """;

  /** Runs the user's function once, for the first item (or none). */
  private static final String JS_ALL_ITEMS =
      JS_PRELUDE
          + """
          return function ($tybooData, $tybooLookup, $tybooFailed) { return $tybooCall($tybooData, $tybooLookup, 0); };
          })""";

  /** Runs the user's function once per item, telling the host which item failed. */
  private static final String JS_EACH_ITEM =
      JS_PRELUDE
          + """
          return function ($tybooData, $tybooLookup, $tybooFailed) {
            const $tybooOut = [];
            for (let $tybooIndex = 0; $tybooIndex < $tybooData.items.length; $tybooIndex++) {
              let $tybooResult;
              try { $tybooResult = $tybooCall($tybooData, $tybooLookup, $tybooIndex); } catch (e) { $tybooFailed($tybooIndex); throw e; }
              $tybooOut.push($tybooResult === undefined ? null : $tybooResult);
            }
            return $tybooOut;
          };
          })""";

  /** The Python helpers; {@code _now} is an aware {@code datetime} in UTC. */
  private static final String PY_PRELUDE =
      """
      def _tyboo_main(_tybooData, _tybooLookup, _tybooFailed):
          import datetime as _tyboo_datetime
          items = _tybooData["items"]; _vars = _tybooData["vars"]; _execution = _tybooData["execution"]; _workflow = _tybooData["workflow"]
          _now = _tyboo_datetime.datetime.fromtimestamp(_tybooData["now"] / 1000, _tyboo_datetime.timezone.utc)
          class _TybooInput:
              def __init__(self, index): self.item = items[index]["json"] if index < len(items) else None
              def all(self): return [i["json"] for i in items]
              def first(self): return items[0]["json"] if items else None
              def last(self): return items[-1]["json"] if items else None
              def count(self): return len(items)
          class _TybooNode:
              def __init__(self, o): self.json = o["json"]; self.binary = o["binary"]; self._all = o["all"]
              def all(self): return self._all
              def first(self): return self._all[0] if self._all else None
              def last(self): return self._all[-1] if self._all else None
              def count(self): return len(self._all)
          def _tyboo_node_at(index): return lambda node_id: _TybooNode(_tybooLookup(str(node_id), index))
      """;

  /** How many lines {@link #PY_PRELUDE} and the mode's own opening take before the user's code. */
  static final int PY_PRELUDE_LINES = 19;

  private static final String PY_ALL_ITEMS =
      PY_PRELUDE
          + """
          _input = _TybooInput(0); _node = _tyboo_node_at(0)
          def _tyboo_user(_json, _binary, _itemIndex):
      %s
          return _tyboo_user(items[0]["json"] if items else {}, items[0]["binary"] if items else {}, 0)
      _tyboo_main
      """;

  private static final String PY_EACH_ITEM =
      PY_PRELUDE
          + """
          _out = []
          def _tyboo_user(_json, _binary, _itemIndex, _input, _node):
      %s
          for _tyboo_index in range(len(items)):
              try:
                  _tyboo_result = _tyboo_user(items[_tyboo_index]["json"], items[_tyboo_index]["binary"], _tyboo_index, _TybooInput(_tyboo_index), _tyboo_node_at(_tyboo_index))
              except BaseException:
                  _tybooFailed(_tyboo_index)
                  raise
              _out.append(_tyboo_result)
          return _out
      _tyboo_main
      """;

  private CodeWrappers() {}

  /** The user's code as the body of a nested Python function: every line indented by 8 spaces. */
  private static String indented(String code) {
    String body = code.strip().isEmpty() ? "pass" : code;
    return body.lines().map(l -> "        " + l).collect(java.util.stream.Collectors.joining("\n"));
  }

  /**
   * {@return the program for the sandbox}
   *
   * @param language {@link Script#JAVASCRIPT} or {@link Script#PYTHON}
   * @param eachItem whether the code runs once per item
   * @param name the script's name
   * @param code the user's code
   */
  static Script wrap(String language, boolean eachItem, String name, String code) {
    return switch (language) {
      case Script.JAVASCRIPT ->
          new Script(
              language,
              name,
              JS_HEADER + code + JS_FOOTER,
              0,
              JS_HEADER.length(),
              eachItem ? JS_EACH_ITEM : JS_ALL_ITEMS);
      case Script.PYTHON ->
          new Script(
              language,
              name,
              (eachItem ? PY_EACH_ITEM : PY_ALL_ITEMS).replace("%s", indented(code)),
              PY_PRELUDE_LINES);
      default -> Script.of(language, name, code);
    };
  }
}
