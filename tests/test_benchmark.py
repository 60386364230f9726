"""The benchmark's vault generator is deterministic and realistic, and bench.py still runs.

Timings are not asserted here (a shared 2-core machine is too noisy for that):
benchmarks/bench.py reports them against its targets.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
N = 200


def _load_generate():
    spec = importlib.util.spec_from_file_location("plainnet_bench_generate", BENCH / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


generate = _load_generate()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> Path:
    return generate.generate(tmp_path_factory.mktemp("gen") / "a", N, seed=0)


def _split(text: str):
    """(front matter dict or None, body) of a generated note."""
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end + 1]), text[end + 5:]


def test_generator_is_deterministic(vault, tmp_path):
    again = generate.generate(tmp_path / "b", N, seed=0)
    assert _files(vault) == _files(again)
    other = dict(generate.iter_notes(N, seed=1))
    assert other != dict(generate.iter_notes(N, seed=0))


def test_generator_writes_n_notes_in_the_spec_layout(vault):
    notes = sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    assert len(notes) == N
    assert (vault / "plainnet.toml").is_file()
    assert "pitch.md" in notes
    by_folder = {f: sum(1 for x in notes if x.startswith(f + "/")) for f in ("people", "events", "groups", "notes")}
    assert by_folder == {"people": 120, "events": 50, "groups": 6, "notes": 23}


def test_generated_front_matter_parses_and_has_the_keys(vault):
    seen_link_forms = set()
    bodies = []
    for p in sorted(vault.rglob("*.md")):
        rel = p.relative_to(vault).as_posix()
        text = p.read_text(encoding="utf-8")
        fm, body = _split(text)
        bodies.append(body)
        folder = rel.split("/")[0]
        if folder == "people":
            assert fm["name"] == p.stem
            for key in ("company", "role", "email", "met"):
                assert fm[key], (rel, key)
            assert "@" in fm["email"]
            assert re.fullmatch(r"\d+[dwmy]", fm.get("cadence", "30d"))
            for key in ("gave", "got"):
                for entry in fm.get(key) or []:
                    assert isinstance(entry, str) or {"date", "what"} <= set(entry)
            for fu in fm.get("follow_ups") or []:
                assert {"due", "what", "done"} <= set(fu)
        elif folder == "events":
            for key in ("date", "kind", "status"):
                assert key in fm, (rel, key)
            assert fm["status"] in ("planned", "done")
            for a in fm.get("attendees") or []:
                assert re.fullmatch(r"\[\[[^\[\]]+\]\]", a), (rel, a)  # quoted, so a string
        elif folder == "groups":
            assert "joined" in fm and "meets" in fm
        elif rel == "pitch.md":
            assert fm["type"] == "pitch" and fm["ask"] and fm["audience"]
            continue
        n_words = len(body.split())
        assert 200 <= n_words <= 1000, (rel, n_words)
        for m in re.finditer(r"\[\[([^\]]+)\]\]", body):
            t = m.group(1)
            seen_link_forms.add("alias" if "|" in t else "heading" if "#" in t else "path" if "/" in t else "plain")
    everything = "\n".join(bodies)
    assert seen_link_forms == {"plain", "alias", "heading", "path"}
    assert re.search(r"^## Log\n- \d{4}-\d\d-\d\d: ", everything, re.M)
    assert re.search(r"^- \[ \] .* 📅 \d{4}-\d\d-\d\d$", everything, re.M)
    assert re.search(r"^- \[ \] .* \[due:: \d{4}-\d\d-\d\d\]$", everything, re.M)
    assert re.search(r"^- \[x\] ", everything, re.M)


ROWS = [
    "floor (a)", "floor (b)", "cold index", "unchanged vault: `ls`", "unchanged vault: `agenda --json`",
    "unchanged vault: `check --format json`", "one note changed: `ls`",
    "one note changed: `agenda --json`", "one note changed: `check --format json`", "peak RSS",
    "unchanged vault: `ls`, absolute", "watch: save -> JSON line, median",
    "watch: save -> JSON line, p95", "watch: burst", "watch: RSS growth",
]


def test_bench_script_prints_every_row(tmp_path):
    out_json = tmp_path / "bench.json"
    r = subprocess.run(
        [sys.executable, str(BENCH / "bench.py"), "--n", str(N), "--runs", "1", "--warmup", "0",
         "--out", str(tmp_path / "cache"), "--json", str(out_json), "--watch-saves", "3",
         "--watch-burst", "20", "--watch-rss-saves", "10", "--watch-rss-budget", "15",
         "--watch-start-timeout", "60"],
        cwd=REPO, capture_output=True, text=True, timeout=240,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    table = [line for line in r.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| measurement | median |")
    for row in ROWS:
        assert any(line.startswith(f"| {row}") for line in table), (row, r.stdout)
    # a plainnet command that crashes on a realistic vault is a bug, not a slow result
    errors = [line for line in table if line.rstrip().endswith("| ERROR |")]
    assert not errors, r.stdout
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["n"] == N and len(data["rows"]) == len(table) - 1
    assert data["samples"]["floor_a"] and data["samples"]["floor_b"]
    # the benchmark restores every note it edits
    cached = next((tmp_path / "cache").glob(f"vault-n{N}-s0-*"))
    assert _files(generate.generate(tmp_path / "fresh", N, seed=0)) == {
        k: v for k, v in _files(cached).items() if not k.startswith(".plainnet/")
    }
