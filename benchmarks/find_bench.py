#!/usr/bin/env python3
"""Benchmark of the read-only look-up commands (`find`, and `intro` once it exists) on a
generated vault, against the sync every command starts with.

    python benchmarks/find_bench.py                # N = 10,000
    python benchmarks/find_bench.py --n 100000 --runs 3 --json out.json

Every run is a fresh subprocess (start-up included). The baseline is `plainnet index` on the
unchanged vault: Python start-up, the stat walk and the sync check. A command's cost "beyond
start-up" is its median minus that median. Targets: `find` under 50 ms beyond start-up at
10,000 notes (300 ms at 100,000), `intro` under 1 s in all.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402  (benchmarks/bench.py: the vault cache and the timed runner)

FIND_QUERIES = [  # words from benchmarks/generate.py's vocabulary
    ["market"],  # a common word: 8,000 of 10,000 notes, ranked
    ["fundraising", "supplier"],  # two words
    ['"board meeting"'],  # a phrase
    ["fund*"],  # a prefix
    ["company:Juniper"],  # a field filter alone
    ["cadence:*", "--type", "contact"],  # any value
    ["market", "met:2026-11", "--tag", "client"],  # words and filters
    ["market", "--json", "--limit", "0"],  # every hit as data
]


INTRO_TARGETS = [["company:Juniper"], ["tag:mentor"], ["role:marketing"], ["Maja Price"]]


def in_process(vault: Path, runs: int) -> list[dict]:
    """The look-ups timed inside one process after the vault is open and synced: what a command
    adds to start-up, without the noise of starting Python each time."""
    import time
    from datetime import date

    from plainnet.api import open_vault

    out = []
    with open_vault(vault, today=date.fromisoformat(bench.TODAY)) as v:
        try:
            from plainnet.search import find, parse_query
        except ImportError:
            return out
        for q in FIND_QUERIES:
            words = [a for a in q if not a.startswith("--") and a not in ("contact", "client", "0")]
            types = ["contact"] if "--type" in q else []
            tags = ["client"] if "--tag" in q else []
            limit = None if "--limit" in q else 20
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                hits = find(v, parse_query(words, types, tags), limit)
                times.append(time.perf_counter() - t)
            med = statistics.median(times) * 1000
            out.append({"command": "find", "args": q, "median_ms": med, "min_ms": min(times) * 1000, "hits": len(hits)})
            print(f"in-process find {' '.join(q):37} median {med:6.1f} ms  min {min(times) * 1000:6.1f} ms  ({len(hits)} hits)")
        try:
            from plainnet.intro import find_paths
        except ImportError:
            return out
        for (target,) in INTRO_TARGETS:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                paths, facts = find_paths(v, target, 5)
                times.append(time.perf_counter() - t)
            med = statistics.median(times) * 1000
            out.append({"command": "intro", "args": [target], "median_ms": med, "min_ms": min(times) * 1000,
                        "targets": len(facts["targets"])})
            print(f"in-process intro {target:36} median {med:6.1f} ms  min {min(times) * 1000:6.1f} ms  "
                  f"({len(facts['targets'])} target contacts)")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="notes in the generated vault (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="where generated vaults are kept")
    ap.add_argument("--cold", action="store_true", help="also time a cold index (no .plainnet/)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    vault = bench.ensure_vault(args.out, args.n, args.seed)
    cli = bench.CLI(sys.executable, vault, bench.TODAY)
    if not cli.available:
        print(f"plainnet does not run: {cli.why}", file=sys.stderr)
        return 1
    results: dict = {"n": args.n, "runs": args.runs}

    def timed(argv, runs=args.runs, warmup=1):
        wall, _cpu = bench.measure(lambda: bench.run_timed(argv, cli.env), runs, warmup)
        return statistics.median(wall), min(wall)

    if args.cold:
        def cold():
            shutil.rmtree(vault / ".plainnet", ignore_errors=True)
            return bench.run_timed(cli.argv("index"), cli.env)

        walls = [cold() for _ in range(max(1, min(args.runs, 3)))]
        results["cold_index"] = {"median": statistics.median(walls), "min": min(walls)}
        print(f"cold index: median {statistics.median(walls):.2f} s, min {min(walls):.2f} s")
    bench.run_timed(cli.argv("index"), cli.env)
    base, base_min = timed(cli.argv("index"))
    results["baseline_index"] = {"median": base, "min": base_min}
    print(f"baseline (`index` on the unchanged vault): median {base * 1000:.0f} ms")
    commands = [("find", q) for q in FIND_QUERIES] if cli.has("find") else []
    if cli.has("intro"):
        commands += [("intro", q) for q in INTRO_TARGETS]
    rows = []
    for cmd, q in commands:
        med, lo = timed(cli.argv(cmd, *q))
        extra = (med - base) * 1000
        rows.append({"command": cmd, "args": q, "median": med, "min": lo, "beyond_start_ms": extra})
        print(f"{cmd} {' '.join(q):45} median {med * 1000:6.0f} ms  beyond start-up {extra:6.0f} ms")
    results["commands"] = rows
    results["in_process"] = in_process(vault, args.runs * 2)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
