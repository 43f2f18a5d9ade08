package dev.tyboo.nodes.code;

/**
 * Hardens a JavaScript realm once, in the style of SES's {@code lockdown()}, so that it can serve
 * many runs without one run's objects or changes reaching the next; evaluated after the boot
 * function, before the context serves its first run.
 *
 * <p>What it does, in order:
 *
 * <ol>
 *   <li>Removes the globals that carry state between runs outside the objects a run makes, or block
 *       the thread: {@code WeakRef} and {@code FinalizationRegistry} (a cleanup callback of one run
 *       could fire during a later one), {@code SharedArrayBuffer} and {@code Atomics}, and the
 *       shell's {@code arguments}.
 *   <li>Removes the legacy RegExp statics ({@code RegExp.$1}..{@code $9}, {@code input}, {@code
 *       lastMatch}, {@code lastParen}, {@code leftContext}, {@code rightContext}), which would show
 *       the last match of an earlier run.
 *   <li>Replaces {@code Symbol.for} and {@code Symbol.keyFor} with a registry that the reset
 *       empties after every run.
 *   <li>Turns the properties that code commonly assigns on its own objects ({@code toString},
 *       {@code constructor}, {@code message}, ...) into accessors, so that freezing their prototype
 *       does not make such an assignment fail (SES's "override mistake" enablements).
 *   <li>Freezes every object reachable from the global object, through own properties, accessors
 *       and prototypes, and from the anonymous intrinsics that only instances reach (iterator,
 *       generator and async function prototypes, {@code %TypedArray%}, {@code %ThrowTypeError%},
 *       iterator helpers, Intl segments).
 *   <li>Makes the global object's own properties read-only and permanent, but leaves the global
 *       object extensible, because sloppy code assigns undeclared variables to it.
 * </ol>
 *
 * <p>It evaluates to the reset function, which the sandbox calls after every run: it empties the
 * symbol registry, deletes every global property the run added and answers whether the global
 * object is back to its hardened state (same keys, same prototype, still extensible). A context
 * whose reset answers false is closed, never reused.
 */
final class JavaScriptLockdown {

  /** The source name of the lockdown, a sandbox source (hidden from stack traces). */
  static final String NAME = GraalLanguages.BOOT_NAME + "-lockdown";

  /** The lockdown; evaluates to the reset function. */
  static final String SOURCE =
      """
      (function () {
        'use strict';
        const G = globalThis;
        const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf, freeze, isExtensible } = Object;
        const { ownKeys, deleteProperty } = Reflect;
        const SymbolOf = Symbol, TypeErrorOf = TypeError, toText = String;

        for (const name of ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics',
                            'arguments']) {
          delete G[name];
        }
        const legacy = ['input', 'lastMatch', 'lastParen', 'leftContext', 'rightContext'];
        for (const key of ownKeys(RegExp)) {
          if (typeof key === 'string' && (key[0] === '$' || legacy.includes(key))) {
            delete RegExp[key];
          }
        }

        const byKey = new Map(), keyOf = new Map();
        const registry = {
          for(key) {
            const k = toText(key);
            let s = byKey.get(k);
            if (s === undefined) {
              s = SymbolOf(k);
              byKey.set(k, s);
              keyOf.set(s, k);
            }
            return s;
          },
          keyFor(sym) {
            if (typeof sym !== 'symbol') {
              throw new TypeErrorOf(toText(sym) + ' is not a symbol');
            }
            return keyOf.get(sym);
          },
        };
        defineProperty(Symbol, 'for', { value: registry.for });
        defineProperty(Symbol, 'keyFor', { value: registry.keyFor });

        const enable = (proto, key) => {
          const d = getOwnPropertyDescriptor(proto, key);
          if (d === undefined || !('value' in d) || !d.configurable) {
            return;
          }
          const value = d.value;
          defineProperty(proto, key, {
            get() { return value; },
            set(v) {
              if (this === proto) {
                throw new TypeErrorOf("Cannot assign to read only property '" + toText(key)
                  + "' of a frozen built-in");
              }
              defineProperty(this, key, { value: v, writable: true, enumerable: true,
                                          configurable: true });
            },
            enumerable: d.enumerable,
            configurable: false,
          });
        };
        const enableAll = (proto, keys) => keys.forEach((k) => enable(proto, k));
        enableAll(Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf',
          'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
        enableAll(Array.prototype, ['toString']);
        enableAll(Function.prototype, ['constructor', 'bind', 'toString']);
        enableAll(Promise.prototype, ['constructor']);
        for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError,
                         URIError, AggregateError]) {
          enableAll(E.prototype, ['constructor', 'message', 'name', 'toString']);
        }

        const seen = new Set(), queue = [];
        const add = (o) => {
          if (((typeof o === 'object' && o !== null) || typeof o === 'function') && !seen.has(o)) {
            seen.add(o);
            queue.push(o);
          }
        };
        add(G);
        add(getPrototypeOf(function* () {}));
        add(getPrototypeOf(async function () {}));
        add(getPrototypeOf(async function* () {}));
        add(getPrototypeOf([][Symbol.iterator]()));
        add(getPrototypeOf(''[Symbol.iterator]()));
        add(getPrototypeOf(new Map()[Symbol.iterator]()));
        add(getPrototypeOf(new Set()[Symbol.iterator]()));
        add(getPrototypeOf(/a/[Symbol.matchAll]('')));
        add(getPrototypeOf(Int8Array));
        add(getOwnPropertyDescriptor(arguments, 'callee').get);
        if (typeof Iterator === 'function' && typeof Iterator.from === 'function') {
          add(getPrototypeOf(Iterator.from({ next() { return { done: true }; } })));
          add(getPrototypeOf([].values().map((x) => x)));
        }
        if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
          const segments = new Intl.Segmenter().segment('');
          add(getPrototypeOf(segments));
          add(getPrototypeOf(segments[Symbol.iterator]()));
        }
        while (queue.length > 0) {
          const o = queue.pop();
          add(getPrototypeOf(o));
          for (const key of ownKeys(o)) {
            const d = getOwnPropertyDescriptor(o, key);
            if ('value' in d) {
              add(d.value);
            } else {
              add(d.get);
              add(d.set);
            }
          }
          if (o !== G) {
            freeze(o);
          }
        }

        const baseline = new Set(ownKeys(G));
        const globalProto = getPrototypeOf(G);
        for (const key of baseline) {
          const d = getOwnPropertyDescriptor(G, key);
          defineProperty(G, key, 'value' in d
            ? { writable: false, configurable: false } : { configurable: false });
        }
        return function reset() {
          byKey.clear();
          keyOf.clear();
          if (!isExtensible(G) || getPrototypeOf(G) !== globalProto) {
            return false;
          }
          if (ownKeys(G).length === baseline.size) {
            // the baseline's properties are permanent: the same count means nothing was added
            return true;
          }
          for (const key of ownKeys(G)) {
            if (!baseline.has(key) && !deleteProperty(G, key)) {
              return false;
            }
          }
          // the baseline's properties are permanent: the same count means the same keys
          return ownKeys(G).length === baseline.size;
        };
      })()
      """;

  private JavaScriptLockdown() {}
}
