"""Edges of the derived network (plainnet/network.py) as the habit checks see it: an event's kind,
attendees without a note, front-matter follow-ups, a follow-up done today, and a one-word name
that is also another attendee's first name. Through `plainnet check` on temporary vaults; today
is 2026-11-25."""
from __future__ import annotations

import json

from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"


def check(root) -> list[dict]:
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, "check", "--format", "json"],
                             catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def found(root, rule) -> set[str]:
    return {f["path"] for f in check(root) if f["rule"] == rule}


def contact(extra: str = "", body: str = "") -> str:
    return f"---\ntype: contact\n{extra}---\n{body}"


def event(day: str, attendees: list[str], extra: str = "", body: str = "") -> str:
    names = "".join(f"  - '{a}'\n" for a in attendees)
    return f"---\ntype: event\ndate: {day}\nobjectives: [x]\n{extra}attendees:\n{names}---\n{body}"


def test_a_call_or_coffee_with_people_you_know_is_not_a_gathering_of_known_faces(make_vault):
    root = make_vault({
        "people/Ann.md": contact("met: 2026-01-01\n"),
        "people/Bob.md": contact("met: 2026-01-01\n"),
        "events/Call.md": event("2026-11-01", ["[[Ann]]", "[[Bob]]"], "kind: call\n"),
        "events/Coffee.md": event("2026-11-02", ["[[Ann]]", "[[Bob]]"], "kind: coffee\n"),
        "events/Meetup.md": event("2026-11-03", ["[[Ann]]", "[[Bob]]"], "kind: meetup\n"),
    })
    assert found(root, "only-known-people") == {"events/Meetup.md"}


def test_an_attendee_without_a_note_may_be_someone_new(make_vault):
    root = make_vault({
        "people/Ann.md": contact("met: 2026-01-01\n"),
        "people/Bob.md": contact("met: 2026-01-01\n"),
        "events/Stranger.md": event("2026-11-01", ["[[Ann]]", "[[Bob]]", "Zed Quill"], "kind: meetup\n"),
        "events/Known.md": event("2026-11-02", ["[[Ann]]", "[[Bob]]"], "kind: meetup\n"),
    })
    assert found(root, "only-known-people") == {"events/Known.md"}


def test_front_matter_follow_ups_are_not_undated_task_promises(make_vault):
    root = make_vault({
        "events/Fair.md": event("2026-11-01", [], extra="follow_ups:\n  - what: send the deck\n",
                                body="- [ ] send Bob the slides\n"),
    })
    got = [(f["path"], f["line"]) for f in check(root) if f["rule"] == "promise-untracked"]
    assert got == [("events/Fair.md", 9)]


def test_a_follow_up_done_today_counts_as_todays_contact(make_vault):
    root = make_vault({
        "people/Done today.md": contact("cadence: 30d\nlast_contact: 2026-01-01\n",
                                        "- [x] call back ✅ 2026-11-25\n"),
        "people/Done earlier.md": contact("cadence: 30d\nlast_contact: 2026-01-01\n",
                                          "- [x] call back ✅ 2026-11-24\n"),
        "people/Not yet.md": contact("cadence: 30d\nlast_contact: 2026-01-01\n"),
    })
    assert found(root, "stay-in-touch") == {"people/Not yet.md"}


def test_a_one_word_name_that_is_another_attendees_first_name_names_nobody(make_vault):
    """"Email Cher" at a dinner with Cher and Cher Smith: it could be either, so the follow-up
    is about no one in particular, and both stay on the card stack."""
    root = make_vault({
        "people/Cher.md": contact("met: 2026-10-01\n"),
        "people/Cher Smith.md": contact("met: 2026-10-01\n"),
        "events/Dinner.md": event("2026-10-01", ["[[Cher]]", "[[Cher Smith]]"], "kind: dinner\n",
                                  "- [ ] email Cher the slides 📅 2026-12-01\n"),
    })
    assert found(root, "card-stack") == {"people/Cher.md", "people/Cher Smith.md"}
