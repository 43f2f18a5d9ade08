package dev.tyboo.nodes.code;

import dev.tyboo.spi.script.Script;
import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;

/**
 * What differs between the languages of {@link GraalScriptSandbox}: their GraalVM ids, context
 * options, and the boot function that calls the user's function with JSON arguments and returns its
 * result as JSON text.
 */
final class GraalLanguages {

  /** The source name of boot functions; errors located there are not the user's. */
  static final String BOOT_NAME = "tyboo-sandbox-boot";

  /**
   * The JavaScript boot function, evaluated in every context before the user's code, so that it
   * holds the original {@code JSON} functions whatever the user's code replaces. Arguments: the
   * user's function, its arguments as JSON text (host functions as {@code null}), the positions of
   * the host functions among them as JSON text, the host function caller (called with the host
   * function's index and its arguments as JSON text), the output limit. Returns the result's JSON
   * text, {@code "undefined"} when it has none, its length (a number) when that is over the limit,
   * or {@link #PENDING} for a promise, whose result {@code boot.settle()} gives once it settled (or
   * {@link #UNSETTLED}). The shell's {@code load}, {@code print} and the like are removed.
   */
  private static final String JS_BOOT =
      """
      (function () {
        'use strict';
        const stringify = JSON.stringify, parse = JSON.parse;
        const ErrorType = Error, printLine = print, toText = String;
        const promiseResolve = Promise.resolve.bind(Promise);
        // the shell's globals: files, other scripts, raw output; none is part of the sandbox
        for (const name of ['load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'exit',
                            'read', 'readline', 'readbuffer']) {
          try {
            delete globalThis[name];
          } catch (e) {
            globalThis[name] = undefined;
          }
        }
        const format = (v) => {
          if (typeof v === 'string') {
            return v;
          }
          try {
            const json = stringify(v);
            return json === undefined ? toText(v) : json;
          } catch (e) {
            return toText(v);
          }
        };
        const log = (...values) => printLine(values.map(format).join(' '));
        const console = Object.freeze({ log, info: log, warn: log, error: log, debug: log });
        globalThis.console = console;
        const toJson = (result, maxChars) => {
          const json = stringify(result === undefined ? null : result);
          if (json === undefined) {
            return 'undefined';
          }
          return json.length > maxChars ? json.length : json;
        };
        let pending = null;
        function boot(fn, argumentsJson, functionsAt, host, maxChars) {
          const args = parse(argumentsJson);
          const positions = parse(functionsAt);
          for (let index = 0; index < positions.length; index++) {
            args[positions[index]] = function (...callArgs) {
              const answer = parse(host(index, stringify(callArgs)));
              if (answer.error !== undefined) {
                throw new ErrorType(answer.error);
              }
              return answer.ok.v === undefined ? null : answer.ok.v;
            };
          }
          pending = null;
          const result = fn.apply(undefined, args);
          if (result !== null && (typeof result === 'object' || typeof result === 'function')
              && typeof result.then === 'function') {
            // a promise settles in the jobs that run when this call returns: settle() reads it
            const box = { state: 0 };
            promiseResolve(result).then(
              (v) => { box.state = 1; box.value = v; },
              (e) => { box.state = 2; box.error = e; });
            pending = { box, maxChars };
            return '\\u0000pending';
          }
          return toJson(result, maxChars);
        }
        boot.settle = function () {
          const p = pending;
          pending = null;
          if (p === null || p.box.state === 0) {
            return '\\u0000unsettled';
          }
          if (p.box.state === 2) {
            throw p.box.error;
          }
          return toJson(p.box.value, p.maxChars);
        };
        return boot;
      })()
      """;

  /** What the boot function returns for a promise, whose value {@code boot.settle()} then gives. */
  static final String PENDING = "\u0000pending";

  /** What {@code boot.settle()} returns for a promise that has not settled. */
  static final String UNSETTLED = "\u0000unsettled";

  /** The Python boot function: the same contract as {@link #JS_BOOT}. */
  private static final String PYTHON_BOOT =
      """
      import json as _tyboo_json
      def _tyboo_boot(fn, arguments_json, functions_at, host, max_chars):
          loads, dumps = _tyboo_json.loads, _tyboo_json.dumps
          args = loads(str(arguments_json))
          def host_function(index):
              def call(*call_args):
                  answer = loads(str(host(index, dumps(list(call_args)))))
                  if "error" in answer:
                      raise Exception(answer["error"])
                  return answer["ok"].get("v")
              return call
          for index, position in enumerate(loads(str(functions_at))):
              args[position] = host_function(index)
          result = fn(*args)
          try:
              text = dumps(result, allow_nan=False)
          except (TypeError, ValueError):
              return "undefined"
          return len(text) if len(text) > max_chars else text
      _tyboo_boot
      """;

  private GraalLanguages() {}

  /** {@return the languages on the class path, by our name, to GraalVM's id} */
  static Map<String, String> installed() {
    Map<String, String> ours = new LinkedHashMap<>();
    try (Engine probe =
        Engine.newBuilder()
            .option("engine.WarnInterpreterOnly", "false")
            .out(java.io.OutputStream.nullOutputStream())
            .err(java.io.OutputStream.nullOutputStream())
            .build()) {
      if (probe.getLanguages().containsKey("js")) {
        ours.put(Script.JAVASCRIPT, "js");
      }
      if (probe.getLanguages().containsKey("python")) {
        ours.put(Script.PYTHON, "python");
      }
    }
    return Map.copyOf(ours);
  }

  /**
   * {@return why a language is missing and what to add}
   *
   * @param language our name of the language
   */
  static String missing(String language) {
    return switch (language) {
      case Script.JAVASCRIPT ->
          "JavaScript is not available: add org.graalvm.polyglot:js-community (type pom) to the"
              + " class path";
      case Script.PYTHON ->
          "Python is not available: add org.graalvm.polyglot:python-community (type pom, the"
              + " version of org.graalvm.polyglot:polyglot) to the class path";
      default ->
          "unknown script language '"
              + language
              + "': use "
              + Script.JAVASCRIPT
              + " or "
              + Script.PYTHON;
    };
  }

  /**
   * {@return the boot function's source}
   *
   * @param languageId GraalVM's id of the language
   */
  static String boot(String languageId) {
    return switch (languageId) {
      case "js" -> JS_BOOT;
      case "python" -> PYTHON_BOOT;
      default -> throw new IllegalArgumentException("no boot function for " + languageId);
    };
  }

  /**
   * {@return a function that returns nothing, which preparing a context calls through the boot
   * function}
   *
   * @param languageId GraalVM's id of the language
   */
  static String nothing(String languageId) {
    return switch (languageId) {
      case "js" -> "(function () {})";
      case "python" -> "lambda: None";
      default -> throw new IllegalArgumentException("no empty function for " + languageId);
    };
  }

  /**
   * {@return the context options of a language}
   *
   * @param languageId GraalVM's id of the language
   */
  static Map<String, String> contextOptions(String languageId) {
    return switch (languageId) {
      case "js" ->
          Map.of(
              // no Graal object describing the runtime
              "js.graal-builtin", "false",
              "js.ecmascript-version", "2024");
      default -> Map.of();
    };
  }

  /**
   * {@return whether the failure is the language's stack overflow}
   *
   * @param languageId GraalVM's id of the language
   * @param e the failure
   */
  static boolean isStackOverflow(String languageId, PolyglotException e) {
    String m = e.getMessage();
    return m != null
        && switch (languageId) {
          case "js" -> m.startsWith("RangeError: Maximum call stack size exceeded");
          case "python" -> m.startsWith("RecursionError");
          default -> false;
        };
  }
}
