"""The derived picture the agenda, checks and review share: what counts as contact and when, which
meetings are planned, and which person a follow-up is about. Seen through `agenda --json`, whose
stay-in-touch reason names the last contact ("N days since last contact" / "since you met")."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"


def agenda(root, today=TODAY):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, "agenda", "--json", "--days", "30"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)["items"]


def in_touch(root) -> dict:
    """{contact note: why} of the stay-in-touch section."""
    return {i["note"]: i["why"] for i in agenda(root) if i["section"] == "stay-in-touch"}


def contact(body="", **fm) -> str:
    """A contact met long ago, with a follow-up far ahead (a next step: never in no-next-step)."""
    fm = {"type": "contact", "met": "2026-01-01", "cadence": "3d",
          "follow_ups": "[{due: 2027-06-01, what: someday}]", **fm}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fm.items()) + "---\n" + body


def test_what_counts_as_the_last_contact(make_vault):
    root = make_vault({
        "people/Today.md": contact(last_contact="2026-11-25"),           # today counts: not due
        "people/Future.md": contact(last_contact="2026-12-01"),          # the future does not
        "people/Gave.md": contact(gave="[{date: 2026-11-20, what: an intro}]"),
        "people/Gave today.md": contact(got="[{date: 2026-11-25, what: a lead}]"),
        "people/Gave later.md": contact(gave="[{date: 2026-12-20, what: later}]"),
        "people/Logged.md": contact(body="## Log\n- 2026-11-21 coffee\n- 2026-11-30 not yet\n"),
        "people/Done.md": contact(follow_ups="[{due: 2026-11-10, what: call, done: 2026-11-19}]"),
    })
    assert in_touch(root) == {
        "Future": "328 days since you met, cadence 3d",
        "Gave": "5 days since last contact, cadence 3d",
        "Gave later": "328 days since you met, cadence 3d",
        "Logged": "4 days since last contact, cadence 3d",
        "Done": "6 days since last contact, cadence 3d",
    }


def test_events_count_as_contact_once_held(make_vault):
    root = make_vault({
        "people/Dan.md": contact(),
        "people/Eve.md": contact(),
        "people/Fay.md": contact(),
        "people/Gus.md": contact(),
        # no date field: the date comes from the title
        "events/2026-11-20 Coffee.md": "---\ntype: event\nstatus: done\nattendees: [\"[[Dan]]\"]\n---\n",
        # held in the past though still marked planned
        "events/Lunch.md": "---\ntype: event\ndate: 2026-11-21\nstatus: planned\nattendees: [\"[[Eve]]\"]\n---\n",
        # cancelled, in either spelling: no contact
        "events/Dropped.md": "---\ntype: event\ndate: 2026-11-22\nstatus: cancelled\nattendees: [\"[[Fay]]\"]\n---\n",
        "events/Skipped.md": "---\ntype: event\ndate: 2026-11-23\nstatus: canceled\nattendees: [\"[[Gus]]\"]\n---\n",
    })
    assert in_touch(root) == {
        "Dan": "5 days since last contact, cadence 3d",
        "Eve": "4 days since last contact, cadence 3d",
        "Fay": "328 days since you met, cadence 3d",
        "Gus": "328 days since you met, cadence 3d",
    }


@pytest.mark.parametrize("event, planned", [
    ("date: 2026-12-01", True),                      # ahead, no status: planned
    ("date: 2026-11-25", True),                      # today, no status: planned
    ("date: 2026-12-01\nstatus: planned", True),
    ("date: 2026-12-01\nstatus: done", False),       # ahead but marked done
    ("date: 2026-12-01\nstatus: cancelled", False),
    ("date: 2026-12-01\nstatus: canceled", False),
    ("date: 2026-11-01\nstatus: planned", False),    # in the past: not upcoming, whatever it says
    ("status: planned", True),                       # no date at all, but marked planned
    ("kind: coffee", False),                         # no date, no status
])
def test_a_planned_meeting_takes_a_contact_off_stay_in_touch(make_vault, event, planned):
    root = make_vault({
        "people/Hal.md": contact(),
        "events/Meet.md": f"---\ntype: event\n{event}\nattendees: [\"[[Hal]]\"]\n---\n",
    })
    assert ("Hal" not in in_touch(root)) == planned


def test_event_date_from_the_title_only_when_no_date_field(make_vault):
    root = make_vault({
        "people/Ida.md": contact(),
        # the date field wins over the title's date
        "events/2026-11-22 Breakfast.md": ("---\ntype: event\ndate: 2026-11-10\nstatus: done\n"
                                           "attendees: [\"[[Ida]]\"]\n---\n"),
    })
    assert in_touch(root) == {"Ida": "15 days since last contact, cadence 3d"}


# ------------------------------------------------------------------------------------------------
# which person a follow-up is about
# ------------------------------------------------------------------------------------------------

EVENT = "---\ntype: event\ndate: 2026-11-20\nstatus: done\nattendees: [{}]\n---\n{}"


def people_of(root) -> dict:
    return {i["what"]: i["person"] for i in agenda(root) if i["section"] in ("overdue", "upcoming", "today")}


def test_a_follow_up_in_an_event_names_the_attendee_it_mentions(make_vault):
    root = make_vault({
        "people/Aisha Khan.md": "---\ntype: contact\n---\n",
        "people/Ben Ode.md": "---\ntype: contact\naliases: [Benno]\n---\n",
        "people/Al Brown.md": "---\ntype: contact\n---\n",
        "people/Solo.md": "---\ntype: contact\n---\n",
        "events/2026-11-20 Breakfast.md": EVENT.format(
            '"[[Aisha Khan]]", "[[Ben Ode]]", "[[Al Brown]]", "[[Solo]]"',
            "- [ ] Email Aisha the dates 📅 2026-11-30\n"          # first name, unique here
            "- [ ] send aisha khan the deck 📅 2026-11-30\n"       # full name, any case
            "- [ ] ask Benno about it 📅 2026-11-30\n"             # an alias
            "- [ ] call Al about the lease 📅 2026-11-30\n"        # a first name under 3 letters: no
            "- [ ] thank Solo 📅 2026-11-30\n"                     # a one-word name is the full name
            "- [ ] thank Aisha and Ben Ode 📅 2026-11-30\n"        # two people: neither
            "- [ ] book the room 📅 2026-11-30\n"                  # nobody
            "- [ ] Khanh's report 📅 2026-11-30\n"),               # a word that only starts like a name
    })
    assert people_of(root) == {
        "Email Aisha the dates": "Aisha Khan", "send aisha khan the deck": "Aisha Khan",
        "ask Benno about it": "Ben Ode", "call Al about the lease": None, "thank Solo": "Solo",
        "thank Aisha and Ben Ode": None, "book the room": None, "Khanh's report": None,
    }


def test_a_shared_first_name_names_nobody(make_vault):
    root = make_vault({
        "people/Sam Lee.md": "---\ntype: contact\n---\n",
        "people/Sam Ortiz.md": "---\ntype: contact\n---\n",
        "events/2026-11-20 Panel.md": EVENT.format('"[[Sam Lee]]", "[[Sam Ortiz]]"',
                                                   "- [ ] send Sam the slides 📅 2026-11-30\n"
                                                   "- [ ] send Sam Ortiz the notes 📅 2026-11-30\n"),
    })
    assert people_of(root) == {"send Sam the slides": None, "send Sam Ortiz the notes": "Sam Ortiz"}


def test_a_follow_up_with_a_link_names_the_linked_contact(make_vault):
    root = make_vault({
        "people/Jo Park.md": "---\ntype: contact\n---\n",
        "notes/Todo.md": "- [ ] call [[Jo Park]] back 📅 2026-11-30\n- [ ] call [[Nobody]] 📅 2026-11-30\n",
    })
    assert people_of(root) == {"call [[Jo Park]] back": "Jo Park", "call [[Nobody]]": None}


def test_open_follow_ups_and_planned_meetings_are_next_steps(make_vault):
    card = "---\ntype: contact\nmet: 2026-10-01\n{}---\n"
    root = make_vault({
        "people/Open.md": card.format("follow_ups: [{due: 2027-01-05, what: ping}]\n"),
        "people/Closed.md": card.format("follow_ups: [{due: 2026-10-05, what: ping, done: true}]\n"),
        "people/Met up.md": card.format(""),
        "people/Nothing.md": card.format(""),
        "events/Soon.md": "---\ntype: event\ndate: 2026-12-01\nattendees: [\"[[Met up]]\"]\n---\n",
    })
    stack = sorted(i["note"] for i in agenda(root) if i["section"] == "no-next-step")
    assert stack == ["Closed", "Nothing"]


def test_today_counts_as_contact_and_as_a_meeting(make_vault):
    root = make_vault({
        "people/Kim.md": contact(body="## Log\n- 2026-11-25 lunch\n"),          # logged today
        "people/Lou.md": contact(),
        "people/Max.md": contact(offer="x", need="y"),
        "events/Held.md": "---\ntype: event\ndate: 2026-11-25\nstatus: done\nattendees: [\"[[Lou]]\"]\n---\n",
        # today, no status: still to happen, so it needs preparing and is no contact yet
        "events/Later today.md": "---\ntype: event\ndate: 2026-11-25\nattendees: [\"[[Max]]\"]\n---\n",
    })
    got = agenda(root)
    assert {i["note"] for i in got if i["section"] == "stay-in-touch"} == set()
    assert [(i["note"], i["why"]) for i in got if i["section"] == "homework"] == [("Later today", "meeting today")]


def test_met_linking_to_a_note_that_is_no_event_sets_no_date(make_vault):
    root = make_vault({
        "people/Ned.md": contact(met='"[[Ola]]"'),
        "people/Ola.md": "---\ntype: contact\n---\n",
    })
    assert in_touch(root) == {}  # no met date, no contact: nothing to measure a cadence from


def test_done_and_cancelled_tasks_are_no_follow_ups(make_vault):
    root = make_vault({"notes/Tasks.md": ("- [X] done, upper case 📅 2026-11-26\n"
                                          "- [ ] dropped ❌ 2026-11-20 📅 2026-11-26\n"
                                          "- [-] cancelled 📅 2026-11-26\n"
                                          "- [ ] still open 📅 2026-11-26\n")})
    assert [i["what"] for i in agenda(root)] == ["still open"]


def test_a_three_letter_first_name_is_enough(make_vault):
    root = make_vault({
        "people/Tom Hale.md": "---\ntype: contact\n---\n",
        "people/Ute Berg.md": "---\ntype: contact\n---\n",
        "events/2026-11-20 Call.md": EVENT.format('"[[Tom Hale]]", "[[Ute Berg]]"',
                                                  "- [ ] send Tom the notes 📅 2026-11-30\n"),
    })
    assert people_of(root) == {"send Tom the notes": "Tom Hale"}


def test_a_follow_up_done_today_is_contact_today(make_vault):
    root = make_vault({"people/Rae.md": contact(follow_ups="[{due: 2026-11-20, what: call, done: 2026-11-25}]")})
    assert in_touch(root) == {}


def test_a_link_in_a_contacts_own_follow_up_does_not_change_whom_it_is_about(make_vault):
    root = make_vault({
        "people/Pat.md": "---\ntype: contact\n---\n- [ ] introduce [[Quinn]] to the team 📅 2026-11-30\n",
        "people/Quinn.md": "---\ntype: contact\n---\n",
    })
    assert people_of(root) == {"introduce [[Quinn]] to the team": "Pat"}


# ---------------------------------------------------------------------------------------------
# the network as the habit checks see it: an event's kind, attendees without a note,
# front-matter follow-ups, a follow-up done today, a one-word name that is also another
# attendee's first name (today 2026-11-25)
# ---------------------------------------------------------------------------------------------


def check_json(root) -> list[dict]:
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "check", "--format", "json"],
                             catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def found(root, rule) -> set[str]:
    return {f["path"] for f in check_json(root) if f["rule"] == rule}


def contact_text(extra: str = "", body: str = "") -> str:
    return f"---\ntype: contact\n{extra}---\n{body}"


def event_text(day: str, attendees: list[str], extra: str = "", body: str = "") -> str:
    names = "".join(f"  - '{a}'\n" for a in attendees)
    return f"---\ntype: event\ndate: {day}\nobjectives: [x]\n{extra}attendees:\n{names}---\n{body}"


def test_a_call_or_coffee_with_people_you_know_is_not_a_gathering_of_known_faces(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("met: 2026-01-01\n"),
        "people/Bob.md": contact_text("met: 2026-01-01\n"),
        "events/Call.md": event_text("2026-11-01", ["[[Ann]]", "[[Bob]]"], "kind: call\n"),
        "events/Coffee.md": event_text("2026-11-02", ["[[Ann]]", "[[Bob]]"], "kind: coffee\n"),
        "events/Meetup.md": event_text("2026-11-03", ["[[Ann]]", "[[Bob]]"], "kind: meetup\n"),
    })
    assert found(root, "only-known-people") == {"events/Meetup.md"}


def test_an_attendee_without_a_note_may_be_someone_new(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("met: 2026-01-01\n"),
        "people/Bob.md": contact_text("met: 2026-01-01\n"),
        "events/Stranger.md": event_text("2026-11-01", ["[[Ann]]", "[[Bob]]", "Zed Quill"], "kind: meetup\n"),
        "events/Known.md": event_text("2026-11-02", ["[[Ann]]", "[[Bob]]"], "kind: meetup\n"),
    })
    assert found(root, "only-known-people") == {"events/Known.md"}


def test_front_matter_follow_ups_are_not_undated_task_promises(make_vault):
    root = make_vault({
        "events/Fair.md": event_text("2026-11-01", [], extra="follow_ups:\n  - what: send the deck\n",
                                body="- [ ] send Bob the slides\n"),
    })
    got = [(f["path"], f["line"]) for f in check_json(root) if f["rule"] == "promise-untracked"]
    assert got == [("events/Fair.md", 9)]


def test_a_follow_up_done_today_counts_as_todays_contact(make_vault):
    root = make_vault({
        "people/Done today.md": contact_text("cadence: 30d\nlast_contact: 2026-01-01\n",
                                        "- [x] call back ✅ 2026-11-25\n"),
        "people/Done earlier.md": contact_text("cadence: 30d\nlast_contact: 2026-01-01\n",
                                          "- [x] call back ✅ 2026-11-24\n"),
        "people/Not yet.md": contact_text("cadence: 30d\nlast_contact: 2026-01-01\n"),
    })
    assert found(root, "stay-in-touch") == {"people/Not yet.md"}


def test_a_one_word_name_that_is_another_attendees_first_name_names_nobody(make_vault):
    """"Email Cher" at a dinner with Cher and Cher Smith: it could be either, so the follow-up
    is about no one in particular, and both stay on the card stack."""
    root = make_vault({
        "people/Cher.md": contact_text("met: 2026-10-01\n"),
        "people/Cher Smith.md": contact_text("met: 2026-10-01\n"),
        "events/Dinner.md": event_text("2026-10-01", ["[[Cher]]", "[[Cher Smith]]"], "kind: dinner\n",
                                  "- [ ] email Cher the slides 📅 2026-12-01\n"),
    })
    assert found(root, "card-stack") == {"people/Cher.md", "people/Cher Smith.md"}


# ---------------------------------------------------------------------------------------------
# what keeps a contact or an event off the agenda: snoozed, archived, waiting in the triage pile,
# decided on in triage, silenced in the note (today 2026-11-25)
# ---------------------------------------------------------------------------------------------


def sections(root) -> dict:
    """{section: sorted notes} of the agenda."""
    out: dict = {}
    for i in agenda(root):
        out.setdefault(i["section"], []).append(i["note"])
    return {k: sorted(v) for k, v in out.items()}


def test_what_keeps_a_contact_off_stay_in_touch(make_vault):
    root = make_vault({
        "people/Plain.md": contact(),
        "people/Snoozed.md": contact(snooze_until="2026-12-01"),
        "people/Snoozed till today.md": contact(snooze_until="2026-11-25"),  # back on the day it ends
        "people/Archived.md": contact(status="archived"),
        "people/Pending.md": contact(triage="pending"),
        "people/Decided.md": contact(triage="done"),  # triaged with a cadence: the cadence counts
        "people/Quiet.md": contact(plainnet_ignore="stay-in-touch"),
        "people/Quiet all.md": contact(plainnet_ignore="all"),
    })
    why = "328 days since you met, cadence 3d"
    assert in_touch(root) == {"Plain": why, "Snoozed till today": why, "Decided": why}


def test_what_keeps_a_contact_off_the_card_stack(make_vault):
    card = "---\ntype: contact\nmet: {}\n{}---\n"
    root = make_vault({
        "people/Plain.md": card.format("2026-10-01", ""),
        "people/At the fair.md": card.format('"[[2026-10-03 Fair]]"', ""),
        "events/2026-10-03 Fair.md": "---\ntype: event\nstatus: done\n---\n",
        "people/Snoozed.md": card.format("2026-10-01", "snooze_until: 2026-12-01\n"),
        "people/Archived.md": card.format("2026-10-01", "status: archived\n"),
        "people/Pending.md": card.format("2026-10-01", "triage: pending\n"),
        "people/Decided.md": card.format("2026-10-01", "triage: done\n"),
        "people/Quiet.md": card.format("2026-10-01", "plainnet_ignore: [card-stack]\n"),
    })
    got = {i["note"]: i["why"] for i in agenda(root) if i["section"] == "no-next-step"}
    assert got == {
        "Plain": "met 55 days ago; no contact since, no follow-up, no meeting",
        "At the fair": "met 53 days ago at 2026-10-03 Fair; no contact since, no follow-up, no meeting",
    }


def test_an_archived_contacts_follow_ups_leave_the_agenda_and_the_checks(make_vault):
    root = make_vault({
        "people/Gone.md": "---\ntype: contact\nstatus: archived\n---\n- [ ] call back 📅 2026-11-01\n",
        "people/Here.md": "---\ntype: contact\n---\n- [ ] call back 📅 2026-11-01\n",
        # about nobody: stays
        "events/Fair.md": "---\ntype: event\ndate: 2026-10-01\nstatus: done\n---\n- [ ] pay the room 📅 2026-11-01\n",
    })
    assert sections(root) == {"overdue": ["Fair", "Here"]}
    assert found(root, "followup-overdue") == {"people/Here.md", "events/Fair.md"}


def test_birthdays_of_contacts_not_archived(make_vault):
    root = make_vault({
        "people/Bea.md": "---\ntype: contact\nbirthday: 1990-11-28\n---\n",
        "people/Cy.md": "---\ntype: contact\nbirthday: 1990-11-28\nstatus: archived\n---\n",
    })
    got = [(i["note"], i["why"]) for i in agenda(root) if i["section"] == "dates"]
    assert got == [("Bea", "in 3 days")]


def test_an_event_note_can_silence_its_own_homework(make_vault):
    root = make_vault({
        "events/Prep.md": "---\ntype: event\ndate: 2026-11-27\n---\n",
        "events/Quiet prep.md": "---\ntype: event\ndate: 2026-11-27\nplainnet_ignore: meeting-no-homework\n---\n",
    })
    assert sections(root) == {"homework": ["Prep"]}


# ---------------------------------------------------------------------------------------------
# attendees and links the index does not resolve itself: plain names, a link in code, the nearer
# of two notes with one title; the meetings of a contact as `show`, `brief` and a hover see them
# ---------------------------------------------------------------------------------------------


def cli_json(root, *args) -> dict:
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args, "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_attendees_written_as_plain_names_are_resolved_and_the_rest_listed(make_vault):
    root = make_vault({
        "people/Ann Lee.md": "---\ntype: contact\n---\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
        "events/Fair.md": ("---\ntype: event\ndate: 2026-11-01\nstatus: done\n"
                           "attendees: [Ann Lee, \"[[Bob]]\", Zed Quill]\n---\n"),
    })
    brief = cli_json(root, "brief", "Fair")
    assert [a["path"] for a in brief["attendees"]] == ["people/Ann Lee.md", "people/Bob.md"]
    assert brief["unresolved_attendees"] == ["Zed Quill"]


def test_a_plain_attendee_name_is_the_nearer_of_two_contacts_with_that_name(make_vault):
    root = make_vault({
        "a/Sam.md": "---\ntype: contact\n---\n",
        "b/Sam.md": "---\ntype: contact\n---\n",
        "b/Fair.md": "---\ntype: event\ndate: 2026-11-01\nstatus: done\nattendees: [Sam]\n---\n",
    })
    assert [a["path"] for a in cli_json(root, "brief", "b/Fair")["attendees"]] == ["b/Sam.md"]


def test_a_link_in_code_in_a_follow_up_names_the_nearer_of_two_contacts(make_vault):
    met = "---\ntype: contact\nmet: 2026-01-01\n---\n"
    root = make_vault({
        "a/Sam.md": met,
        "b/Sam.md": met,
        "b/Todo.md": "- [ ] call `[[Sam]]` back 📅 2026-11-30\n",  # not indexed as a link: inside code
        "notes/Todo.md": "- [ ] thank `[[Ann Lee]]` 📅 2026-11-30\n",
        "people/Ann Lee.md": met,
    })
    assert people_of(root) == {"call `[[Sam]]` back": "Sam", "thank `[[Ann Lee]]`": "Ann Lee"}
    # the follow-up is a next step with b/Sam: only a/Sam is left on the card stack
    assert [i["path"] for i in agenda(root) if i["section"] == "no-next-step"] == ["a/Sam.md"]


def test_show_lists_a_contacts_meetings_by_date(make_vault):
    def event(day, status, who='"[[Ann]]"'):
        return f"---\ntype: event\n{day}{status}attendees: [{who}]\n---\n"

    root = make_vault({
        "people/Ann.md": "---\ntype: contact\n---\n",
        "events/Coffee.md": event("date: 2026-11-01\n", "status: done\n"),
        "events/Drinks.md": event("date: 2026-11-10\n", "status: cancelled\n"),
        "events/Lunch.md": event("date: 2026-12-01\n", ""),
        "events/Someday.md": event("", "status: planned\n"),  # no date: no place on a timeline
    })
    got = [(t["date"], t["what"]) for t in cli_json(root, "show", "Ann")["timeline"] if t["kind"] == "event"]
    assert got == [("2026-12-01", "planned Lunch"), ("2026-11-10", "cancelled Drinks"),
                   ("2026-11-01", "attended Coffee")]


def test_brief_names_people_met_at_the_same_meetings(make_vault):
    def event(day, status, *who):
        names = ", ".join(f'"[[{w}]]"' for w in who)
        return f"---\ntype: event\ndate: {day}\n{status}attendees: [{names}]\n---\n"

    root = make_vault({
        "people/Ann.md": "---\ntype: contact\n---\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
        "people/Cy.md": "---\ntype: contact\n---\n",
        "people/Di.md": "---\ntype: contact\n---\n",
        "people/Ed.md": "---\ntype: contact\n---\n",
        "events/Fair.md": event("2026-10-01", "status: done\n", "Ann", "Bob"),
        "events/Gala.md": event("2026-11-01", "status: done\n", "Bob", "Ann"),
        "events/Dropped.md": event("2026-11-10", "status: cancelled\n", "Ann", "Cy"),
        "events/Lunch.md": event("2026-12-01", "", "Ann", "Di"),
    })
    (ann,) = cli_json(root, "brief", "Ann")["attendees"]
    assert ann["mutual"] == ["Bob"]
    assert cli_json(root, "brief", "Ann")["title"] == "Ann (next: Lunch)"
    assert cli_json(root, "brief", "Ed")["missing"][0] == "no meeting planned with them"
    (ed,) = cli_json(root, "brief", "Ed")["attendees"]
    assert ed["mutual"] == []


def hover_cards(root, *paths) -> list[dict]:
    """What a hover on a link to each of `paths` shows, from the language server's vault state."""
    from datetime import date

    from plainnet.lsp.state import VaultState

    state = VaultState(root, today=date(2026, 11, 25))
    try:
        return [state.card(p) for p in paths]
    finally:
        state.close()


