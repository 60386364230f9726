"""How far plainnet's pitch reader agrees with a coach: precision, recall and F1 per rule.

Reads the labelled pitches in tests/data/pitches/*.yaml (see the README there), runs the pitch
checks on each, and prints one row per rule. A title-only finding counts as covering who and
problem (the rule replaces both), in the labels and in the findings alike.

    PYTHONPATH=$PWD python benchmarks/pitch_eval.py            # the table
    PYTHONPATH=$PWD python benchmarks/pitch_eval.py --mistakes # and each disagreement
    PYTHONPATH=$PWD python benchmarks/pitch_eval.py --write-readings  # after a reviewed change

`--write-readings` records how the reader reads every labelled pitch today (each slot's verdict,
the words it read, the vague phrases, the acronyms and jargon, and every finding's line, column
and message) in tests/data/pitches/readings.json. tests/test_pitch_readings.py compares the
reader with that file, so any change to what a pitch's author is told shows up as a diff to review.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "pitches"
READINGS = CORPUS / "readings.json"
RULES = ("who", "vague-client", "problem", "title-only", "ask", "jargon", "acronym", "unfinished")


def load_corpus(folder: Path = CORPUS) -> list[dict]:
    """Every labelled pitch, in file order."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            item = dict(item)
            item["file"] = path.name
            out.append(item)
    return out


def predict(text: str, fm: dict | None = None) -> set[str]:
    """The pitch rules that fire on one pitch, without the "pitch-" prefix."""
    from plainnet.rules.pitch import check_pitch
    from plainnet.rules.wordlists import load_wordlists

    found = check_pitch("pitch.md", text, 1, fm or {}, {}, {}, load_wordlists())
    return {f.rule[len("pitch-"):] for f in found}


def _expand(labels: set[str]) -> set[str]:
    return labels | {"who", "problem"} if "title-only" in labels else labels


def evaluate(corpus: list[dict]) -> tuple[dict[str, dict], list[tuple[dict, set, set]]]:
    """Per rule {tp, fp, fn, precision, recall, f1}, and the pitches where reader and labels differ."""
    counts = {r: {"tp": 0, "fp": 0, "fn": 0} for r in RULES}
    mistakes = []
    for item in corpus:
        gold = _expand(set(item.get("labels") or ()))
        got = _expand(predict(item["text"], item.get("front_matter")) & set(RULES))
        for r in RULES:
            if r in gold and r in got:
                counts[r]["tp"] += 1
            elif r in got:
                counts[r]["fp"] += 1
            elif r in gold:
                counts[r]["fn"] += 1
        if gold != got:
            mistakes.append((item, gold, got))
    for c in counts.values():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        rc = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        c.update(precision=p, recall=rc, f1=2 * p * rc / (p + rc) if p + rc else 0.0)
    return counts, mistakes


def reading(text: str, fm: dict | None = None) -> dict:
    """One pitch as the reader sees it and as its author is told: plain data, for JSON."""
    from plainnet.rules.pitch import check_pitch
    from plainnet.rules.pitch_reader import read_pitch
    from plainnet.rules.wordlists import load_wordlists

    words = load_wordlists()
    r = read_pitch(text, fm or {}, words)

    def reads(rs):
        return [[x.text, x.start, x.end, x.note] for x in rs]

    return {
        **{name: {"verdict": s.verdict, "source": s.source, "why": s.why, "reads": reads(s.reads)}
           for name, s in r.slots.items()},
        "vague": [[kind, why, *reads([rd])[0]] for rd, kind, why in r.vague],
        "employer": reads(r.employer),
        "placeholders": [list(p) for p in r.placeholders],
        "acronyms": reads(r.acronyms),
        "jargon": reads(r.jargon),
        "findings": [[f.line, f.column, f.rule, f.severity, f.message]
                     for f in check_pitch("pitch.md", text, 1, fm or {}, {}, {}, words)],
    }


def readings(corpus: list[dict]) -> dict[str, dict]:
    """Every labelled pitch's reading, keyed by `file:id`."""
    return {f"{item['file']}:{item['id']}": reading(item["text"], item.get("front_matter")) for item in corpus}


def dump_readings(data: dict[str, dict]) -> str:
    """JSON with one line per pitch and field, so a change reads as a short diff."""
    def line(v):
        return json.dumps(v, ensure_ascii=False)

    pitches = []
    for key, fields in data.items():
        body = ",\n".join(f"  {line(name)}: {line(value)}" for name, value in fields.items())
        pitches.append(f" {line(key)}: {{\n{body}\n }}")
    return "{\n" + ",\n".join(pitches) + "\n}\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mistakes", action="store_true", help="Print each pitch where reader and labels differ.")
    ap.add_argument("--write-readings", action="store_true",
                    help=f"Record every pitch's reading in {READINGS.relative_to(ROOT)}.")
    args = ap.parse_args(argv)
    corpus = load_corpus()
    if args.write_readings:
        text = dump_readings(readings(corpus))
        READINGS.write_text(text, encoding="utf-8")
        print(f"{len(corpus)} readings written to {READINGS.relative_to(ROOT)}")
    counts, mistakes = evaluate(corpus)
    print(f"{len(corpus)} labelled pitches in {CORPUS.relative_to(ROOT)}")
    print(f"{'rule':14} {'labelled':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'F1':>6}")
    for r, c in counts.items():
        print(f"{r:14} {c['tp'] + c['fn']:8d} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d} "
              f"{c['precision']:9.2f} {c['recall']:7.2f} {c['f1']:6.2f}")
    if args.mistakes:
        for item, gold, got in mistakes:
            print(f"\n{item['file']} {item['id']}: labelled {sorted(gold)}, read {sorted(got)}")
            print("   missed: %s  extra: %s" % (sorted(gold - got), sorted(got - gold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
