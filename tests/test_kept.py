"""The agenda kept in the index between commands (plainnet.kept): always the agenda a full rebuild
gives, recomputed only around what changed when it can be."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from click.testing import CliRunner

import plainnet
from plainnet.agenda import agenda_for
from plainnet.cli import cli
from plainnet.kept import KeptAgenda
from random_edits import random_edits

TODAY = date(2026, 11, 25)
EXAMPLE = Path(__file__).resolve().parents[1] / "example-vault"


def copy_example(tmp_path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


def save(path: Path, text: str) -> None:
    """Write so that the index sees a change even within one mtime tick."""
    st = path.stat()
    path.write_text(text, encoding="utf-8", newline="")
    os.utime(path, ns=(st.st_atime_ns, max(st.st_mtime_ns + 1_000_000, os.stat(path).st_mtime_ns)))


def agenda_json(root: Path, *args: str) -> dict:
    r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "agenda", "--json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def from_scratch(root: Path) -> list:
    v = plainnet.open_vault(root, today=TODAY, index_path=":memory:")
    try:
        return [i.to_json() for i in agenda_for(v)[0]]
    finally:
        v.close()


def kept_state(root: Path) -> dict:
    conn = sqlite3.connect(root / ".plainnet" / "index.sqlite")
    try:
        return json.loads(conn.execute("SELECT value FROM meta WHERE key = 'kept_agenda'").fetchone()[0])
    finally:
        conn.close()


def test_agenda_between_commands_equals_a_full_rebuild_after_random_edits(tmp_path):
    root = copy_example(tmp_path)
    rnd = random.Random(11)
    notes, edit = random_edits(root, rnd, TODAY)
    assert agenda_json(root)["items"] == from_scratch(root)
    kinds = []
    for step in range(30):
        rel = rnd.choice(notes)
        old = (root / rel).read_text(encoding="utf-8")
        new, how = edit(old)
        if new == old:
            continue
        save(root / rel, new)
        v = plainnet.open_vault(root, today=TODAY)
        kept = KeptAgenda(v)
        kinds.append(kept.refresh())
        got = [json.loads(t) for t in kept.texts()]
        v.close()
        assert got == from_scratch(root), f"step {step}: {how} on {rel} ({kinds[-1]})"
        assert agenda_json(root)["items"] == got  # and the CLI prints exactly that
    assert kinds.count("incremental") >= 10, kinds
    assert "full" in kinds  # the alias edits cannot be patched in


def test_a_cli_edit_between_commands_is_incremental_and_right(tmp_path):
    root = copy_example(tmp_path)
    first = agenda_json(root)["items"]
    assert any(i["section"] == "stay-in-touch" and i["person"] == "Tom Becker" for i in first)
    seq = kept_state(root)["seq"]
    tom = root / "people/Tom Becker.md"
    save(tom, tom.read_text(encoding="utf-8") + "\n## Log\n- 2026-11-24: coffee, all good\n")
    v = plainnet.open_vault(root, today=TODAY)
    kept = KeptAgenda(v)
    assert kept.refresh() == "incremental"
    v.close()
    after = agenda_json(root)["items"]
    assert not any(i["section"] == "stay-in-touch" and i["person"] == "Tom Becker" for i in after)
    assert after == from_scratch(root)
    assert kept_state(root)["seq"] > seq


def test_new_notes_settings_and_a_new_day_rebuild_it(tmp_path):
    root = copy_example(tmp_path)
    agenda_json(root)
    (root / "people/Nina Gray.md").write_text("---\nmet: 2026-09-01\n---\n", encoding="utf-8")
    v = plainnet.open_vault(root, today=TODAY)
    assert KeptAgenda(v).refresh() == "full"  # a new note may change what links resolve to
    assert KeptAgenda(v).refresh() == "kept"
    v.close()
    assert any(i["person"] == "Nina Gray" for i in agenda_json(root)["items"])
    toml = root / "plainnet.toml"
    toml.write_text("card_stack_days = 400\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    assert not any(i["person"] == "Nina Gray" for i in agenda_json(root)["items"])
    assert agenda_json(root)["items"] == from_scratch(root)
    v = plainnet.open_vault(root, today=date(2026, 12, 1))
    assert KeptAgenda(v).refresh() == "full"
    v.close()


def test_a_change_log_too_far_behind_rebuilds(tmp_path, monkeypatch):
    import plainnet.index as index_mod

    root = copy_example(tmp_path)
    agenda_json(root)
    monkeypatch.setattr(index_mod, "CHANGES_KEPT", 1)
    for name in ("Tom Becker", "Priya Shah", "Bob Martinez"):
        p = root / f"people/{name}.md"
        save(p, p.read_text(encoding="utf-8") + "- 2026-11-24: hello\n")
        plainnet.open_vault(root, today=TODAY).close()  # each sync logs one change, keeps one row
    v = plainnet.open_vault(root, today=TODAY)
    assert KeptAgenda(v).refresh() == "full"
    v.close()
    assert agenda_json(root)["items"] == from_scratch(root)


def test_another_process_refreshing_first_wins_and_both_print_the_agenda(tmp_path):
    root = copy_example(tmp_path)
    agenda_json(root)
    tom = root / "people/Tom Becker.md"
    save(tom, tom.read_text(encoding="utf-8") + "\n## Log\n- 2026-11-24: coffee\n")
    a = plainnet.open_vault(root, today=TODAY)
    b = plainnet.open_vault(root, today=TODAY)
    ka, kb = KeptAgenda(a), KeptAgenda(b)
    real_apply = KeptAgenda._apply

    def racing_apply(self, plan, state, seq):
        # just before `a` writes, `b` refreshes and writes the same state
        assert kb.refresh() == "incremental"
        return real_apply(self, plan, state, seq)

    ka._apply = racing_apply.__get__(ka)
    assert ka.refresh() == "incremental"
    want = from_scratch(root)
    assert [json.loads(t) for t in ka.texts()] == want
    assert [json.loads(t) for t in kb.texts()] == want
    n = a.index.query("SELECT count(*) FROM kept_items")[0][0]
    assert n == len(want)  # b's rows only, not both
    a.close()
    b.close()


def test_an_in_memory_index_keeps_it_too(tmp_path):
    root = copy_example(tmp_path)
    v = plainnet.open_vault(root, today=TODAY, index_path=":memory:")
    kept = KeptAgenda(v)
    assert kept.refresh() == "full"
    assert kept.refresh() == "kept"
    assert [json.loads(t) for t in kept.texts()] == from_scratch(root)
    v.close()


def _edit_then_compare(root, rel, change, how="incremental"):
    """Edit one note between two commands; the kept agenda must update (`how`) and match."""
    agenda_json(root)
    p = root / rel
    save(p, change(p.read_text(encoding="utf-8")))
    v = plainnet.open_vault(root, today=TODAY)
    kept = KeptAgenda(v)
    assert kept.refresh() == how
    got = [json.loads(t) for t in kept.texts()]
    v.close()
    assert got == from_scratch(root)
    return got


def test_a_contact_losing_its_offer_gives_the_meeting_homework(tmp_path):
    """The item is the event's; the change is the attendee's (an event relates to its attendees)."""
    root = copy_example(tmp_path)
    assert not any("Priya Shah has no" in i["what"] for i in agenda_json(root)["items"])
    got = _edit_then_compare(root, "people/Priya Shah.md",
                             lambda t: t.replace("offer: a case study on research for regulated industries\n", ""))
    assert any("Priya Shah has no offer" in i["what"] for i in got)


def test_renaming_a_contact_renames_items_about_them_in_other_notes(tmp_path):
    root = copy_example(tmp_path)
    got = _edit_then_compare(root, "people/Olivia Brown.md",
                             lambda t: t.replace("type: contact\n", "type: contact\nname: Olivia B. Brown\n", 1),
                             how="full")
    assert any(i["path"].startswith("events/") and i["person"] == "Olivia B. Brown" for i in got)


def test_a_name_that_moves_a_follow_up_to_another_attendee(tmp_path):
    """'Email Aisha the workshop dates', done at the Chamber breakfast, was contact with Aisha Khan.
    Once Noah Johnson is also called Aisha, the first name names no one: Aisha Khan, a note that
    did not change, is back in the card stack. (A `name:` change rebuilds the kept agenda.)"""
    root = copy_example(tmp_path)
    assert not any(i["person"] == "Aisha Khan" and i["section"] == "no-next-step" for i in agenda_json(root)["items"])
    got = _edit_then_compare(root, "people/Noah Johnson.md",
                             lambda t: t.replace("type: contact\n", "type: contact\nname: Aisha Johnson\n", 1),
                             how="full")
    assert any(i["person"] == "Aisha Khan" and i["section"] == "no-next-step" for i in got)


def test_a_new_attendee_is_no_longer_a_card_in_the_stack(tmp_path):
    root = copy_example(tmp_path)
    assert any(i["section"] == "no-next-step" and i["person"] == "Carlos Ruiz" for i in agenda_json(root)["items"])
    got = _edit_then_compare(root, "events/2026-12-05 Lunch with Jane Doe.md",
                             lambda t: t.replace('attendees: ["[[Jane Doe]]"]', 'attendees: ["[[Jane Doe]]", "[[Carlos Ruiz]]"]'))
    assert not any(i["section"] == "no-next-step" and i["person"] == "Carlos Ruiz" for i in got)
