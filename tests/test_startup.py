"""Start-up is part of the design: on an unchanged vault `plainnet agenda` pays for Python, click
and reading one cached result. These tests list what the cached path may import, so a stray
import fails here and not in a benchmark weeks later."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: every plainnet module the cached agenda may load; a new one needs a reason to be here
AGENDA_CACHED_PATH = {
    "plainnet", "plainnet.__main__", "plainnet.replay", "plainnet.codestamp", "plainnet.cli", "plainnet.cli.registry",
    "plainnet.api", "plainnet.agenda", "plainnet.agenda.cached", "plainnet.agenda.items",
    "plainnet.index", "plainnet.index.cache", "plainnet.index.names", "plainnet.index.schema",
    "plainnet.index.store",
    "plainnet.notes", "plainnet.notes.dates", "plainnet.notes.findings", "plainnet.notes.links", "plainnet.notes.model",
    "plainnet.render", "plainnet.rules", "plainnet.rules.analyze",
    "plainnet.vault", "plainnet.vault.files", "plainnet.settings",
}

#: libraries only a computation or another command needs: never on the cached path
HEAVY = {"yaml", "rich", "watchdog", "icalendar", "markdown_it", "frontmatter", "prompt_toolkit",
         "pygls", "lsprotocol", "recurring_ical_events", "concurrent.futures", "multiprocessing",
         "plainnet.network", "plainnet.notes.parse", "plainnet.rules.pitch", "plainnet.rules.local",
         "plainnet.checks", "plainnet.write", "plainnet.incremental"}


#: all a replayed answer (an unchanged vault, the same command as last time) may load
REPLAY_PATH = {"plainnet", "plainnet.__main__", "plainnet.replay", "plainnet.codestamp", "plainnet.vault",
               "plainnet.vault.files"}


def _imported(root: Path, *args: str, replay: bool = False) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    if not replay:  # the command itself, as after any change that is not to the notes it reads
        env["PLAINNET_NO_REPLAY"] = "1"
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "plainnet", "--vault", str(root), *args],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    mods = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if not name.startswith("import time"):  # the header line
                mods.add(name)
    if not replay:
        assert "plainnet.cli" in mods  # the listing really is the command's
    return mods


@pytest.fixture
def warm_vault(tmp_path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(REPO / "example-vault", root)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "PLAINNET_NO_REPLAY": "1"}
    for args in (("agenda",), ("agenda", "--json"), ("check", "--format", "json")) * 2:  # fill the caches
        subprocess.run([sys.executable, "-m", "plainnet", "--vault", str(root), "--today", "2026-12-02", *args],
                       capture_output=True, env=env, timeout=120)
    return root


def test_the_cached_agenda_imports_only_what_it_needs(warm_vault):
    mods = _imported(warm_vault, "--today", "2026-12-02", "agenda")
    ours = {m for m in mods if m == "plainnet" or m.startswith("plainnet.")}
    assert ours <= AGENDA_CACHED_PATH, f"new imports on the cached agenda path: {sorted(ours - AGENDA_CACHED_PATH)}"
    heavy = {m for m in mods if any(m == h or m.startswith(h + ".") for h in HEAVY)}
    assert not heavy, f"heavy modules on the cached agenda path: {sorted(heavy)}"


def test_the_cached_json_agenda_and_check_stay_light(warm_vault):
    for args in (("agenda", "--json"), ("check", "--format", "json")):
        mods = _imported(warm_vault, "--today", "2026-12-02", *args)
        heavy = {m for m in mods if any(m == h or m.startswith(h + ".") for h in HEAVY - {"plainnet.checks"})}
        assert not heavy, f"{' '.join(args)} imports {sorted(heavy)} on an unchanged vault"


def test_a_changed_note_does_import_the_parser(warm_vault):
    """The other side of the list: the test can tell a cached answer from a computed one."""
    note = next((warm_vault / "people").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    mods = _imported(warm_vault, "--today", "2026-12-02", "agenda")
    assert "plainnet.notes.parse" in mods


def test_a_replayed_answer_imports_neither_click_nor_the_index(warm_vault):
    for args in (("agenda",), ("agenda", "--json"), ("check", "--format", "json")):
        mods = _imported(warm_vault, "--today", "2026-12-02", *args, replay=True)
        ours = {m for m in mods if m == "plainnet" or m.startswith("plainnet.")}
        assert ours <= REPLAY_PATH, f"{' '.join(args)} replayed imports {sorted(ours - REPLAY_PATH)}"
        assert "plainnet.replay" in ours
        assert not {"click", "sqlite3", "hashlib", "dataclasses"} & mods, sorted(mods)
