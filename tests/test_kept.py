"""The agenda kept in the index between commands (plainnet.incremental): always the agenda a full rebuild
gives, recomputed only around what changed when it can be."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import plainnet
from plainnet.agenda.items import agenda_for
from plainnet.cli import cli
from plainnet.agenda.kept_items import KeptAgenda
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


def _random_steps(root, rnd, steps: int, quiet: bool = False):
    """Edit one to three random notes at a time, `steps` times; yields (what was done, kind of refresh
    of the kept agenda, kind of refresh of the kept findings) after each batch."""
    from plainnet.checks.kept_findings import KeptFindings

    notes, edit = random_edits(root, rnd, TODAY, quiet=quiet)
    for _ in range(steps):
        done = []
        for rel in rnd.sample(notes, rnd.choice((1, 1, 1, 2, 3))):
            old = (root / rel).read_text(encoding="utf-8")
            new, how = edit(old)
            if new != old:
                save(root / rel, new)
                done.append(f"{how} on {rel}")
        if not done:
            continue
        v = plainnet.open_vault(root, today=TODAY)
        kinds = KeptAgenda(v).refresh(), KeptFindings(v).refresh()
        v.close()
        yield done, kinds


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_kept_results_equal_full_ones_after_random_edits(tmp_path, seed):
    """After every batch of random edits, the agenda and the findings as the CLI prints them equal
    those computed from scratch; most batches take the incremental path."""
    root = copy_example(tmp_path)
    rnd = random.Random(seed)
    assert agenda_json(root)["items"] == from_scratch(root)
    assert check_json(root) == findings_from_scratch(root)
    kinds = []
    for done, k in _random_steps(root, rnd, 60):
        kinds.append(k)
        assert agenda_json(root)["items"] == from_scratch(root), (done, k)
        assert check_json(root) == findings_from_scratch(root), (done, k)
    assert sum(a == "incremental" for a, _ in kinds) >= 20, kinds
    assert sum(f == "incremental" for _, f in kinds) >= 20, kinds
    assert any(a == "full" for a, _ in kinds)  # the alias edits cannot be patched in


@pytest.mark.parametrize("seed", [21, 22])
def test_kept_results_stay_right_when_contacts_are_snoozed_archived_or_silenced(tmp_path, seed):
    """The same with snooze_until, status: archived, triage, plainnet_ignore and birthday among
    the random edits: the agenda (its dates section, its count of snoozed and untriaged contacts)
    and the findings kept incrementally equal those computed from scratch."""
    from plainnet.agenda.items import quiet_counts

    root = copy_example(tmp_path)
    rnd = random.Random(seed)
    kinds, quiet_seen, most, dated = [], set(), {"snoozed": 0, "to_triage": 0}, 0
    for done, k in _random_steps(root, rnd, 60, quiet=True):
        kinds.append(k)
        got = agenda_json(root)
        assert got["items"] == from_scratch(root), (done, k)
        assert check_json(root) == findings_from_scratch(root), (done, k)
        v = plainnet.open_vault(root, today=TODAY, index_path=":memory:")
        try:
            counts = quiet_counts(v)
        finally:
            v.close()
        assert (got["snoozed"], got["to_triage"]) == (counts["snoozed"], counts["to_triage"]), done
        quiet_seen |= {d.split(" ")[0] for d in done}
        most = {key: max(most[key], got[key]) for key in most}
        dated = max(dated, sum(i["section"] == "dates" for i in got["items"]))
    assert {"snooze", "archive", "triage", "ignore", "birthday"} <= quiet_seen
    assert most["snoozed"] > 0 and most["to_triage"] > 0 and dated > 0, (most, dated)
    assert sum(a == "incremental" for a, _ in kinds) >= 20, kinds


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
    import plainnet.index.store as index_mod

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

    def racing_apply(self, plan, state, current):
        # just before `a` writes, `b` refreshes and writes the same state
        assert kb.refresh() == "incremental"
        return real_apply(self, plan, state, current)

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


# ---------------------------------------------------------------- the check's findings


def check_json(root: Path) -> list:
    r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "check", "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def findings_from_scratch(root: Path) -> list:
    from plainnet.checks.engine import all_findings

    v = plainnet.open_vault(root, today=TODAY, index_path=":memory:")
    try:
        return [f.to_json() for f in all_findings(v, cache=False)]
    finally:
        v.close()


def _check_after(root, rel, change, how="incremental"):
    """Edit one note between two checks; the kept findings must update (`how`) and match."""
    from plainnet.checks.kept_findings import KeptFindings

    check_json(root)
    p = root / rel
    save(p, change(p.read_text(encoding="utf-8")))
    v = plainnet.open_vault(root, today=TODAY)
    assert KeptFindings(v).refresh() == how
    v.close()
    got = check_json(root)
    assert got == findings_from_scratch(root)
    return got


def test_moving_an_event_decides_whether_you_knew_someone_at_another(tmp_path):
    """Bob met you at UX Week, so at the Contoso lunch you knew everyone. Move UX Week after the
    lunch: the lunch (two relations away from UX Week) is no longer only known people."""
    root = copy_example(tmp_path)
    lunch = "events/2026-11-12 Contoso team lunch.md"
    assert any(f["path"] == lunch and f["rule"] == "only-known-people" for f in check_json(root))
    got = _check_after(root, "events/2026-03-14 UX Week.md", lambda t: t.replace("date: 2026-03-14", "date: 2026-12-01"))
    assert not any(f["path"] == lunch and f["rule"] == "only-known-people" for f in got)


def test_a_real_follow_up_elsewhere_clears_a_social_only_finding_in_a_third_note(tmp_path):
    root = copy_example(tmp_path)
    breakfast = root / "events/2026-11-03 Chamber breakfast.md"
    save(breakfast, breakfast.read_text(encoding="utf-8") + "- [ ] Send Aisha a LinkedIn connection request 📅 2026-12-01\n")
    assert any(f["path"] == "events/2026-11-03 Chamber breakfast.md" and f["rule"] == "social-only-followup"
               and "Aisha Khan" in f["message"] for f in check_json(root))
    got = _check_after(root, "events/2026-11-20 Product meetup.md",
                       lambda t: t + "\n- [ ] Call [[Aisha Khan]] about the workshop 📅 2026-12-02\n")
    assert not any("Aisha Khan" in f["message"] and f["rule"] == "social-only-followup" for f in got)


def test_duplicates_follow_an_email_change_in_either_note(tmp_path):
    root = copy_example(tmp_path)
    dups = lambda fs: sorted(f["path"] for f in fs if f["rule"] == "data-duplicate")  # noqa: E731
    assert dups(check_json(root)) == ["people/J. Doe.md", "people/Jane Doe.md"]
    got = _check_after(root, "people/J. Doe.md", lambda t: t.replace("JANE@northwind.example", "jd@elsewhere.example"))
    assert dups(got) == []
    got = _check_after(root, "people/J. Doe.md", lambda t: t.replace("jd@elsewhere.example", "Jane@Northwind.example"))
    assert dups(got) == ["people/J. Doe.md", "people/Jane Doe.md"]


def test_the_last_event_linking_a_group_rebuilds_the_findings(tmp_path):
    root = tmp_path / "v"
    (root / "groups").mkdir(parents=True)
    (root / "events").mkdir()
    (root / "plainnet.toml").write_text("", encoding="utf-8")
    (root / "groups/Guild.md").write_text("---\npurpose: learn\njoined: 2025-01-01\nmeets: 1m\n---\n", encoding="utf-8")
    (root / "events/2025-02-01 Guild night.md").write_text(
        "---\ndate: 2025-02-01\nobjectives: [meet two people]\ngroup: \"[[Guild]]\"\n---\n", encoding="utf-8")
    assert [f["rule"] for f in check_json(root) if f["path"] == "groups/Guild.md"] == ["group-lapsed"]
    got = _check_after(root, "events/2025-02-01 Guild night.md", lambda t: t.replace('group: "[[Guild]]"\n', ""),
                       how="full")
    assert [f for f in got if f["path"] == "groups/Guild.md"] == []


# ---------------------------------------------------------------- each relation path, on its own

WEB = {
    "events/Conf.md": "---\ntype: event\ndate: 2026-01-10\nkind: conference\n---\n",
    "people/Bob Stone.md": "---\ntype: contact\nmet: \"[[Conf]]\"\n---\n",
    "people/Ann Lee.md": "---\ntype: contact\nmet: 2026-01-05\ncadence: 3m\n---\n",
    "people/Ann Roe.md": "---\ntype: contact\n---\n",
    "events/Lunch.md": "---\ntype: event\ndate: 2026-11-12\nkind: meetup\nobjectives: [catch up]\n"
                       "attendees: [\"[[Bob Stone]]\", \"[[Ann Lee]]\"]\n---\n",
    "events/Dinner.md": "---\ntype: event\ndate: 2026-11-01\nkind: dinner\nobjectives: [plan]\n"
                        "attendees: [\"[[Ann Lee]]\"]\n---\n",
    "events/Drinks.md": "---\ntype: event\ndate: 2026-11-14\nkind: drinks\nobjectives: [meet]\n"
                        "attendees: [\"[[Bob Stone]]\", \"[[Ann Roe]]\"]\n---\n",
    "events/Retreat.md": "---\ntype: event\ndate: 2026-12-10\nstatus: planned\nobjectives: [plan]\n"
                         "attendees: [\"[[Ann Lee]]\", \"[[Ann Roe]]\"]\n---\n"
                         "- [x] Email Ann the agenda 📅 2026-11-06 ✅ 2026-11-05\n",
    "people/Cara Diaz.md": "---\ntype: contact\nmet: 2026-08-15\nlast_contact: 2026-08-15\ncadence: 1m\n---\n",
    "events/Party.md": "---\ntype: event\ndate: 2026-08-01\nkind: party\nobjectives: [fun]\n"
                       "attendees: [\"[[Cara Diaz]]\"]\n---\n",
}


def web(tmp_path, extra=None, **changes) -> Path:
    """The WEB vault, with (old, new) replacements in some notes and `extra` notes."""
    root = tmp_path / "web"
    files = {**WEB, **(extra or {})}
    for rel, (old, new) in changes.items():
        files[rel] = files[rel].replace(old, new)
    for rel, text in {**files, "plainnet.toml": ""}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _both_after(root, rel, change):
    """Edit one note; the kept agenda and findings update incrementally and match from-scratch ones."""
    from plainnet.checks.kept_findings import KeptFindings

    agenda_json(root)
    check_json(root)
    p = root / rel
    save(p, change(p.read_text(encoding="utf-8")))
    v = plainnet.open_vault(root, today=TODAY)
    assert KeptAgenda(v).refresh() == "incremental"
    assert KeptFindings(v).refresh() == "incremental"
    v.close()
    items, found = agenda_json(root)["items"], check_json(root)
    assert items == from_scratch(root)
    assert found == findings_from_scratch(root)
    return items, found


def _has(found, path, rule):
    return any(f["path"] == path and f["rule"] == rule for f in found)


def test_web_an_event_moved_is_contact_with_its_attendee(tmp_path):  # owners: "o"
    root = web(tmp_path)
    assert _has(check_json(root), "people/Cara Diaz.md", "card-stack")
    items, found = _both_after(root, "events/Party.md", lambda t: t.replace("2026-08-01", "2026-11-20"))
    assert not any(f["path"] == "people/Cara Diaz.md" for f in found)
    assert not any(i["person"] == "Cara Diaz" for i in items)


def test_web_a_met_event_moved_changes_who_you_knew_two_notes_away(tmp_path):  # owners: "ii"
    root = web(tmp_path)
    assert _has(check_json(root), "events/Lunch.md", "only-known-people")
    _items, found = _both_after(root, "events/Conf.md", lambda t: t.replace("2026-01-10", "2026-12-01"))
    assert not _has(found, "events/Lunch.md", "only-known-people")


def test_web_an_event_recomputed_sees_where_its_attendees_met(tmp_path):  # around: "oo"
    root = web(tmp_path)
    _items, found = _both_after(root, "events/Lunch.md", lambda t: t + "Good talk.\n")
    assert _has(found, "events/Lunch.md", "only-known-people")


def test_web_a_contact_recomputed_sees_the_events_it_attended(tmp_path):  # around: "i"
    root = web(tmp_path)
    _items, found = _both_after(root, "people/Ann Lee.md", lambda t: t.replace("type: contact\n", "type: contact\ntags: [x]\n"))
    assert not _has(found, "people/Ann Lee.md", "stay-in-touch")


def test_web_every_event_in_a_neighbourhood_sees_all_its_attendees(tmp_path):  # around, closed under "o"
    """'Email Ann the agenda' at a retreat with two Anns names no one, so Ann Roe had no contact
    before the lunch: meeting her there was meeting someone new, whenever Bob's conference was.
    Recomputing the lunch after the conference moved must see the retreat's other Ann too (three
    relations away), or the follow-up would name Ann Roe and the lunch would be 'only known people'."""
    root = web(tmp_path, **{"events/Conf.md": ("2026-01-10", "2026-12-01"),
                            "events/Lunch.md": ("[[Ann Lee]]", "[[Ann Roe]]")})
    assert not _has(check_json(root), "events/Lunch.md", "only-known-people")
    _items, found = _both_after(root, "events/Conf.md", lambda t: t.replace("2026-12-01", "2026-01-10"))
    assert not _has(found, "events/Lunch.md", "only-known-people")


def test_web_an_attendee_recomputed_sees_its_other_events(tmp_path):  # around: "i"
    root = web(tmp_path, extra={"events/Picnic.md": "---\ntype: event\ndate: 2026-11-20\nkind: picnic\n"
                                                    "objectives: [relax]\nattendees: [\"[[Cara Diaz]]\"]\n---\n"})
    _items, found = _both_after(root, "events/Party.md", lambda t: t + "Great music.\n")
    assert not any(f["path"] == "people/Cara Diaz.md" for f in found)


def test_web_a_group_edit_recomputes_people_met_at_its_events(tmp_path):  # around: "i", owners two away
    root = web(tmp_path, extra={"groups/Guild.md": "---\ntype: group\npurpose: learn\n---\n"},
               **{"events/Conf.md": ("kind: conference\n", "kind: conference\ngroup: \"[[Guild]]\"\n")})
    _items, found = _both_after(root, "groups/Guild.md", lambda t: t + "Monthly talks.\n")
    assert not _has(found, "people/Bob Stone.md", "card-stack")


def test_web_an_event_recomputed_sees_its_attendees_other_events(tmp_path):  # around: "oi"
    """Bob has no `met:`; a brunch in May is how you knew him at the lunch. Editing Ann Lee
    recomputes the lunch, which must see Bob's brunch."""
    root = web(tmp_path, extra={"events/Brunch.md": "---\ntype: event\ndate: 2026-05-01\nkind: brunch\n"
                                                    "objectives: [talk]\nattendees: [\"[[Bob Stone]]\"]\n---\n"},
               **{"people/Bob Stone.md": ('met: "[[Conf]]"\n', "")})
    assert _has(check_json(root), "events/Lunch.md", "only-known-people")
    _items, found = _both_after(root, "people/Ann Lee.md", lambda t: t + "Met her in January.\n")
    assert _has(found, "events/Lunch.md", "only-known-people")


