"""Every field of every agenda item, worked out by hand: the reason shown (`why`), the line it
points at, the person it names, and that filtering, the cache and the calendar export keep them."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"

VAULT = {
    "people/Ann.md": (
        "---\ntype: contact\nfollow_ups:\n"
        "  - {due: 2026-11-20, what: send the deck}\n"     # line 4
        "  - {due: 2026-11-24, what: one day late}\n"      # 5
        "  - {due: 2026-11-25, what: call back}\n"         # 6
        "  - {due: 2026-11-26, what: tomorrow}\n"          # 7
        "  - {due: 2026-12-02, what: send the deck}\n"     # 8: same text as line 4
        "  - {due: 2026-11-27}\n"                          # 9: no text
        "---\n"
    ),
    "people/Bob.md": "---\ntype: contact\noffer: an intro to his printer\n---\n",
    "people/Cy.md": "---\ntype: contact\noffer: a review\nneed: a designer\n---\n",
    "notes/Plan.md": "- [ ] a body task in a plain note 📅 2026-11-26\n",
    # homework: planned meetings within 14 days with something to prepare
    "events/Lunch.md": ("---\ntype: event\ndate: 2026-11-28\nstatus: planned\nobjectives: []\n"
                        "attendees: [\"[[Ann]]\", \"[[Bob]]\"]\n---\n"),
    "events/Today.md": ("---\ntype: event\ndate: 2026-11-25\nstatus: planned\nobjectives: [meet]\n"
                        "attendees: [\"[[Bob]]\"]\n---\n- [ ] bring Bob the samples 📅 2026-11-26\n"),
    "events/Done ahead.md": "---\ntype: event\ndate: 2026-11-27\nstatus: done\nattendees: [\"[[Cy]]\"]\n---\n",
    "events/Someday.md": "---\ntype: event\nstatus: planned\nattendees: [\"[[Cy]]\"]\n---\n",
    # stay-in-touch (default_cadence 1m): a contact's own cadence, the vault's, since met or last contact
    "people/Abe.md": "---\ntype: contact\nmet: 2026-10-01\n---\n",  # no next step: told only as that
    "people/Dee.md": "---\ntype: contact\nlast_contact: 2026-11-01\ncadence: 2w\n---\n",
    "people/Eli.md": "---\ntype: contact\nmet: 2026-10-01\nfollow_ups: [{due: 2027-03-01, what: later}]\n---\n",
    "people/Fin.md": "---\ntype: contact\nmet: 2026-01-01\nlast_contact: 2026-10-20\n---\n",
    "people/Gia.md": "---\ntype: contact\nlast_contact: 2026-10-01\noffer: a\nneed: b\n---\n",  # due, but meeting ahead
    "events/Edge.md": "---\ntype: event\ndate: 2026-12-09\nstatus: planned\nattendees: [\"[[Cy]]\"]\n---\n",
    "events/Too far.md": "---\ntype: event\ndate: 2026-12-10\nstatus: planned\nattendees: [\"[[Cy]]\"]\n---\n",
    "events/Yesterday.md": "---\ntype: event\ndate: 2026-11-24\nstatus: planned\nattendees: [\"[[Cy]]\"]\n---\n",
    "events/Ready.md": ("---\ntype: event\ndate: 2026-11-30\nstatus: planned\nobjectives: [hear her plans]\n"
                        "attendees: [\"[[Cy]]\", \"[[Gia]]\"]\n---\n"),
}
TOML = 'default_cadence = "1m"\n'


A = ("people/Ann.md", "Ann")
EXPECTED = [
    # (section, due, what, note, path, line, why, person)
    ("overdue", "2026-11-20", "send the deck", "Ann", A[0], 4, "5 days late", "Ann"),
    ("overdue", "2026-11-24", "one day late", "Ann", A[0], 5, "1 day late", "Ann"),
    ("today", "2026-11-25", "call back", "Ann", A[0], 6, "due today", "Ann"),
    ("upcoming", "2026-11-26", "bring Bob the samples", "Today", "events/Today.md", 8, "due in 1 day", "Bob"),
    ("upcoming", "2026-11-26", "a body task in a plain note", "Plan", "notes/Plan.md", 1, "due in 1 day", None),
    ("upcoming", "2026-11-26", "tomorrow", "Ann", A[0], 7, "due in 1 day", "Ann"),
    ("upcoming", "2026-11-27", "(follow-up)", "Ann", A[0], 9, "due in 2 days", "Ann"),
    ("upcoming", "2026-12-02", "send the deck", "Ann", A[0], 8, "due in 7 days", "Ann"),
    # the line: objectives when they are missing and the key is there, else attendees, else line 1
    ("homework", "2026-11-25", "prepare Today: Bob has no need", "Today", "events/Today.md", 6, "meeting today", "Bob"),
    ("homework", "2026-11-28", "prepare Lunch: no objectives; Ann has no offer or need; Bob has no need", "Lunch",
     "events/Lunch.md", 5, "meeting in 3 days", None),
    ("homework", "2026-12-09", "prepare Edge: no objectives", "Edge", "events/Edge.md", 1, "meeting in 14 days", "Cy"),
    # the line: the cadence, else last_contact (else line 1)
    ("stay-in-touch", "2026-10-31", "get in touch with Eli", "Eli", "people/Eli.md", 1,
     "55 days since you met, cadence 1m", "Eli"),
    ("stay-in-touch", "2026-11-15", "get in touch with Dee", "Dee", "people/Dee.md", 4,
     "24 days since last contact, cadence 2w", "Dee"),
    ("stay-in-touch", "2026-11-19", "get in touch with Fin", "Fin", "people/Fin.md", 4,
     "36 days since last contact, cadence 1m", "Fin"),
    ("no-next-step", None, "decide a next step with Abe", "Abe", "people/Abe.md", 3,
     "met 55 days ago; no contact since, no follow-up, no meeting", "Abe"),
]
FIELDS = ("section", "due", "what", "note", "path", "line", "why", "person")


def run(root, *args, today=TODAY):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def items(root, *args):
    data = json.loads(run(root, "agenda", "--json", *args))
    assert data["today"] == TODAY
    return data["items"]


def test_every_field_of_every_item(make_vault):
    root = make_vault(VAULT, toml=TOML)
    got = items(root)
    assert [tuple(i[k] for k in FIELDS) for i in got] == EXPECTED
    assert all(list(i) == list(FIELDS) for i in got)  # the documented keys, in order
    # the same again, now from the result kept beside the index
    assert items(root) == got


def test_filters_give_the_same_items_as_the_whole_agenda(make_vault):
    root = make_vault(VAULT, toml=TOML)
    whole = items(root)
    for section in ("overdue", "today", "upcoming", "homework"):
        assert items(root, "--section", section) == [i for i in whole if i["section"] == section]
    assert items(root, "--person", "Ann") == [i for i in whole if i["path"] == A[0]]  # Lunch names no one
    assert items(root, "--person", "Bob") == [i for i in whole if i["person"] == "Bob"]
    # with the cache deleted, a filtered agenda is computed afresh and agrees
    for p in (root / ".plainnet").glob("agenda-cache*"):
        p.unlink()
    assert items(root, "--section", "homework") == [i for i in whole if i["section"] == "homework"]


def test_plain_text_names_the_reason_the_person_and_the_place(make_vault):
    root = make_vault(VAULT, toml=TOML)
    text = run(root, "agenda")
    assert text.startswith("Agenda for Wed 25 Nov 2026\n")
    for section, due, what, note, path, line, why, person in EXPECTED:
        shown = [ln for ln in text.splitlines() if f"({why})" in ln and f"{path}:{line}" in ln]
        assert len(shown) == 1 and what in shown[0], (what, text)
    assert run(root, "agenda") == text  # cached: the same bytes


def test_calendar_uids_tell_apart_two_follow_ups_with_the_same_text(make_vault, tmp_path):
    root = make_vault(VAULT, toml=TOML)
    ics = tmp_path / "a.ics"
    run(root, "agenda", "--ics", str(ics))
    text = ics.read_text(encoding="utf-8")
    uids = [ln for ln in text.splitlines() if ln.startswith("UID:")]
    assert len(uids) == len(set(uids)) == text.count("BEGIN:VTODO") >= 7
    assert text.count("SUMMARY:send the deck") == 2
    again = tmp_path / "b.ics"
    run(root, "agenda", "--ics", str(again))
    assert [ln for ln in again.read_text(encoding="utf-8").splitlines() if ln.startswith("UID:")] == uids


def test_a_follow_ups_calendar_uid_survives_edits_elsewhere(make_vault, tmp_path):
    """UIDs come from the note and the follow-up's text, so adding a follow-up (even one with the
    same text, in another note) changes no existing entry in the calendar."""
    root = make_vault(VAULT, toml=TOML)

    def uids():
        ics = tmp_path / "a.ics"
        run(root, "agenda", "--ics", str(ics))
        events = ics.read_text(encoding="utf-8").split("BEGIN:VTODO")[1:]
        return {(e.split("SUMMARY:")[1].split("\r\n")[0], e.split("UID:")[1].split("\r\n")[0]) for e in events}

    before = uids()
    (root / "notes/Aaa.md").write_text("- [ ] send the deck 📅 2026-11-21\n- [ ] call back 📅 2026-11-22\n",
                                       encoding="utf-8")
    ann = root / "people/Ann.md"  # and one more in Ann's note, above the others
    ann.write_text(VAULT["people/Ann.md"].replace("follow_ups:\n", "follow_ups:\n  - {due: 2026-11-19, what: new}\n"),
                   encoding="utf-8")
    after = uids()
    assert before < after and len(after - before) == 3


def test_the_kept_result_is_served_without_recomputing(make_vault, monkeypatch):
    """On an unchanged vault the agenda (items, JSON and plain text) comes from the result kept
    beside the index, identical to the computed one, down to the person's path and calendar key."""
    from datetime import date

    import plainnet
    import plainnet.agenda.kept_items
    from plainnet.agenda.cached import cached_agenda, cached_agenda_text

    root = make_vault(VAULT, toml=TOML)
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        fresh, text, plain = cached_agenda(v), cached_agenda(v, as_json=True), cached_agenda_text(v)
    assert {i.person_path for i in fresh} >= {"people/Bob.md", "people/Ann.md"}

    def recompute(*a, **kw):
        raise AssertionError("the agenda was computed again")

    monkeypatch.setattr(plainnet.agenda.kept_items, "KeptAgenda", recompute)
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        assert cached_agenda(v) == fresh
        assert cached_agenda(v, as_json=True) == text
        assert cached_agenda_text(v) == plain
    with plainnet.open_vault(root, today=date(2026, 11, 26)) as v, pytest.raises(AssertionError, match="again"):
        cached_agenda(v)  # another day: never a stale result


