#!/usr/bin/env python3
"""CPU time per note of parse_note + note_rows, the index's per-file work, without I/O.

    python benchmarks/parse_bench.py DIR                      # this checkout
    python benchmarks/parse_bench.py DIR --against ../other   # and another checkout, interleaved
    python benchmarks/parse_bench.py DIR --yaml               # every front matter read by libyaml

Every `.md` file under DIR (a vault from benchmarks/generate.py, say) is read into memory first;
each run is a fresh subprocess that parses them all once untimed, then times parse_note alone and
parse_note + note_rows (process CPU time, the cycle collector paused as the index's workers pause
it). Prints medians and minima of --runs runs, in milliseconds per note.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import gc, json, os, sys, time
root, tree, force_yaml = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
sys.path.insert(0, tree)
import plainnet.notes.parse as P
from plainnet.index.rows import note_rows
if force_yaml:
    P.FAST_FRONT_MATTER = False
files = []
for d, dirs, names in os.walk(root):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for name in names:
        if name.endswith(".md"):
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                files.append((os.path.relpath(path, root), f.read()))
files.sort()
gc.disable()
for rel, data in files:
    note_rows(P.parse_note(rel, data))
t = time.process_time()
for rel, data in files:
    P.parse_note(rel, data)
parse = time.process_time() - t
t = time.process_time()
for rel, data in files:
    note_rows(P.parse_note(rel, data))
both = time.process_time() - t
print(json.dumps({"parse": parse * 1e3 / len(files), "parse_rows": both * 1e3 / len(files), "notes": len(files)}))
"""


def run(root: Path, tree: Path, force_yaml: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(tree), "1" if force_yaml else "0"],
                         capture_output=True, text=True, check=True, cwd=str(root))
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path, help="folder of notes (e.g. made by benchmarks/generate.py)")
    ap.add_argument("--runs", type=int, default=5, help="runs per checkout (default 5)")
    ap.add_argument("--against", type=Path, help="another checkout's root to time in the same runs")
    ap.add_argument("--yaml", action="store_true", help="read every front matter with libyaml")
    args = ap.parse_args(argv)
    trees = {"this": HERE.parent}
    if args.against:
        trees["against"] = args.against.resolve()
    results: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            results[name].append(run(args.dir.resolve(), tree, args.yaml))
    for name, rows in results.items():
        for key in ("parse", "parse_rows"):
            xs = [r[key] for r in rows]
            print(f"{name:8s} {key:10s} median {statistics.median(xs):.3f}  min {min(xs):.3f} ms/note"
                  f"  ({rows[0]['notes']} notes, {trees[name]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