def test_person_tag_and_calendar_views_come_from_the_kept_agenda(tmp_path):
    """--person, --tag and --ics filter the kept items; after an edit they equal a from-scratch
    agenda filtered the same way, and the calendar holds follow-ups due after the window too."""
    icalendar = pytest.importorskip("icalendar")
    root = copy_example(tmp_path)
    agenda_json(root)
    bob = root / "people/Bob Martinez.md"
    save(bob, bob.read_text(encoding="utf-8") + "- [ ] Send Bob the Q2 plan 📅 2027-02-01\n")
    v = plainnet.open_vault(root, today=TODAY)
    for person, tag in (("Bobby", None), (None, "client"), ("Priya Shah", None)):
        want = [i.to_json() for i in agenda_for(v, person=person, tag=tag)[0]]
        args = (["--person", person] if person else []) + (["--tag", tag] if tag else [])
        assert agenda_json(root, *args)["items"] == want, args
        assert want  # (each filter keeps something)
    v.close()
    ics = tmp_path / "bob.ics"
    r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "agenda", "--person", "Bobby",
                                 "--ics", str(ics)])
    assert r.exit_code == 0, r.output
    todos = {str(t["summary"]): t for t in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VTODO")}
    assert todos["Send Bob the Q2 plan (Bob Martinez)"].decoded("due").isoformat() == "2027-02-01"
    assert "Call Bob about the Q1 research budget (Bob Martinez)" in todos
    assert all("Bob" in s for s in todos)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(what=st.text(), note=st.text(), path=st.text(), why=st.text(), person=st.none() | st.text(),
       section=st.sampled_from(["overdue", "later", "no-next-step"]), due=st.none() | st.dates(),
       line=st.integers(1, 10**6))
def test_kept_item_text_is_json_dumps(what, note, path, why, person, section, due, line):
    """The kept agenda writes each item with the C string encoder: byte for byte json.dumps."""
    from plainnet.agenda.items import Item
    from plainnet.agenda.kept_items import _item_text

    item = Item(section, due, what, note, path, line, why, person)
    assert _item_text(item) == json.dumps(item.to_json(), ensure_ascii=False)


def test_a_check_after_an_edit_leaves_a_result_the_next_check_prints_as_is(tmp_path):
    """The per-note checks a small sync left undone run before the result is keyed, so the second
    check after an edit is a cache hit, not another recomputation."""
    from plainnet.checks import engine

    root = copy_example(tmp_path)
    check_json(root)
    aisha = root / "people/Aisha Khan.md"
    save(aisha, aisha.read_text(encoding="utf-8") + "\nI'll send her the deck.\n")
    first = check_json(root)
    assert any(f["path"] == "people/Aisha Khan.md" and f["rule"] == "promise-untracked" for f in first)
    v = plainnet.open_vault(root, today=TODAY)
    from plainnet.index import cache as resultcache

    key = resultcache.cache_key(v, "check", engine.CACHE_VERSION)
    assert resultcache.read(v, engine._CACHE_NAME, key) is not None
    v.close()


def _spy_patch(monkeypatch, module) -> list:
    """Record, for every call of `module._patched`, whether it patched (True) or gave up (False)."""
    used = []
    real = module._patched

    def spy(*args):
        out = real(*args)
        used.append(out is not None)
        return out

    monkeypatch.setattr(module, "_patched", spy)
    return used


def test_the_check_result_is_patched_around_the_changed_notes_and_stays_exact(tmp_path, monkeypatch):
    """After an edit the check's printed result is the previous one with only the changed
    notes' lines (and the findings no note owns) replaced; it must equal a from-scratch check,
    and the patch must really be taken."""
    import plainnet.checks.engine as engine

    used = _spy_patch(monkeypatch, engine)
    root = copy_example(tmp_path)
    check_json(root)
    edits = [
        ("people/Jane Doe.md", lambda t: t + "\nSee [[Nobody By This Name]].\n"),  # a broken link appears
        ("people/J. Doe.md", lambda t: t.replace("JANE@northwind.example", "jd@elsewhere.example")),  # no duplicate
        ("people/Jane Doe.md", lambda t: t.replace("See [[Nobody By This Name]].\n", "")),  # the link goes
        ("people/J. Doe.md", lambda t: t.replace("jd@elsewhere.example", "Jane@Northwind.example")),  # duplicate again
        ("events/2026-12-05 Lunch with Jane Doe.md", lambda t: t + "\n- [ ] send the deck\n"),
        ("people/Liam Patel.md", lambda t: t.replace("2026-13-45", "2026-11-01")),  # the vault's only error
        ("people/Outside.md", None),  # a symlink out of the vault: a finding no note owns
        ("people/Outside.md", "remove"),
        ("people/Liam Patel.md", lambda t: t.replace("2026-11-01", "2026-13-45")),
    ]
    for k, (rel, change) in enumerate(edits):
        p = root / rel
        if change is None:
            p.symlink_to(tmp_path / "outside.md")
            (tmp_path / "outside.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        elif change == "remove":
            p.unlink()
        else:
            save(p, change(p.read_text(encoding="utf-8")))
        used.clear()
        got = check_json(root)
        assert got == findings_from_scratch(root), (k, rel)
        assert used == [True], (k, rel, used)
        assert any(f["rule"] == "data-duplicate" for f in got) == (k not in (1, 2))
        assert any(f["path"] == "people/Outside.md" for f in got) == (k == 6)
        errors = any(f["severity"] == "error" for f in got)
        assert errors == (k in (0, 1, 2, 3, 4, 8))
        r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "check", "--format", "json"])
        assert r.exit_code == (1 if errors else 0), (k, rel)  # the counts are patched too