def test_a_hover_on_a_contact_lists_the_open_follow_ups_about_them(make_vault):
    from datetime import date

    root = make_vault({
        "people/Ann.md": "---\ntype: contact\n---\n- [ ] send the deck 📅 2026-11-30\n- [x] call ✅ 2026-11-20\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
    })
    ann, bob = hover_cards(root, "people/Ann.md", "people/Bob.md")
    assert ann["follow_ups"] == [("send the deck", date(2026, 11, 30), "people/Ann.md:4")]
    assert bob["follow_ups"] == []


def test_a_hover_on_a_contact_counts_a_meeting_that_names_them_without_a_link(make_vault):
    from datetime import date

    root = make_vault({
        "people/Ann Lee.md": "---\ntype: contact\naliases: [Annie]\ncadence: monthly\n---\n",
        "events/Lunch.md": "---\ntype: event\ndate: 2026-11-20\nstatus: done\nattendees: [annie, Bob]\n---\n",
    })
    (card,) = hover_cards(root, "people/Ann Lee.md")
    assert card["last_contact"] == date(2026, 11, 20) and card["due"] == date(2026, 12, 20)


def test_an_event_date_in_the_title_is_its_first_ten_characters(make_vault):
    root = make_vault({
        "people/Dan.md": contact(),
        "events/2026-11-20_coffee.md": "---\ntype: event\nstatus: done\nattendees: [\"[[Dan]]\"]\n---\n",
    })
    assert in_touch(root) == {"Dan": "5 days since last contact, cadence 3d"}


def test_a_one_to_one_is_judged_as_a_gathering_only_at_a_group_meeting(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("met: 2026-01-01\n"),
        "groups/Club.md": "---\ntype: group\n---\n",
        "events/Chat.md": event_text("2026-11-01", ["[[Ann]]"]),
        "events/Club night.md": event_text("2026-11-02", ["[[Ann]]"], "group: '[[Club]]'\n"),
    })
    assert found(root, "only-known-people") == {"events/Club night.md"}
