"""How the pitch reader reads each of the labelled pitches, word for word, against the reading
recorded in tests/data/pitches/readings.json.

The F1 floor in test_pitch_reader.py says the reader agrees with a coach often enough; it does not
notice a change that moves a quote, drops a second audience or rewords a finding on a handful of
pitches. This test does: every slot's verdict and the words it read, the vague phrases with their
reason, the acronyms and jargon, and every finding's line, column and message. A change that is
meant goes in with `python benchmarks/pitch_eval.py --write-readings`, and the diff of
readings.json is what a reviewer reads."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _eval_module():
    spec = importlib.util.spec_from_file_location("pitch_eval", ROOT / "benchmarks" / "pitch_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


EV = _eval_module()


def _changes(recorded: dict, now: dict) -> list[str]:
    """One line per pitch and field that reads differently, recorded first."""
    out = []
    for key in sorted(recorded.keys() | now.keys()):
        if key not in now:
            out.append(f"{key}: recorded, but no longer in the labelled pitches")
        elif key not in recorded:
            out.append(f"{key}: not recorded yet")
        else:
            for name in recorded[key].keys() | now[key].keys():
                was, got = recorded[key].get(name), now[key].get(name)
                if was != got:
                    out.append(f"{key} {name}:\n  recorded {json.dumps(was, ensure_ascii=False)}"
                               f"\n  now      {json.dumps(got, ensure_ascii=False)}")
    return out


CORPUS = EV.load_corpus()
RECORDED = json.loads(EV.READINGS.read_text(encoding="utf-8"))


def test_the_record_holds_every_labelled_pitch_and_no_other():
    assert sorted(RECORDED) == sorted(f"{item['file']}:{item['id']}" for item in CORPUS)


@pytest.mark.parametrize("item", CORPUS, ids=lambda item: f"{item['file']}:{item['id']}")
def test_each_labelled_pitch_reads_as_recorded(item):
    """One test per pitch, so a change names every pitch it moves (and a mutant dies at the first)."""
    key = f"{item['file']}:{item['id']}"
    changes = _changes({key: RECORDED.get(key, {})}, {key: EV.reading(item["text"], item.get("front_matter"))})
    assert not changes, ("the reading changed; if that is meant, run "
                         "`python benchmarks/pitch_eval.py --write-readings`:\n" + "\n".join(changes))


def test_the_recorded_file_is_what_write_readings_writes():
    """The file is the writer's output byte for byte, so a hand edit cannot hide in it."""
    recorded = EV.READINGS.read_text(encoding="utf-8")
    assert EV.dump_readings(json.loads(recorded)) == recorded


@pytest.mark.parametrize("field, was, now, shown", [
    ("findings", [[1, 1, "pitch-who", "warning", "a"]], [[1, 1, "pitch-who", "warning", "b"]], "findings"),
    ("audience", {"verdict": "present"}, {"verdict": "vague"}, "audience"),
])
def test_a_changed_reading_is_named_by_pitch_and_field(field, was, now, shown):
    lines = _changes({"t.yaml:one": {field: was}, "t.yaml:gone": {}}, {"t.yaml:one": {field: now}, "t.yaml:new": {}})
    assert lines[0] == "t.yaml:gone: recorded, but no longer in the labelled pitches"
    assert lines[1] == "t.yaml:new: not recorded yet"
    assert lines[2].startswith(f"t.yaml:one {shown}:\n  recorded ")
    assert json.dumps(was) in lines[2] and json.dumps(now) in lines[2]
    assert len(lines) == 3
