#!/usr/bin/env python3
"""Prints a Markdown table of overhead ratios (Shomei benchmark / its primitive) from JMH JSON output.

Usage: ratios.py results.json
"""
import json
import sys

TO_US = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}

# (class, benchmark, primitive, what the ratio is checked against, max ratio or None)
PAIRS = [
    ("IssuanceBenchmark", "csrIssue", "csrPrimitive", "CSR path vs 1 verify + 1 sign", None),
    ("IssuanceBenchmark", "csrIssueStoredH2", "csrPrimitive", "CSR path + H2 insert", None),
    ("IssuanceBenchmark", "keygenIssue", "keygenPrimitive", "overhead <= 10 %", 1.10),
    ("IssuanceBenchmark", "keygenIssuePooled", "keygenPrimitive", "overhead <= 10 %", 1.10),
    ("IssuanceBenchmark", "keygenIssueP12", "keygenP12Primitive", "(compare.sh path)", None),
    ("Pkcs12Benchmark", "pack", "primitive", "<= 1.2x primitives", 1.2),
    ("IssuanceThroughputBenchmark", "csrIssueStoredH2", "csrPrimitive",
     "2 threads: CSR path + H2 vs verify + sign", None),
    ("LoginBenchmark", "accept", "fingerprintPrimitive", "seen before: SHA-256 of the leaf", None),
    ("LoginBenchmark", "acceptStoredH2", "fingerprintPrimitive",
     "seen before, record read from H2", None),
    ("LoginBenchmark", "acceptFirstSight", "acceptPrimitive", "first sight: decode + 1 verify", None),
    ("LoginBenchmark", "mapShomei", "mapSpringRegex", "Spring regex CN", None),
    ("CampaignBenchmark", "campaign", "bareScan", ">= 0.8x bare scan (time <= 1.25x)", 1.25),
    ("PasswordBenchmark", "hash", "argon2Primitive", "BC Argon2id alone", None),
    ("PasswordBenchmark", "verify", "argon2Primitive", "BC Argon2id alone", None),
]


def key(entry):
    cls, method = entry["benchmark"].rsplit(".", 2)[-2:]
    params = tuple(sorted((entry.get("params") or {}).items()))
    return cls, method, params


def fmt_us(us):
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    if us < 1:
        return f"{us * 1000:.0f} ns"
    return f"{us:.1f} us"


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    scores = {}
    for e in data:
        m = e["primaryMetric"]
        try:
            err = float(m.get("scoreError") or 0)
        except ValueError:  # JMH writes "NaN" when there is only one iteration
            err = 0.0
        err = 0.0 if err != err else err
        threads = int(e.get("threads") or 1)
        if m["scoreUnit"].endswith("/s"):  # throughput of all threads together: time per operation
            us = 1e6 / m["score"]
            err = us * err / m["score"]
        else:
            us = m["score"] * TO_US[m["scoreUnit"]]
            err = err * TO_US[m["scoreUnit"]]
        p99 = (m.get("scorePercentiles") or {}).get("99.0")
        p99 = None if p99 is None or e["mode"] != "sample" else p99 * TO_US[m["scoreUnit"]]
        scores[key(e)] = (us, err, p99, threads)

    print("| benchmark | params | time/op | primitive | time/op | ratio | target | |")
    print("|---|---|---:|---|---:|---:|---|---|")
    used = set()
    for cls, bench, prim, target, limit in PAIRS:
        for (c, m, params), (us, err, _, _) in sorted(scores.items()):
            if c != cls or m != bench:
                continue
            other = scores.get((c, prim, params))
            if other is None:
                continue
            used.add((c, m, params))
            used.add((c, prim, params))
            ratio = us / other[0]
            verdict = "" if limit is None else ("met" if ratio <= limit else "MISSED")
            p = ", ".join(f"{k}={v}" for k, v in params) or "-"
            print(f"| {c}.{m} | {p} | {fmt_us(us)} ± {fmt_us(err)} | {prim} | {fmt_us(other[0])} "
                  f"| {ratio:.2f} | {target} | {verdict} |")

    print()
    print("| benchmark | params | threads | time/op (all threads) | ops/s (all threads) | p99 |")
    print("|---|---|---:|---:|---:|---:|")
    for (c, m, params), (us, err, p99, threads) in sorted(scores.items()):
        p = ", ".join(f"{k}={v}" for k, v in params) or "-"
        print(f"| {c}.{m} | {p} | {threads} | {fmt_us(us)} ± {fmt_us(err)} | {1e6 / us:,.0f} | "
              f"{fmt_us(p99) if p99 is not None else '-'} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
