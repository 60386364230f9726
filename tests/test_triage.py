"""plainnet triage: through --plan files, piped input and a real pseudo-terminal (pexpect) on
temporary vaults."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.cli import cli

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-20"


def contact(met: str, extra: str = "") -> str:
    return f"---\ntype: contact\nmet: {met}\ncadence:\n{extra}---\n\n## Notes\n\nMet at the station.\n"


FILES = {
    "people/Newest.md": contact("2026-10-30", "company: Acme\nrole: CTO\n"),
    "people/Middle.md": contact("2026-09-01"),
    "people/Oldest.md": contact("2025-01-01", "triage: pending\n"),
    "people/Busy.md": contact("2026-09-01", "follow_ups:\n  - due: 2026-12-01\n    what: call\n"),
    "people/Gone.md": contact("2026-09-01", "status: archived\n"),
}


def run(root, *args, input=None, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args], input=input)


def agenda(root) -> dict:
    return json.loads(run(root, "agenda", "--json").stdout)


@pytest.fixture
def vault(make_vault):
    return make_vault(FILES)


def test_plan_file_writes_each_choice(vault, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("# newest first\nf 2w send the deck\nc 3m\nl coffee at the station\n", encoding="utf-8")
    r = run(vault, "triage", "--plan", str(plan))
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        "people/Newest.md: follow-up due 2026-12-04: send the deck",
        "people/Middle.md: cadence: 3m",
        "people/Oldest.md: logged 2026-11-20: coffee at the station",
        "triaged 3, skipped 0; 0 left",
    ]
    newest = (vault / "people/Newest.md").read_text()
    assert "follow_ups:\n  - due: 2026-12-04\n    what: send the deck\n    done: false\n" in newest
    assert "triage: done" in newest
    oldest = (vault / "people/Oldest.md").read_text()
    assert "triage: done" in oldest and "last_contact: 2026-11-20" in oldest
    assert "- 2026-11-20: coffee at the station" in oldest
    a = agenda(vault)
    assert not [i for i in a["items"] if i["section"] == "no-next-step"] and a["to_triage"] == 0
    # the pile is empty now
    assert "triaged 0, skipped 0; 0 left" in run(vault, "triage", input="").output


def test_skip_snooze_archive_and_quit(vault, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("n\ns 2w\nq\n", encoding="utf-8")
    before = (vault / "people/Newest.md").read_bytes()
    r = run(vault, "triage", "--plan", str(plan))
    assert r.exit_code == 0, r.output
    assert (vault / "people/Newest.md").read_bytes() == before
    middle = (vault / "people/Middle.md").read_text()
    assert "snooze_until: 2026-12-04" in middle and "triage:" not in middle
    assert "triaged 1, skipped 1; 2 left" in r.output
    # next time: skipped ones again, the snoozed one not
    plan.write_text("a\n", encoding="utf-8")
    r = run(vault, "triage", "--plan", str(plan))
    assert "people/Newest.md: status: archived" in r.output and "2 left" not in r.output


def test_piped_input_is_a_plan(vault):
    r = run(vault, "triage", input="c 1m\n")
    assert r.exit_code == 0 and "people/Newest.md: cadence: 1m" in r.output


def test_a_bad_line_writes_nothing(vault, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("c 3m\nf someday call\n", encoding="utf-8")
    before = {p: (vault / p).read_bytes() for p in FILES}
    r = run(vault, "triage", "--plan", str(plan))
    assert r.exit_code == 2 and f"{plan}:2: 'someday' is neither a date" in r.output
    assert {p: (vault / p).read_bytes() for p in FILES} == before
    plan.write_text("x\n", encoding="utf-8")
    r = run(vault, "triage", "--plan", str(plan))
    assert r.exit_code == 2 and "'x' is no choice" in r.output


def test_a_note_changed_meanwhile_is_not_overwritten(vault, tmp_path, monkeypatch):
    from plainnet.write import edit

    real = edit.write_atomic

    def meddle(snap, data):
        snap.path.write_text(snap.path.read_text() + "\ntyped in Obsidian\n")
        return real(snap, data)

    monkeypatch.setattr(edit, "write_atomic", meddle)
    r = run(vault, "triage", input="c 3m\n")
    assert r.exit_code == 2 and "changed" in r.output
    assert "cadence: 3m" not in (vault / "people/Newest.md").read_text()


def test_more_choices_than_contacts_is_said(vault):
    r = run(vault, "triage", input="n\nn\nn\nn\nn\n")
    assert r.exit_code == 0 and "2 more choices than contacts to triage" in r.output


def _spawn(root: Path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120"}
    return pexpect.spawn(sys.executable, ["-m", "plainnet", "--vault", str(root), "--today", TODAY, "triage"],
                         env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))


def test_keys_in_a_real_terminal(vault):
    child = _spawn(vault)
    child.expect(r"\[1/3\] Newest")
    child.expect("CTO at Acme")
    child.expect("Met at the station")
    child.expect("q quit")
    child.send("f")
    child.expect("due")
    child.sendline("2w")
    child.expect("what")
    child.sendline("send the deck")
    child.expect("people/Newest.md: follow-up due 2026-12-04: send the deck")
    child.expect(r"\[2/3\] Middle")
    child.expect("q quit")
    child.send("n")
    child.expect(r"\[3/3\] Oldest")
    child.expect("q quit")
    child.send("q")
    child.expect("triaged 1, skipped 1; 2 left")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert child.exitstatus == 0
    # quitting lost nothing: the first choice is in the file
    text = (vault / "people/Newest.md").read_text()
    assert "what: send the deck" in text and "triage: done" in text
    assert "triage: done" not in (vault / "people/Middle.md").read_text()


def test_cadence_and_archive_keys_in_a_real_terminal(vault):
    child = _spawn(vault)
    child.expect("q quit")
    child.send("c")
    child.expect("cadence")
    child.sendline("")  # Enter: the default, 3m
    child.expect("people/Newest.md: cadence: 3m")
    child.expect("q quit")
    child.send("a")
    child.expect("people/Middle.md: status: archived")
    child.expect("q quit")
    child.sendcontrol("c")
    child.expect("triaged 2, skipped 0; 1 left")
    child.expect(pytest.importorskip("pexpect").EOF)
    child.close()
    assert "status: archived" in (vault / "people/Middle.md").read_text()
