#!/usr/bin/env python3
"""Turns a JMH JSON result file into the Markdown results table of benchmarks/README.md.

Usage: python3 results-table.py [--heap-dir DIR] RESULT.json [MORE.json ...] > table.md
Several files may be given (for a suite re-run alone): a later file's result replaces an earlier one's.
--heap-dir (default: target) holds the concurrent-wait-heap-<n>.txt files the concurrency benchmark writes.
"""
import json
import os
import platform
import sys
from datetime import date

NODES_IN_CHAIN = 10
NODES_IN_FANOUT = 102

# budgets from shared/DESIGN.md
BUDGET = {
    "ChainBenchmark.tybooNoHistory": ("<= 1 us per node", 1.0),
    "ChainBenchmark.tybooWithHistory": ("<= 3 us per node", 3.0),
    "ExpressionBenchmark.cached": ("<= 1 us (1,000 ns)", 1000.0),
}


def short(name):
    return name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1]


def main():
    args = sys.argv[1:]
    heap_dir = "target"
    if args[:1] == ["--heap-dir"]:
        heap_dir, args = args[1], args[2:]
    results = []
    for path in args:
        results.extend(json.load(open(path)))
    path = args[-1]
    first = results[0]
    jdk = first.get("jdkVersion", "?") + " (" + first.get("vmName", "?") + ")"
    print(f"Run of {date.fromtimestamp(os.path.getmtime(path)).isoformat()}, JDK {jdk}, "
          f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, JMH {first.get('jmhVersion', '?')}, "
          f"forks {first.get('forks')}, warmup {first.get('warmupIterations')} x {first.get('warmupTime')}, "
          f"measurement {first.get('measurementIterations')} x {first.get('measurementTime')}.")
    print()
    by = {}
    for r in results:
        params = r.get("params") or {}
        key = short(r["benchmark"]) + ("[" + ",".join(f"{v}" for v in params.values()) + "]" if params else "")
        by[key] = r

    def score(key):
        m = by[key]["primaryMetric"]
        try:
            error = float(m["scoreError"])
        except (TypeError, ValueError):
            error = float("nan")  # a single measurement has no error bar
        return float(m["score"]), error, m["scoreUnit"]

    print("| benchmark | result | error (99.9%) | per node | budget | ratio |")
    print("|---|---|---|---|---|---|")
    chain = {k: score(k) for k in by if k.startswith("ChainBenchmark.")}
    bare = chain.get("ChainBenchmark.bareJava")
    op_none = chain.get("ChainBenchmark.operatonHistoryNone")
    op_audit = chain.get("ChainBenchmark.operatonHistoryAudit")
    for key in ["ChainBenchmark.bareJava", "ChainBenchmark.tybooNoHistory", "ChainBenchmark.tybooWithHistory",
                "ChainBenchmark.operatonHistoryNone", "ChainBenchmark.operatonHistoryAudit"]:
        if key not in chain:
            continue
        s, e, unit = chain[key]
        per_node = s / NODES_IN_CHAIN
        budget = BUDGET.get(key)
        verdict = ""
        if budget:
            verdict = f"{budget[0]}: {'met' if per_node <= budget[1] else 'MISSED'}"
        ratio = ""
        if key.startswith("ChainBenchmark.tyboo"):
            parts = []
            if bare:
                parts.append(f"{s / bare[0]:.0f}x bare Java")
            peer = op_none if key.endswith("NoHistory") else op_audit
            if peer:
                parts.append(f"{peer[0] / s:,.0f}x faster than Operaton "
                             f"(history {'none' if key.endswith('NoHistory') else 'audit'})")
            ratio = ", ".join(parts)
        print(f"| {key} (10-node chain) | {s:,.3f} {unit} | ±{e:,.3f} | {per_node:,.3f} us | {verdict} | {ratio} |")
    for key in sorted(k for k in by if k.startswith("FanOutBenchmark.")):
        s, e, unit = score(key)
        print(f"| {key} (1 -> 100 -> merge) | {s:,.1f} {unit} | ±{e:,.1f} | {s / NODES_IN_FANOUT:,.2f} us | | |")
    for key in sorted(k for k in by if k.startswith("ConcurrentWaitBenchmark."))[::-1]:
        s, e, unit = score(key)
        n = int(by[key]["params"]["executions"])
        per_second = n / (s / 1000.0)
        heap_file = os.path.join(heap_dir, f"concurrent-wait-heap-{n}.txt")
        heap = open(heap_file).read().strip() if os.path.exists(heap_file) else "not recorded"
        print(f"| {key}: {n:,} executions with a 10 ms wait, -Xmx512m | {s:,.1f} {unit} for all | ±{e:,.1f} | "
              f"{per_second:,.0f} executions/s; heap while waiting {heap} | | |")
    for key in sorted(k for k in by if k.startswith("ExpressionBenchmark.")):
        s, e, unit = score(key)
        budget = BUDGET.get(key.split("[")[0])
        verdict = f"{budget[0]}: {'met' if s <= budget[1] else 'MISSED'}" if budget else ""
        expr = by[key]["params"]["expression"]
        print(f"| {key.split('[')[0]} `{expr}` | {s:,.1f} {unit} | ±{e:,.1f} | | {verdict} | |")


if __name__ == "__main__":
    main()