CARDS = {
    "people/Fourteen.md": "---\ntype: contact\nmet: 2026-11-11\n---\n",      # 14 days: not yet
    "people/Fifteen.md": "---\ntype: contact\nmet: 2026-11-10\n---\n",       # 15 days: in the stack
    "people/A talked.md": "---\ntype: contact\nmet: 2026-10-01\nlast_contact: 2026-10-02\n---\n",
    "people/At fair.md": "---\ntype: contact\nmet: \"[[2026-10-01 Fair]]\"\ntags: [fair]\n---\n",
    "events/2026-10-01 Fair.md": "---\ntype: event\ndate: 2026-10-01\nstatus: done\n---\n",
    "events/2026-11-30 Follow-up call.md": ("---\ntype: event\ndate: 2026-11-30\nobjectives: [ask]\n"
                                            "attendees: [\"[[Fifteen]]\", \"[[At fair]]\"]\n---\n"
                                            "- [ ] send At fair the brochure 📅 2026-11-26\n"),
}


def test_no_next_step_boundary_and_where_they_were_met(make_vault):
    root = make_vault({k: v for k, v in CARDS.items() if not k.startswith("events/2026-11-30")})
    got = [(i["note"], i["line"], i["why"], i["person"]) for i in items(root) if i["section"] == "no-next-step"]
    assert got == [("At fair", 3, "met 55 days ago at 2026-10-01 Fair; no contact since, no follow-up, no meeting",
                    "At fair"),
                   ("Fifteen", 3, "met 15 days ago; no contact since, no follow-up, no meeting", "Fifteen")]
    # the library computes the whole agenda at once (the command keeps it per note): the same stack
    import plainnet
    from datetime import date

    from plainnet.agenda.items import agenda_for

    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        assert [i.to_json() for i in agenda_for(v)[0]] == items(root)
    (root / "plainnet.toml").write_text("card_stack_days = 15\n", encoding="utf-8")
    assert [i["note"] for i in items(root) if i["section"] == "no-next-step"] == ["At fair"]
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        assert [i.to_json() for i in agenda_for(v)[0]] == items(root)


def test_tag_filter_and_the_library_agenda_agree_with_the_command(make_vault):
    import plainnet
    from datetime import date

    from plainnet.agenda.items import agenda_for

    root = make_vault(CARDS)
    whole = items(root)
    tagged = items(root, "--tag", "fair")
    # the follow-up is in the event's note, about a tagged contact: the tag reaches it
    assert [i["what"] for i in tagged] == ["send At fair the brochure"]
    with plainnet.open_vault(root, today=date(2026, 11, 25)) as v:
        for kw, args in (({}, ()), ({"tag": "fair"}, ("--tag", "fair")), ({"person": "At fair"}, ("--person", "At fair")),
                         ({"sections": ("upcoming",)}, ("--section", "upcoming"))):
            got, _ = agenda_for(v, **kw)
            assert [i.to_json() for i in got] == items(root, *args), kw
        later, _ = agenda_for(v, include_later=True, days=0)
        assert [i.section for i in later if i.what == "send At fair the brochure"] == ["later"]
        assert [i.to_json() for i in agenda_for(v)[0]] == whole
