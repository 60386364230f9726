#!/usr/bin/env python3
"""How a note's parse grows with its size: time and peak memory per input byte.

    python benchmarks/parse_bounds.py                  # 0.5, 2 and 8 MB of every shape
    python benchmarks/parse_bounds.py --sizes 1,4,14 --shapes flow-list,comments

Each shape is a hostile note made of one unit repeated (an unquoted-link list in front matter, a
flow list, unclosed comments, backticks, Markdown-link openers, log headings, tasks...). Every
measurement is a fresh subprocess: time is the parse alone, memory is the growth of the process's
peak resident size during the parse (so it counts what libyaml allocates in C too), divided by the
note's size in bytes. Linear cost shows as a flat "us/KB" column across sizes; the memory column
should stay well under 20 bytes per input byte.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> (front matter or body, unit). A front-matter shape is `key:` followed by the units.
SHAPES = {
    "unquoted-links": ("fm-block", "- [[Jane Doe]]\n"),
    "flow-list": ("fm-flow", "a, "),
    "nested-flow": ("fm-flow", "["),
    "comment-openers": ("body", "x <!--"),
    "backticks": ("body", "`'"),
    "backtick-lines": ("body", "`\n"),
    "percent-comments": ("body", "%%"),
    "markdown-link-openers": ("body", "[a]("),
    "log-headings": ("body", "## Log\n- 2026-01-01: x\n"),
    "tasks": ("body", "- [ ] x 📅 2026-01-01\n"),
    "tags": ("body", " #a"),
    "wikilinks": ("body", "[[a]] "),
    "prose": ("body", "Met Jane at the chamber breakfast; she wants an intro to Bob. "),
}

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from plainnet.notes.parse import parse_note
where, unit, size = sys.argv[2], sys.argv[3], int(sys.argv[4])
k = max(1, size // len(unit.encode()))
if where == "fm-block":
    data = ("---\nkey:\n" + unit * k + "---\nbody\n").encode()
elif where == "fm-flow":
    data = ("---\nkey: [" + unit * k + "a]\n---\nbody\n").encode()
else:
    data = (unit * k).encode()
parse_note("warm.md", b"---\na: [b]\n---\n[[x]] `y` <!-- z --> - [ ] t\n")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
note = parse_note("x.md", data)
seconds = time.perf_counter() - t
peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps({"bytes": len(data), "seconds": seconds, "peak": peak,
                  "findings": [f.rule for f in note.findings][:3]}))
"""


def measure(shape: str, size: int) -> dict:
    where, unit = SHAPES[shape]
    out = subprocess.run([sys.executable, "-c", _CHILD, REPO, where, unit, str(size)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0.5,2,8", help="note sizes in MB, comma-separated")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="which shapes, comma-separated")
    ap.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = ap.parse_args(argv)
    sizes = [int(float(s) * 1_000_000) for s in args.sizes.split(",")]
    rows = []
    print(f"{'shape':24} {'MB':>6} {'seconds':>8} {'us/KB':>7} {'peak B/B':>9}  findings")
    for shape in args.shapes.split(","):
        for size in sizes:
            r = measure(shape, size)
            r.update(shape=shape, us_per_kb=r["seconds"] * 1e6 / (r["bytes"] / 1000),
                     bytes_per_byte=r["peak"] / r["bytes"])
            rows.append(r)
            print(f"{shape:24} {r['bytes'] / 1e6:6.2f} {r['seconds']:8.2f} {r['us_per_kb']:7.0f} "
                  f"{r['bytes_per_byte']:9.1f}  {','.join(r['findings'])}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
