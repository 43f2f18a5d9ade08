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

  private CodeWrappers() {}

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
      default -> Script.of(language, name, code);
    };
  }
}
