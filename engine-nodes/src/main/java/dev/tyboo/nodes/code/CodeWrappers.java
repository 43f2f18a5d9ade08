package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;

/**
 * The programs the Code node gives the sandbox: the user's code inside a function that sets up the
 * helpers ({@code $input}, {@code $json}, {@code $node}, ...) and, per item, calls it. The user's
 * first line is the wrapper's line {@link #PRELUDE_LINES} + 1, which the sandbox subtracts in
 * positions.
 *
 * <p>The wrapper's function takes the data ({@code {items, vars, execution, workflow, now}}), a
 * host function that looks up another node's output and a host function told the index of the item
 * that failed.
 */
final class CodeWrappers {

  /** The JavaScript helpers, the same for both modes. */
  private static final String JS_PRELUDE =
      """
      (function ($tybooData, $tybooLookup, $tybooFailed) {
      const items = $tybooData.items;
      const $vars = $tybooData.vars, $execution = $tybooData.execution, $workflow = $tybooData.workflow;
      const $now = new Date($tybooData.now);
      const $tybooJsons = (list) => list.map((i) => i.json);
      const $tybooInput = (index) => ({ all: () => $tybooJsons(items), first: () => (items.length ? items[0].json : null), last: () => (items.length ? items[items.length - 1].json : null), count: () => items.length, item: index < items.length ? items[index].json : null });
      const $tybooNodeAt = (index) => { const seen = new Map(); const view = (id) => { if (!seen.has(id)) { const o = $tybooLookup(String(id), index); seen.set(id, Object.freeze({ json: o.json, binary: o.binary, all: () => o.all, first: () => (o.all.length ? o.all[0] : null), last: () => (o.all.length ? o.all[o.all.length - 1] : null), count: () => o.all.length })); } return seen.get(id); }; return new Proxy(view, { get: (target, key) => (typeof key === 'string' && !(key in target) ? view(key) : target[key]) }); };
      """;

  /** How many lines {@link #JS_PRELUDE} and the mode's own opening take before the user's code. */
  static final int PRELUDE_LINES = 9;

  private static final String JS_ALL_ITEMS =
      JS_PRELUDE
          + """
          const $input = $tybooInput(0), $node = $tybooNodeAt(0);
          return (function ($json, $binary, $itemIndex) {
          %s
          })(items.length ? items[0].json : {}, items.length ? items[0].binary : {}, 0);
          })""";

  private static final String JS_EACH_ITEM =
      JS_PRELUDE
          + """
          const $tybooOut = []; for (let $tybooIndex = 0; $tybooIndex < items.length; $tybooIndex++) { let $tybooResult; const $input = $tybooInput($tybooIndex), $node = $tybooNodeAt($tybooIndex);
          try { $tybooResult = (function ($json, $binary, $itemIndex) {
          %s
          })(items[$tybooIndex].json, items[$tybooIndex].binary, $tybooIndex); } catch (e) { $tybooFailed($tybooIndex); throw e; }
          $tybooOut.push($tybooResult === undefined ? null : $tybooResult); }
          return $tybooOut;
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
              (eachItem ? JS_EACH_ITEM : JS_ALL_ITEMS).replace("%s", code),
              PRELUDE_LINES);
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