def _agenda_bytes(root: Path) -> bytes:
    r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "agenda", "--json"])
    assert r.exit_code == 0, r.output
    return r.stdout_bytes


def _fresh_agenda_bytes(root: Path, tmp_path: Path) -> bytes:
    """`agenda --json` on a copy of the vault with no index: assembled from scratch."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, symlinks=True, ignore=shutil.ignore_patterns(".plainnet"))
    return _agenda_bytes(fresh)




def test_the_printed_agenda_is_patched_around_the_changed_notes_and_stays_exact(tmp_path, monkeypatch):
    """After an edit the printed agenda is the previous one with only the recomputed notes' items
    taken out and put back in at their places; byte for byte what a fresh index prints, the
    counts of snoozed contacts included, and the patch must really be taken."""
    import plainnet.agenda.cached as cached

    used = _spy_patch(monkeypatch, cached)
    root = copy_example(tmp_path)
    _agenda_bytes(root)
    lena, bob = root / "people/Lena Fischer.md", root / "people/Bob Martinez.md"
    edits = [
        (bob, lambda t: t + "- [ ] Send Bob the deck 📅 2026-11-01\n"),  # a new overdue item
        (bob, lambda t: t.replace("📅 2026-11-01", "📅 2026-11-27")),  # ... moves to this week
        (bob, lambda t: t.replace("- [ ] Send Bob the deck", "- [x] Send Bob the deck")),  # ... and is done
        (lena, lambda t: t.replace("Introduce Lena", "Introduce \u009b31mLena\u009b0m")),  # escaped when printed
        (lena, lambda t: t.replace("---\n", "---\nsnooze_until: 2026-12-31\n", 1)),  # her items go, counted
        (lena, lambda t: t.replace("snooze_until: 2026-12-31\n", "")),  # ... and come back
        (root / "events/2026-12-05 Lunch with Jane Doe.md", lambda t: t + "\n- [ ] send the deck 📅 2026-11-20\n"),
    ]
    seen, snoozed = set(), []
    for k, (path, change) in enumerate(edits):
        save(path, change(path.read_text(encoding="utf-8")))
        used.clear()
        got = _agenda_bytes(root)
        assert used == [True], (k, used)
        assert got == _fresh_agenda_bytes(root, tmp_path), k
        data = json.loads(got)
        seen |= {(i["section"], i["what"]) for i in data["items"]}
        snoozed.append(data["snoozed"])
    assert snoozed[4] == snoozed[3] + 1 and snoozed[5] == snoozed[3]  # the header is patched too
    assert b"\\u009b31m" in got and "\u009b".encode() not in got  # the terminal never sees the escape
    assert ("overdue", "Send Bob the deck") in seen and any(s != "overdue" and w == "Send Bob the deck" for s, w in seen)
    v = plainnet.open_vault(root, today=TODAY)  # the items the cache gives back are the agenda's
    try:
        from plainnet.agenda.cached import cached_agenda

        assert [i.to_json() for i in cached_agenda(v)] == from_scratch(root)
        assert [(i.person_path, i.uid_key) for i in cached_agenda(v)] == \
            [(i.person_path, i.uid_key) for i in agenda_for(v)[0]]
    finally:
        v.close()


@pytest.mark.parametrize("seed", [31, 32])
def test_the_patched_agenda_equals_a_fresh_one_after_random_edits(tmp_path, monkeypatch, seed):
    """Random edits with nothing refreshing the kept items between commands, so that each
    `agenda --json` patches the one before: every result equals the agenda computed from scratch
    and most are patched."""
    import plainnet.agenda.cached as cached

    used = _spy_patch(monkeypatch, cached)
    root = copy_example(tmp_path)
    rnd = random.Random(seed)
    _agenda_bytes(root)
    notes, edit = random_edits(root, rnd, TODAY, quiet=True)
    for _ in range(40):
        for rel in rnd.sample(notes, rnd.choice((1, 1, 2))):
            old = (root / rel).read_text(encoding="utf-8")
            new, how = edit(old)
            if new != old:
                save(root / rel, new)
        got = json.loads(_agenda_bytes(root))
        assert got["items"] == from_scratch(root), how
    assert sum(used) >= 20, used


def test_index_leaves_the_agenda_and_the_checks_ready(tmp_path, monkeypatch):
    """`plainnet index` brings the kept agenda and findings up to date, so the first agenda and
    check after a new index compute nothing and print what a from-scratch run prints; with
    --only-index they are left to the first command that needs them."""
    from plainnet.checks.kept_findings import KeptFindings

    root = copy_example(tmp_path)
    r = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), "index"])
    assert r.exit_code == 0, r.output
    assert re.fullmatch(r"(\d+) notes: \+\1 ~0 -0, 1 problem \(see 'plainnet check'\)\n", r.output), r.output
    computed = []
    for kept in (KeptAgenda, KeptFindings):
        real = kept._compute
        monkeypatch.setattr(kept, "_compute", lambda self, *a, _real=real: computed.append(self.WHAT) or _real(self, *a))
    assert agenda_json(root)["items"] == from_scratch(root)
    assert check_json(root) == findings_from_scratch(root)
    assert computed == []

    other = tmp_path / "other"
    shutil.copytree(EXAMPLE, other, ignore=shutil.ignore_patterns(".plainnet"))
    r = CliRunner().invoke(cli, ["--vault", str(other), "--today", TODAY.isoformat(), "index", "--only-index"])
    assert r.exit_code == 0, r.output
    assert agenda_json(other)["items"] == from_scratch(other)
    assert computed == ["agenda"]  # built by the agenda itself
