"""plainnet check: every non-pitch rule fires where it must and stays quiet in
the close case next to it; configuration, silencing, selection, output formats and exit codes;
precision on Obsidian vaults, ordinary notes and the example vault.

Most cases run the real CLI (`plainnet --vault V --today 2026-11-25 check --format json`) over a
temporary vault; a few call `run_checks` directly. Today is 2026-11-25 throughout.
"""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import plainnet
from plainnet.checks.engine import expand, run_checks
from plainnet.rules.registry import RULES
from plainnet.cli import cli

TODAY = "2026-11-25"
REPO = Path(__file__).resolve().parents[1]


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args], catch_exceptions=False)


def check(root, *args, today=TODAY, code=None) -> list[dict]:
    """The findings of `check --format json`; asserts the exit code when given."""
    res = run(root, "check", "--format", "json", *args, today=today)
    assert res.exit_code in ((0, 1) if code is None else (code,)), res.output
    return json.loads(res.stdout)


def of(findings, rule) -> list[tuple]:
    """(path, line, severity) of one rule's findings."""
    return [(f["path"], f["line"], f["severity"]) for f in findings if f["rule"] == rule]


def paths(findings, rule) -> set[str]:
    return {f["path"] for f in findings if f["rule"] == rule}


def contact(**fm) -> str:
    return note("contact", fm)


def event(**fm) -> str:
    return note("event", fm)


def note(type_, fm: dict, body: str = "") -> str:
    lines = ["---", f"type: {type_}"] if type_ else ["---"]
    for k, v in fm.items():
        if k == "body":
            body = v
            continue
        lines.append(f"{k}: {v}" if not isinstance(v, list) else f"{k}:\n" + "\n".join(f"  - {x}" for x in v))
    lines.append("---")
    return "\n".join(lines) + "\n" + body


# ---------------------------------------------------------------------------------------------
# event-no-objectives
# ---------------------------------------------------------------------------------------------


def test_event_no_objectives(make_vault):
    root = make_vault({
        "events/2026-11-01 Meetup.md": event(date="2026-11-01", kind="meetup"),  # line 1
        "events/2026-11-02 Empty.md": event(date="2026-11-02", objectives="[]"),  # the key's line
        "events/2026-11-03 Good.md": event(date="2026-11-03", objectives=["meet two founders"]),
        "events/2026-11-04 One string.md": event(date="2026-11-04", objectives="learn about fintech"),
        "events/2026-11-05 Cancelled.md": event(date="2026-11-05", status="cancelled"),
        "notes/2026-11-06 Standup.md": "---\ndate: 2026-11-06\nkind: meetup\n---\nNo objectives here.\n",
    })
    f = check(root)
    assert of(f, "event-no-objectives") == [("events/2026-11-01 Meetup.md", 1, "warning"),
                                            ("events/2026-11-02 Empty.md", 4, "warning")]
    msg = [x["message"] for x in f if x["rule"] == "event-no-objectives"][0]
    assert "objectives:" in msg


def test_event_no_objectives_threshold(make_vault):
    root = make_vault({"events/E.md": event(date="2026-11-01", objectives=["one thing"])},
                      toml="[rules.event-no-objectives]\nmin_objectives = 2\n")
    assert of(check(root), "event-no-objectives") == [("events/E.md", 4, "warning")]


# ---------------------------------------------------------------------------------------------
# meeting-no-homework
# ---------------------------------------------------------------------------------------------

HOMEWORK = {
    "people/Ann.md": contact(offer="intro to a CFO", need="her view on pricing"),
    "people/Ben.md": contact(offer="a case study"),  # no need
    "events/2026-11-30 Coffee with Ben.md": event(date="2026-11-30", kind="coffee", status="planned",
                                                  objectives=["learn about his team"],
                                                  attendees='["[[Ben]]"]'),
    "events/2026-12-01 Lunch with Ann.md": event(date="2026-12-01", kind="lunch", objectives=["catch up"],
                                                 attendees='["[[Ann]]"]'),
    "events/2026-12-20 Call with Ben.md": event(date="2026-12-20", kind="call", objectives=["follow up"],
                                                attendees='["[[Ben]]"]'),  # 25 days out
    "events/2026-11-10 Past with Ben.md": event(date="2026-11-10", kind="call", objectives=["x"],
                                                attendees='["[[Ben]]"]'),
    "events/2026-11-28 Cancelled with Ben.md": event(date="2026-11-28", kind="call", status="cancelled",
                                                     objectives=["x"], attendees='["[[Ben]]"]'),
}


def test_meeting_no_homework(make_vault):
    f = check(make_vault(HOMEWORK))
    assert of(f, "meeting-no-homework") == [("events/2026-11-30 Coffee with Ben.md", 8, "warning")]
    msg = [x["message"] for x in f if x["rule"] == "meeting-no-homework"][0]
    assert "Ben (no need)" in msg


@pytest.mark.parametrize("toml", ["homework_days = 30\n", "[rules.meeting-no-homework]\ndays = 30\n"])
def test_meeting_no_homework_window(make_vault, toml):
    f = check(make_vault(HOMEWORK, toml=toml))
    assert paths(f, "meeting-no-homework") == {"events/2026-11-30 Coffee with Ben.md",
                                               "events/2026-12-20 Call with Ben.md"}


# ---------------------------------------------------------------------------------------------
# followup-overdue
# ---------------------------------------------------------------------------------------------

FOLLOW_UPS = {
    "people/Ann.md": (
        "---\ntype: contact\nfollow_ups:\n"
        "  - {due: 2026-11-20, what: late one, done: false}\n"  # line 4
        "  - {due: 2026-11-20, what: done one, done: true}\n"
        "  - {due: 2026-11-25, what: due today}\n"
        "  - {due: 2026-11-24, what: done by date, done: 2026-11-24}\n"
        "---\n"
        "- [ ] body late 📅 2026-11-24\n"  # line 9
        "- [x] body done 📅 2026-11-01\n"
        "- [ ] body done by ✅ 📅 2026-11-01 ✅ 2026-11-02\n"
        "- [-] body cancelled 📅 2026-11-01\n"
        "- [ ] cancelled by ❌ 📅 2026-11-01 ❌ 2026-11-02\n"
        "- [ ] only scheduled ⏳ 2026-11-01\n"
        "- [ ] dataview late [due:: 2026-11-23]\n"  # line 15
    ),
    "notes/Todo.md": "- [ ] renew passport 📅 2026-01-01\n",  # an ordinary note: no habit findings
}


def test_followup_overdue(make_vault):
    f = check(make_vault(FOLLOW_UPS))
    assert of(f, "followup-overdue") == [("people/Ann.md", 4, "warning"), ("people/Ann.md", 9, "warning"),
                                         ("people/Ann.md", 15, "warning")]
    late = [x for x in f if x["rule"] == "followup-overdue"][0]
    assert "'late one' was due 2026-11-20 (5 days ago)" in late["message"]


def test_followup_overdue_grace(make_vault):
    f = check(make_vault(FOLLOW_UPS, toml="[rules.followup-overdue]\ngrace_days = 2\n"))
    assert of(f, "followup-overdue") == [("people/Ann.md", 4, "warning")]  # 5 days late; 1 and 2 are within


# ---------------------------------------------------------------------------------------------
# promise-untracked
# ---------------------------------------------------------------------------------------------


def test_promise_untracked_in_text(make_vault):
    root = make_vault({
        "people/Ann.md": contact(body="Great chat.\nI said I'll call you next week about the budget.\n"),
        "people/Ben.md": contact(body="I'll call you next week.\n- [ ] Call Ben 📅 2026-12-01\n"),
        # a done follow-up does not track a new promise
        "people/Cat.md": contact(body="We must catch up soon!\n- [x] Sent the deck ✅ 2026-11-01\n"),
        # code, comments and task lines are not the text
        "people/Dan.md": contact(body="`I'll call you`\n<!-- I'll send it -->\n- [ ] I'll send the deck\n"),
        "notes/Journal.md": "I'll call you, I said, and I'll send the slides.\n",
        "pitch.md": note("pitch", {}, "I'll send you my deck if you know a dentist who needs help.\n"),
    })
    f = check(root)
    assert of(f, "promise-untracked") == [("people/Ann.md", 5, "warning"), ("people/Cat.md", 4, "warning")]
    ann = [x for x in f if x["rule"] == "promise-untracked"][0]
    assert ann["column"] == len("I said ") + 1 and "I'll call you" in ann["message"]


def test_promise_untracked_undated_tasks_in_events(make_vault):
    root = make_vault({
        "events/2026-11-20 Meetup.md": event(date="2026-11-20", objectives=["x"],
                                             body="- [ ] send Ann the slides\n- [ ] dated 📅 2026-12-01\n"),
        "events/2026-12-10 Workshop.md": event(date="2026-12-10", objectives=["x"],
                                               body="- [ ] print the handouts\n"),  # preparation
        "events/2026-11-21 Dinner.md": event(date="2026-11-21", objectives=["x"],
                                             body="- [ ] send the menu ⏳ 2026-12-01\n- [x] thank-you note\n"),
        "people/Ann.md": contact(body="- [ ] an undated task in a contact is not an event promise\n"),
    })
    assert of(check(root), "promise-untracked") == [("events/2026-11-20 Meetup.md", 7, "warning")]


# ---------------------------------------------------------------------------------------------
# one-sided
# ---------------------------------------------------------------------------------------------

LEDGER = {
    "people/Taker.md": "---\ntype: contact\ngave: []\ngot:\n  - a referral\n  - an intro\n  - a quote\n---\n",
    "people/Fair.md": "---\ntype: contact\ngave:\n  - an article\ngot:\n  - a referral\n  - an intro\n  - a quote\n---\n",
    "people/Few.md": "---\ntype: contact\ngot:\n  - a referral\n  - an intro\n---\n",
}


def test_one_sided(make_vault):
    f = check(make_vault(LEDGER))
    assert of(f, "one-sided") == [("people/Taker.md", 4, "info")]
    assert "got 3 things from Taker and gave 0" in [x["message"] for x in f if x["rule"] == "one-sided"][0]


def test_one_sided_thresholds(make_vault):
    f = check(make_vault(LEDGER, toml="[rules.one-sided]\nmin_got = 2\nratio = 2\n"))
    # Few: got 2 >= 2, gave 0 < 1; Fair: gave 1 < 3/2; Taker as before
    assert paths(f, "one-sided") == {"people/Taker.md", "people/Fair.md", "people/Few.md"}


# ---------------------------------------------------------------------------------------------
# only-known-people
# ---------------------------------------------------------------------------------------------

KNOWN = {
    "people/Ann.md": contact(met="2026-01-10"),
    "people/Ben.md": contact(met="2026-02-10"),
    "people/New.md": contact(met='"[[2026-11-05 Breakfast]]"'),
    "people/Vague.md": contact(),  # no met, no interactions: maybe new
    "events/2026-11-01 Meetup.md": event(date="2026-11-01", kind="meetup", objectives=["x"],
                                         attendees='["[[Ann]]", "[[Ben]]"]'),  # fires
    "events/2026-11-05 Breakfast.md": event(date="2026-11-05", kind="breakfast", objectives=["x"],
                                            attendees='["[[Ann]]", "[[New]]"]'),  # New was met here
    "events/2026-11-06 Mixer.md": event(date="2026-11-06", kind="mixer", objectives=["x"],
                                        attendees='["[[Ann]]", "Someone without a note"]'),
    "events/2026-11-07 Coffee.md": event(date="2026-11-07", kind="coffee", objectives=["x"],
                                         attendees='["[[Ben]]"]'),  # a one-to-one
    "events/2026-11-08 Conference.md": event(date="2026-11-08", kind="conference", objectives=["x"],
                                             attendees='["[[Ben]]"]'),  # one known person at a gathering
    "events/2026-11-10 Call.md": event(date="2026-11-10", kind="call", objectives=["x"],
                                       attendees='["[[Ann]]", "[[Ben]]"]'),  # you chose whom to call
    "events/2026-11-09 Lunch.md": event(date="2026-11-09", kind="lunch", objectives=["x"],
                                        attendees='["[[Ann]]", "[[Vague]]"]'),
    "events/2026-12-01 Planned meetup.md": event(date="2026-12-01", kind="meetup", objectives=["x"],
                                                 attendees='["[[Ann]]", "[[Ben]]"]'),
}


def test_only_known_people(make_vault):
    f = check(make_vault(KNOWN))
    assert of(f, "only-known-people") == [("events/2026-11-01 Meetup.md", 7, "info"),
                                          ("events/2026-11-08 Conference.md", 7, "info")]
    assert "(Ann, Ben)" in [x["message"] for x in f if x["rule"] == "only-known-people"][0]


# ---------------------------------------------------------------------------------------------
# card-stack
# ---------------------------------------------------------------------------------------------

CARDS = {
    "people/Stack.md": contact(company="Litware", met="2026-10-20"),  # 36 days, nothing since
    "people/Fresh.md": contact(met="2026-11-15"),  # 10 days
    "people/With task.md": contact(met="2026-10-20", body="- [ ] Send the deck 📅 2026-12-10\n"),
    "people/Undated task.md": contact(met="2026-10-20", body="- [ ] Send the deck someday\n"),
    "people/Logged.md": contact(met="2026-10-20", body="## Log\n- 2026-10-28: coffee\n"),
    "people/Meeting.md": contact(met="2026-10-20"),
    "events/2026-12-03 Call.md": event(date="2026-12-03", kind="call", objectives=["x"],
                                       attendees='["[[Meeting]]"]'),
    "people/Aisha Khan.md": contact(met='"[[2026-10-01 Breakfast]]"'),
    "people/Noah Lee.md": contact(met='"[[2026-10-01 Breakfast]]"'),
    "events/2026-10-01 Breakfast.md": event(date="2026-10-01", kind="breakfast", objectives=["x"],
                                            attendees='["[[Aisha Khan]]", "[[Noah Lee]]"]',
                                            body="- [x] Email Aisha the workshop dates ✅ 2026-10-06\n"),
    "people/Bad date.md": contact(met="2026-04-04", last_contact="2026-13-45"),
}


def test_card_stack(make_vault):
    f = check(make_vault(CARDS))
    # Noah was met at the breakfast and nothing since; Aisha was emailed afterwards (a done task
    # in the event note that names her); Bad date gets the data-date error only
    assert of(f, "card-stack") == [("people/Noah Lee.md", 3, "warning"), ("people/Stack.md", 4, "warning")]
    assert "met 36 days ago" in [x["message"] for x in f if x["path"] == "people/Stack.md"][0]
    assert of(f, "data-date") == [("people/Bad date.md", 4, "error")]


@pytest.mark.parametrize("toml", ["card_stack_days = 40\n", "[rules.card-stack]\ndays = 40\n"])
def test_card_stack_days(make_vault, toml):
    f = check(make_vault(CARDS, toml=toml))
    assert of(f, "card-stack") == [("people/Noah Lee.md", 3, "warning")]  # 55 days; Stack is 36


# ---------------------------------------------------------------------------------------------
# list-without-consent
# ---------------------------------------------------------------------------------------------


def test_list_without_consent(make_vault):
    root = make_vault({
        "people/Listed.md": contact(email="a@x.example", mailing_list="true"),
        "people/Said no.md": contact(mailing_list="yes", consent="false"),
        "people/Asked.md": contact(mailing_list="true", consent="2026-05-01 asked in person, said yes"),
        "people/Not listed.md": contact(mailing_list="false"),
        "notes/Newsletter.md": "---\nmailing_list: true\n---\n",
    })
    assert of(check(root), "list-without-consent") == [("people/Listed.md", 4, "warning"),
                                                       ("people/Said no.md", 3, "warning")]


# ---------------------------------------------------------------------------------------------
# social-only-followup
# ---------------------------------------------------------------------------------------------


def test_social_only_followup(make_vault):
    root = make_vault({
        "people/Noah.md": ("---\ntype: contact\nfollow_ups:\n"
                           "  - {due: 2026-12-01, what: Send Noah a LinkedIn connection request, done: false}\n---\n"),
        "people/Both.md": ("---\ntype: contact\nfollow_ups:\n"
                           "  - {due: 2026-12-01, what: Send a LinkedIn connection request}\n"
                           "  - {due: 2026-12-02, what: Call about the Q1 budget}\n---\n"),
        # the real next step is written in an event note that links to her
        "people/Elsewhere.md": contact(body="- [ ] friend request on Facebook\n"),
        "events/2026-11-20 Meetup.md": event(date="2026-11-20", objectives=["x"],
                                             body="- [ ] Book a coffee with [[Elsewhere]] 📅 2026-12-01\n"),
        "events/2026-11-21 Party.md": event(date="2026-11-21", objectives=["x"],
                                            body="- [ ] Send friend requests to everyone from tonight 📅 2026-11-26\n"),
        "people/Done.md": contact(body="- [x] Send a LinkedIn invite\n"),  # nothing open
    })
    f = check(root)
    assert of(f, "social-only-followup") == [("events/2026-11-21 Party.md", 7, "info"),
                                             ("people/Noah.md", 4, "info")]


# ---------------------------------------------------------------------------------------------
# group-no-purpose, group-lapsed
# ---------------------------------------------------------------------------------------------


def test_group_no_purpose(make_vault):
    root = make_vault({
        "groups/Golf.md": note("group", {"joined": "2026-02-01", "why_joined": "my friends are members"}),
        "groups/Book club.md": note("group", {"joined": "2026-02-01"}),
        "groups/Chamber.md": note("group", {"purpose": "meet CFOs", "why_joined": "a friend invited me"}),
        "groups/Guild.md": note("group", {"objectives": "[find speaking slots]"}),
        "notes/Groups I like.md": "---\nwhy_joined: friends\n---\n",
    })
    f = check(root)
    assert of(f, "group-no-purpose") == [("groups/Book club.md", 1, "info"), ("groups/Golf.md", 4, "info")]
    golf = [x for x in f if x["path"] == "groups/Golf.md" and x["rule"] == "group-no-purpose"]
    assert len(golf) == 1 and "my friends are members" in golf[0]["message"]


def _group_vault(make_vault, toml=""):
    ev = lambda d, g: event(date=d, kind="meetup", objectives=["x"], group=f'"[[{g}]]"')  # noqa: E731
    return make_vault({
        "groups/Once.md": note("group", {"purpose": "x", "joined": "2025-01-10", "meets": "1m"}),
        "groups/Regular.md": note("group", {"purpose": "x", "joined": "2026-01-15", "meets": "1m"}),
        "groups/Gone quiet.md": note("group", {"purpose": "x", "joined": "2025-06-01", "meets": "1m"}),
        "groups/New.md": note("group", {"purpose": "x", "joined": "2026-11-01", "meets": "1m"}),
        "events/2026-11-03 Once.md": ev("2026-11-03", "Once"),
        "events/2026-10-15 Regular.md": ev("2026-10-15", "Regular"),
        "events/2026-11-20 Regular.md": ev("2026-11-20", "Regular"),
        "events/2025-07-01 Quiet.md": ev("2025-07-01", "Gone quiet"),
        "events/2025-08-01 Quiet.md": ev("2025-08-01", "Gone quiet"),
        "events/2026-11-30 Once planned.md": ev("2026-11-30", "Once"),
    }, toml=toml)


def test_group_lapsed(make_vault):
    f = check(_group_vault(make_vault))
    assert of(f, "group-lapsed") == [("groups/Gone quiet.md", 5, "info"), ("groups/Once.md", 4, "info")]
    msgs = {x["path"]: x["message"] for x in f if x["rule"] == "group-lapsed"}
    assert "attended 1 time since joining on 2025-01-10" in msgs["groups/Once.md"]
    assert "last attended 2025-08-01" in msgs["groups/Gone quiet.md"]


def test_group_lapsed_thresholds(make_vault):
    f = check(_group_vault(make_vault, toml="[rules.group-lapsed]\nmin_attended = 1\nfactor = 20\n"))
    assert of(f, "group-lapsed") == []


def test_group_lapsed_needs_recorded_attendance(make_vault):
    """A vault that never links an event to a group does not record attendance: not judged."""
    root = make_vault({"groups/Once.md": note("group", {"purpose": "x", "joined": "2025-01-10", "meets": "1m"}),
                       "events/2026-11-03 Coffee.md": event(date="2026-11-03", objectives=["x"])})
    assert of(check(root), "group-lapsed") == []


# ---------------------------------------------------------------------------------------------
# pitch-meeting
# ---------------------------------------------------------------------------------------------


def test_pitch_meeting(make_vault):
    e = lambda kind, obj: event(date="2026-12-02", kind=kind, objectives=[obj])  # noqa: E731
    root = make_vault({
        "events/Try.md": e("coffee", "try out my new pitch on Emma"),
        "events/Sell.md": e("call", "pitch our research retainer"),
        "events/Learn.md": e("coffee", "learn about her sales team's research needs"),
        "events/Hear.md": e("lunch", "hear his pitch for the new product"),
        "events/Deck.md": e("call", "review her pitch deck"),
        "events/Conf.md": e("conference", "practise my pitch on five strangers"),
    })
    f = check(root)
    assert of(f, "pitch-meeting") == [("events/Sell.md", 6, "info"), ("events/Try.md", 6, "info")]


# ---------------------------------------------------------------------------------------------
# stay-in-touch
# ---------------------------------------------------------------------------------------------

TOUCH = {
    "people/Due.md": contact(last_contact="2026-10-12", cadence="1m"),
    "people/Recent.md": contact(last_contact="2026-11-05", cadence="1m"),
    "people/Meeting soon.md": contact(last_contact="2026-09-01", cadence="1m"),
    "events/2026-12-01 Call.md": event(date="2026-12-01", objectives=["x"], attendees='["[[Meeting soon]]"]'),
    "people/Logged.md": contact(last_contact="2026-09-01", cadence="1m", body="## Log\n- 2026-11-20: call\n"),
    "people/Done task.md": contact(last_contact="2026-09-01", cadence="1m",
                                   body="- [x] Sent the deck ✅ 2026-11-20\n"),
    "people/No cadence.md": contact(last_contact="2025-01-01"),
}


def test_stay_in_touch(make_vault):
    f = check(make_vault(TOUCH))
    assert of(f, "stay-in-touch") == [("people/Due.md", 4, "info")]
    assert "44 days since last contact, cadence 1m" in [x["message"] for x in f if x["rule"] == "stay-in-touch"][0]


def test_stay_in_touch_default_cadence(make_vault):
    f = check(make_vault(TOUCH, toml='default_cadence = "6m"\n'))
    assert paths(f, "stay-in-touch") == {"people/Due.md", "people/No cadence.md"}


# ---------------------------------------------------------------------------------------------
# data-*
# ---------------------------------------------------------------------------------------------


def test_data_yaml(make_vault):
    root = make_vault({"people/Broken.md": "---\ntype: contact\nname: [unclosed\n---\n",
                       "people/Fine.md": "---\ntype: contact\nname: 'quoted: fine'\n---\n"})
    f = check(root, code=1)
    assert [(x["path"], x["severity"]) for x in f if x["rule"] == "data-yaml"] == [("people/Broken.md", "error")]
    assert [x["line"] for x in f if x["rule"] == "data-yaml"][0] in (3, 4)


def test_data_date(make_vault):
    root = make_vault({"people/Bad.md": contact(last_contact="2026-13-45"),
                       "people/Good.md": contact(last_contact="2026-11-01T09:30"),
                       "people/Task.md": contact(body="- [ ] call 📅 2026-02-30\n")})
    f = check(root, code=1)
    assert of(f, "data-date") == [("people/Bad.md", 3, "error"), ("people/Task.md", 4, "error")]


def test_data_cadence(make_vault):
    root = make_vault({"people/Monthly.md": contact(cadence="monthly"),
                       "people/Typo.md": contact(cadence="3 mnths"),
                       "people/Never.md": contact(cadence="never"),
                       "groups/Club.md": "---\ntype: group\npurpose: x\nmeets: every second tuesday\n---\n",
                       "groups/Weekly.md": "---\ntype: group\npurpose: x\nmeets: every 2 weeks\n---\n",
                       "notes/Other.md": "---\ncadence: sometimes\n---\n"})
    f = check(root, code=1)
    assert of(f, "data-cadence") == [("groups/Club.md", 4, "error"), ("people/Typo.md", 3, "error")]
    message = [x["message"] for x in f if x["rule"] == "data-cadence"][1]
    assert "'3 mnths' is not a cadence" in message and "every 2 weeks" in message and "monthly" in message


def test_data_value(make_vault):
    root = make_vault({
        "events/2026-11-01 A.md": event(date="2026-11-01", objectives=["x"], status="complete", kind="coffe"),
        "events/2026-11-02 B.md": event(date="2026-11-02", objectives=["x"], status="done", kind="Lunch"),
        "people/Listed.md": contact(mailing_list="newsletter", consent="2026-01-01 by email"),
        "people/Yes.md": contact(mailing_list="yes", consent="yes"),
        "pitch.md": "---\ntype: pitch\nseconds: half a minute\n---\nI help dentists in Leeds fill empty chairs.\n",
        "notes/Kind.md": "---\nkind: anything\nstatus: whatever\n---\n",
        "people/Typed.md": "---\ntype: contacts\n---\n",
    })
    f = check(root)
    assert of(f, "data-value") == [("events/2026-11-01 A.md", 6, "warning"), ("events/2026-11-01 A.md", 7, "warning"),
                                   ("people/Listed.md", 3, "warning"), ("people/Typed.md", 2, "warning"),
                                   ("pitch.md", 3, "warning")]
    messages = " | ".join(x["message"] for x in f if x["rule"] == "data-value")
    assert "did you mean 'coffee'?" in messages and "did you mean 'contact'?" in messages


def test_data_link(make_vault):
    root = make_vault({
        "people/Jane Doe.md": contact(aliases="[Jane]"),
        "events/2026-11-01 Lunch.md": event(date="2026-11-01", objectives=["x"],
                                            attendees='["[[Jane]]", "[[Nobody Here]]"]'),
        "notes/Ideas.md": "See [[Some future note]] and [[Jane Doe#Log|her log]].\n",
    })
    f = check(root)
    assert of(f, "data-link") == [("events/2026-11-01 Lunch.md", 6, "warning"), ("notes/Ideas.md", 1, "info")]


def test_data_link_unquoted(make_vault):
    root = make_vault({"people/Bob.md": contact(),
                       "people/Emma.md": contact(introduced_by="[[Bob]]"),
                       "people/Quoted.md": contact(introduced_by='"[[Bob]]"')})
    assert of(check(root), "data-link-unquoted") == [("people/Emma.md", 3, "warning")]


def test_data_duplicate(make_vault):
    root = make_vault({"people/Jane Doe.md": contact(email="jane@northwind.example"),
                       "people/J. Doe.md": contact(email="JANE@northwind.example"),
                       "people/Sofia.md": contact(email="sofia@northwind.example", company="Northwind")})
    assert of(check(root), "data-duplicate") == [("people/J. Doe.md", 3, "warning"),
                                                 ("people/Jane Doe.md", 3, "warning")]


def test_data_file(make_vault):
    root = make_vault({"people/Latin1.md": b"---\ntype: contact\n---\nCaf\xe9 with Ren\xe9\n",
                       "people/Utf16.md": "---\ntype: contact\n---\nCafé\n".encode("utf-16")})
    assert of(check(root), "data-file") == [("people/Latin1.md", 1, "warning")]


# ---------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------


def test_rule_disabled_and_severity(make_vault):
    files = {"people/Listed.md": contact(mailing_list="true")}
    root = make_vault(files, toml="[rules.list-without-consent]\nenabled = false\n")
    assert check(root, code=0) == []
    root = make_vault(files, toml='[rules.list-without-consent]\nseverity = "error"\n')
    assert of(check(root, code=1), "list-without-consent") == [("people/Listed.md", 3, "error")]
    root = make_vault(files, toml='[rules.list-without-consent]\nseverity = "info"\n')
    assert of(check(root, code=0), "list-without-consent") == [("people/Listed.md", 3, "info")]


@pytest.mark.parametrize("toml, needle", [
    ("[rules.no-such-rule]\nenabled = false\n", "unknown rule [rules.no-such-rule]"),
    ("[rules.card-stak]\ndays = 3\n", "did you mean card-stack"),
    ('[rules.card-stack]\nseverity = "fatal"\n', "severity must be one of"),
    ('[rules.card-stack]\nenabled = "no"\n', "enabled must be true or false"),
    ("[rules.card-stack]\ndayz = 3\n", "no setting 'dayz'"),
    ('[rules.card-stack]\ndays = "14"\n', "days must be a number"),
    ('[wordlists.extend]\nno_such_list = ["x"]\n', "no list named 'no_such_list'"),
])
def test_config_errors_exit_2(make_vault, toml, needle):
    root = make_vault({"people/A.md": contact(met="2026-01-01")}, toml=toml)
    res = run(root, "check")
    assert res.exit_code == 2, res.output
    assert needle in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output


def test_wordlist_extension_reaches_the_rules(make_vault):
    files = {"people/A.md": contact(body="Ping me on Signal.\n")}
    assert of(check(make_vault(files)), "promise-untracked") == []
    root = make_vault(files, toml='[wordlists.extend]\npromise_phrases = ["ping me"]\n')
    assert of(check(root), "promise-untracked") == [("people/A.md", 4, "warning")]


def test_silencing_in_place(make_vault):
    root = make_vault({
        "people/Comment.md": contact(mailing_list="true", met="2026-01-01",
                                     body="<!-- plainnet-disable list-without-consent -->\n"),
        "people/Front.md": ("---\ntype: contact\nmailing_list: true\nmet: 2026-01-01\n"
                            "plainnet_ignore: [list-without-consent, card-stack]\n---\n"),
        "people/All.md": contact(mailing_list="true", met="2026-01-01", body="<!-- plainnet-disable -->\n"),
        "people/Loud.md": contact(mailing_list="true", met="2026-01-01"),
    })
    f = check(root)
    assert paths(f, "list-without-consent") == {"people/Loud.md"}
    assert paths(f, "card-stack") == {"people/Comment.md", "people/Loud.md"}  # only what was named


def test_select_and_ignore(make_vault):
    root = make_vault({"people/A.md": contact(mailing_list="true", met="2026-01-01", introduced_by="[[Nobody]]"),
                       "pitch.md": note("pitch", {}, "I'm a consultant at Acme.\n")})
    every = {x["rule"] for x in check(root)}
    assert {"list-without-consent", "card-stack", "data-link", "data-link-unquoted", "pitch-title-only"} <= every
    assert {x["rule"] for x in check(root, "--select", "card-stack")} == {"card-stack"}
    assert {x["rule"] for x in check(root, "--select", "card-stack,list-without-consent")} == \
        {"card-stack", "list-without-consent"}
    assert {x["rule"] for x in check(root, "--select", "card-stack", "--select", "data")} == \
        {"card-stack", "data-link", "data-link-unquoted"}
    assert {x["rule"] for x in check(root, "--select", "data-link")} == {"data-link"}  # exact id only
    assert {x["rule"] for x in check(root, "--select", "pitch-*")} == {x for x in every if x.startswith("pitch-")}
    assert {x["rule"] for x in check(root, "--ignore", "data,pitch")} == {"list-without-consent", "card-stack"}
    res = run(root, "check", "--select", "nope")
    assert res.exit_code == 2 and "unknown rule 'nope'" in res.output


def test_expand():
    assert expand(["pitch"]) == {r for r in RULES if r.startswith("pitch-")}
    assert expand(["data-link"]) == {"data-link"}
    assert expand(["data-link-*"]) == {"data-link", "data-link-unquoted"}
    assert expand([" card-stack , one-sided "]) == {"card-stack", "one-sided"}
    assert expand(["card"]) == {"card-stack"}  # a prefix of whole parts
    with pytest.raises(KeyError, match="did you mean card-stack"):
        expand(["cards-stack"])
    with pytest.raises(KeyError):
        expand(["car"])


def test_fail_on_and_exit_codes(make_vault):
    root = make_vault({"people/Listed.md": contact(mailing_list="true")})
    assert run(root, "check").exit_code == 0  # warnings only
    assert run(root, "check", "--fail-on", "warning").exit_code == 1
    assert run(root, "check", "--fail-on", "info").exit_code == 1
    assert run(make_vault({"people/Listed.md": contact(consent="yes")}), "check", "--fail-on", "info").exit_code == 0
    assert run(root, "check", "--fail-on", "nonsense").exit_code == 2
    assert run(root, "check", "--format", "xml").exit_code == 2


def test_explain_and_list_rules(make_vault):
    root = make_vault({})
    res = run(root, "check", "--explain", "card-stack")
    assert res.exit_code == 0
    assert res.output.startswith("card-stack (warning)") and "10 Signs That You're Doing Networking Wrong" in res.output
    assert "plainnet-disable card-stack" in res.output and "days = 14" in res.output
    res = run(root, "check", "--explain", "card-stak")
    assert res.exit_code == 2 and "card-stack" in res.output
    res = run(root, "check", "--list-rules")
    assert res.exit_code == 0
    listed = [line.split()[0] for line in res.output.splitlines() if line.strip()]
    assert listed == list(RULES)


def test_text_format_and_summary(make_vault, tmp_path):
    root = make_vault({"people/Listed.md": contact(mailing_list="true"),
                       "people/Bad.md": contact(last_contact="2026-13-45")})
    res = run(root, "check")
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines[0].startswith("people/Bad.md:3:1: error data-date ")
    assert lines[1].startswith("people/Listed.md:3:1: warning list-without-consent ")
    assert lines[-1] == "1 error, 1 warning in 2 notes"
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "plainnet.toml").write_text("")
    res = run(tmp_path / "empty", "check")
    assert (res.exit_code, res.output) == (0, "no problems found\n")


def test_github_format(make_vault):
    root = make_vault({"people/Listed Ann.md": contact(mailing_list="true"),
                       "people/Bad.md": contact(last_contact="2026-13-45"),
                       "people/Taker.md": LEDGER["people/Taker.md"]})
    res = run(root, "check", "--format", "github")
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines[0].startswith("::error file=people/Bad.md,line=3,col=1,title=data-date::last_contact: ")
    assert lines[1].startswith("::warning file=people/Listed Ann.md,line=3,col=1,title=list-without-consent::")
    assert lines[2].startswith("::notice file=people/Taker.md,line=4,col=1,title=one-sided::")
    assert len(lines) == 3  # no summary line in annotations


def test_github_line_escapes():
    from plainnet.checks.engine import github_line
    from plainnet.notes.findings import Finding

    f = Finding("people/Lee, Ann: CFO.md", 2, "card-stack", "100% sure\nreally", "info", 3)
    assert github_line(f) == ("::notice file=people/Lee%2C Ann%3A CFO.md,line=2,col=3,title=card-stack"
                              "::100%25 sure%0Areally")


def test_json_shape(make_vault):
    root = make_vault({"people/sub dir/Ann.md": contact(mailing_list="true")})
    f = check(root)
    assert f == [{"path": "people/sub dir/Ann.md", "line": 3, "column": 1, "severity": "warning",
                  "rule": "list-without-consent", "message": f[0]["message"]}]
    assert list(f[0]) == ["path", "line", "column", "severity", "rule", "message"]


def test_paths_limit_output(make_vault, monkeypatch):
    root = make_vault({"people/Ann.md": contact(mailing_list="true"), "people/Ben.md": contact(mailing_list="true"),
                       "events/E.md": event(date="2026-11-01")})
    assert paths(check(root, str(root / "people" / "Ann.md")), "list-without-consent") == {"people/Ann.md"}
    assert {x["path"] for x in check(root, str(root / "people"))} == {"people/Ann.md", "people/Ben.md"}
    assert {x["path"] for x in check(root, str(root / "events"), str(root / "people" / "Ben.md"))} == \
        {"events/E.md", "people/Ben.md"}
    monkeypatch.chdir(root)
    assert {x["path"] for x in check(root, "events")} == {"events/E.md"}
    assert len(check(root, ".")) == 3
    res = run(root, "check", str(root.parent))
    assert res.exit_code == 2 and "not inside the vault" in res.output


def test_run_checks_api(make_vault):
    root = make_vault({"people/Ann.md": contact(mailing_list="true", met="2026-01-01"),
                       "pitch.md": note("pitch", {}, "I'm a consultant at Acme.\n")})
    v = plainnet.open_vault(root, today=date(2026, 11, 25), index_path=":memory:")
    got = run_checks(v)
    assert [(f.path, f.line, f.rule, f.severity) for f in got] == [
        ("people/Ann.md", 3, "list-without-consent", "warning"), ("people/Ann.md", 4, "card-stack", "warning"),
        ("pitch.md", 4, "pitch-ask", "warning"), ("pitch.md", 4, "pitch-title-only", "warning")]
    assert [f.rule for f in run_checks(v, select=["card-stack"])] == ["card-stack"]
    assert [f.rule for f in run_checks(v, paths=["pitch.md"])] == ["pitch-ask", "pitch-title-only"]
    assert [f.rule for f in run_checks(v, ignore=["card-stack", "pitch"])] == ["list-without-consent"]


# ---------------------------------------------------------------------------------------------
# precision
# ---------------------------------------------------------------------------------------------

OBSIDIAN_VAULTS = [
    "kepano-kepano-obsidian",
    "obsidian-tasks-group-obsidian-tasks/resources/sample_vaults/Tasks-Demo",
    "blacksmithgu-obsidian-dataview/test-vault",
    "zoni-obsidian-export",
]


@pytest.mark.parametrize("name", OBSIDIAN_VAULTS)
def test_obsidian_vaults_get_no_habit_findings(corpora, name):
    root = corpora / name
    if not root.is_dir():
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): {root} not found")
    v = plainnet.open_vault(root, today=date(2026, 11, 25), index_path=":memory:")
    found = run_checks(v)
    assert [f for f in found if not f.rule.startswith("data-")] == []
    assert len(v.notes()) > 10  # the vault was really read


def test_ordinary_notes_get_no_habit_findings(make_vault):
    """Notes that are not contacts, events, groups or pitches: only data-* findings, whatever
    they say and whatever keys they have."""
    body = ("I'll call you tomorrow, we must catch up! Send me your resume.\n"
            "- [ ] overdue thing 📅 2026-01-01\n- [ ] undated thing\n- [ ] LinkedIn connection request\n"
            "Link to [[Nowhere]].\n")
    fm = ("---\nkind: coffee\nobjectives: [pitch my services]\nmailing_list: true\nmet: 2025-01-01\n"
          "cadence: 1w\nlast_contact: 2025-01-01\ngot: [a, b, c, d]\njoined: 2020-01-01\nmeets: 1w\n"
          "why_joined: friends\nattendees: ['[[Ann]]']\ndate: 2025-01-01\n---\n")
    root = make_vault({
        "notes/Meeting notes.md": fm + body,
        "Daily/2026-11-20.md": body,
        "Inbox.md": "---\ntype: note\n---\n" + body,
        "people/Ann.md": contact(met="2026-11-20"),
    })
    found = check(root)
    assert {x["rule"] for x in found if x["path"] != "people/Ann.md"} <= {"data-link"}
    assert {x["severity"] for x in found if x["rule"] == "data-link"} == {"info"}


EXAMPLE_EXPECTED = [
    # (path, line, rule): every deliberate problem of example-vault/, and nothing else
    ("events/2026-11-03 Chamber breakfast.md", 14, "promise-untracked"),   # "Told Noah I'll send him the slides"
    ("events/2026-11-12 Contoso team lunch.md", 7, "only-known-people"),  # "I only talked to people I already knew"
    ("events/2026-11-20 Product meetup.md", 16, "followup-overdue"),      # article for Olivia, due 11-22
    ("events/2026-11-27 Design leaders call.md", 1, "event-no-objectives"),  # "No agenda yet."
    ("events/2026-12-02 Coffee with Emma Wilson.md", 7, "pitch-meeting"),   # "try out my new pitch on Emma"
    ("events/2026-12-02 Coffee with Emma Wilson.md", 8, "meeting-no-homework"),  # Emma has no offer/need
    ("events/2026-12-20 Chamber holiday mixer.md", 1, "event-no-objectives"),
    ("groups/Chamber of Commerce.md", 4, "group-lapsed"),   # one breakfast since joining in 2025
    ("groups/Golf Club.md", 3, "group-lapsed"),             # never went
    ("groups/Golf Club.md", 5, "group-no-purpose"),         # "my friends are members"
    ("people/Carlos Ruiz.md", 6, "card-stack"),             # a business card, nothing since
    ("people/Emma Wilson.md", 7, "data-link-unquoted"),
    ("people/J. Doe.md", 4, "data-duplicate"),
    ("people/Jane Doe.md", 7, "data-duplicate"),
    ("people/Liam Patel.md", 7, "data-date"),               # 2026-13-45, on purpose
    ("people/Mark Chen.md", 11, "one-sided"),               # "never done anything for him in return"
    ("people/Noah Johnson.md", 9, "social-only-followup"),  # only a LinkedIn request
    ("people/Priya Shah.md", 11, "followup-overdue"),
    ("people/Sofia Rossi.md", 8, "list-without-consent"),
    ("people/Tom Becker.md", 8, "stay-in-touch"),           # 44 days, cadence 1m
    ("pitches/Conference pitch.md", 3, "pitch-vague-client"),   # "anyone with a budget"
    ("pitches/Conference pitch.md", 8, "pitch-jargon"),
    ("pitches/Conference pitch.md", 8, "pitch-sentence"),
    ("pitches/Conference pitch.md", 9, "pitch-length"),
    ("pitches/Conference pitch.md", 9, "pitch-sentence"),
    ("pitches/Conference pitch.md", 9, "pitch-vague-client"),   # "companies of every size"
]


def test_example_vault_findings_are_exactly_the_deliberate_ones(tmp_path):
    root = tmp_path / "example-vault"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    res = run(root, "check", "--format", "json")
    assert res.exit_code == 1  # Liam's impossible date is an error
    got = sorted((f["path"], f["line"], f["rule"]) for f in json.loads(res.stdout))
    assert got == sorted(EXAMPLE_EXPECTED)
    # the good pitch, and the notes that are not contacts, events, groups or pitches, are clean
    assert not any(p in ("pitch.md", "notes/Ideas.md", "notes/Reading list.md") for p, _, _ in got)


def test_every_rule_is_tested_here():
    """Each non-pitch rule of the registry has a test of its own in this file (pitch-* rules are
    tested in test_pitch.py)."""
    text = Path(__file__).read_text(encoding="utf-8")
    for rule in RULES:
        if rule.startswith("pitch-") and rule != "pitch-meeting":
            continue
        assert f"def test_{rule.replace('-', '_')}" in text, rule


# ---------------------------------------------------------------------------------------------
# the result cache
# ---------------------------------------------------------------------------------------------


def test_result_cache_is_invisible(make_vault):
    """A cached result equals a fresh one, and anything it depends on changing makes it fresh."""
    import os
    import time

    root = make_vault({"people/Ann.md": contact(mailing_list="true", met="2026-10-01"),
                       "people/Ben.md": contact(cadence="1m", last_contact="2026-10-20")})
    cache = root / ".plainnet" / "check-cache.txt"
    first = check(root)
    assert cache.is_file()
    assert check(root) == first
    assert check(root, "--select", "card-stack") == [f for f in first if f["rule"] == "card-stack"]
    assert check(root, str(root / "people" / "Ben.md")) == [f for f in first if f["path"] == "people/Ben.md"]
    # today
    assert paths(check(root, today="2026-11-15"), "stay-in-touch") == set()
    assert paths(check(root), "stay-in-touch") == {"people/Ben.md"}
    # a note (same size, new mtime), a new note, a deleted note
    p = root / "people" / "Ann.md"
    p.write_text(p.read_text().replace("mailing_list: true", "mailing_list: off "))
    os.utime(p, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert paths(check(root), "list-without-consent") == set()
    (root / "people" / "Cat.md").write_text(contact(mailing_list="true"))
    assert paths(check(root), "list-without-consent") == {"people/Cat.md"}
    (root / "people" / "Cat.md").unlink()
    assert paths(check(root), "list-without-consent") == set()
    # plainnet.toml
    (root / "plainnet.toml").write_text("[rules.card-stack]\nenabled = false\n")
    assert paths(check(root), "card-stack") == set()
    # a damaged cache file is recomputed, not trusted
    cache.write_text("garbage\n[[[")
    assert paths(check(root), "stay-in-touch") == {"people/Ben.md"}
    cache.write_text(cache.read_text().split("\n", 1)[0] + "\n[[\"x\"]]")  # right key, bad rows
    assert paths(check(root), "stay-in-touch") == {"people/Ben.md"}


def test_result_cache_matches_a_fresh_run_on_the_example_vault(tmp_path):
    root = tmp_path / "example-vault"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    v = plainnet.open_vault(root, today=date(2026, 11, 25))
    fresh = run_checks(v, cache=False)
    assert run_checks(v) == fresh  # computes and writes
    assert (root / ".plainnet" / "check-cache.txt").is_file()
    again = plainnet.open_vault(root, today=date(2026, 11, 25))
    assert run_checks(again) == fresh  # read back
    mem = plainnet.open_vault(root, today=date(2026, 11, 25), index_path=":memory:")
    assert run_checks(mem) == fresh


def test_json_text_is_the_spec_array():
    from plainnet.checks.engine import json_text, to_json
    from plainnet.notes.findings import Finding

    fs = [Finding("a/Zoë \"Z\".md", 2, "card-stack", "met “x”\n\\ 100%", "info", 3), Finding("b.md", 1, "data-yaml", "m")]
    assert json.loads(json_text(fs)) == [to_json(f) for f in fs] == [f.to_json() for f in fs]
    assert json_text([]) == "[]"
    assert json_text(fs).splitlines()[1].startswith('  {"path": "a/Zoë \\"Z\\".md", "line": 2, "column": 3,')


def test_report_matches_the_cli(make_vault):
    """engine.report renders what `plainnet check` prints (the CLI can delegate to it)."""
    from plainnet.checks.engine import report

    root = make_vault({"people/Listed.md": contact(mailing_list="true"),
                       "people/Bad.md": contact(last_contact="2026-13-45"),
                       "people/Taker.md": LEDGER["people/Taker.md"]})
    v = plainnet.open_vault(root, today=date(2026, 11, 25))
    for fmt in ("text", "json", "github"):
        for extra in ((), ("--fail-on", "info")):
            res = run(root, "check", "--format", fmt, *extra)
            kw = {"fail_on": extra[1]} if extra else {}
            for _ in range(2):  # computed, then from the cache
                text, code = report(v, fmt=fmt, **kw)
                assert code == res.exit_code
                if fmt == "json":
                    assert json.loads(text) == json.loads(res.stdout)
                else:
                    assert text == res.stdout
    text, code = report(v, fmt="json", select=["one-sided"])
    assert [f["rule"] for f in json.loads(text)] == ["one-sided"] and code == 0
    text, code = report(v, fmt="text", paths=["people/Taker.md"], fail_on="info")
    assert text.startswith("people/Taker.md:4:1: info one-sided ") and code == 1
    assert text.endswith("\n1 info in 1 note\n")


def test_result_cache_follows_a_config_given_in_code(make_vault):
    from plainnet.api import Vault
    from plainnet.settings import load_config

    root = make_vault({"people/Listed.md": contact(mailing_list="true")})
    assert run_checks(Vault(root, today=date(2026, 11, 25))) == []  # never synced: empty index, no cache
    v = plainnet.open_vault(root, today=date(2026, 11, 25))
    assert [f.rule for f in run_checks(v)] == ["list-without-consent"]
    cfg = load_config(root)
    cfg.data["rules"] = {"list-without-consent": {"enabled": False}}
    v2 = Vault(root, today=date(2026, 11, 25), config=cfg)
    v2.sync()
    assert run_checks(v2) == []


def test_a_text_check_caches_the_json_a_later_json_check_prints(make_vault, tmp_path):
    """The text path stores the kept findings' JSON lines (and the files the walk skipped, merged in
    order) as the cached result: a JSON check reading it prints what an uncached one computes."""
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntype: contact\n---\n")
    root = make_vault({"people/Ann.md": contact(mailing_list="true", met="2026-10-01"),
                       "people/Ben.md": contact(cadence="1m", last_contact="2026-10-20"),
                       "people/Zed.md": contact(email="a@x.org"), "people/Zoe.md": contact(email="A@x.org")})
    (root / "people" / "Mia.md").symlink_to(outside)  # skipped by the walk: a finding no note owns
    res = run(root, "check")
    assert res.exit_code in (0, 1) and "people/Mia.md" in res.stdout, res.output
    cached = check(root)
    uncached = [f.to_json() for f in run_checks(plainnet.open_vault(root, today=date(2026, 11, 25)), cache=False)]
    assert cached == uncached
    assert {"people/Mia.md", "people/Ann.md", "people/Zoe.md"} <= {f["path"] for f in cached}


# ---------------------------------------------------------------------------------------------
# edges the mutation run (docs/mutation.md) showed untested: the full wording users read,
# configured thresholds, front-matter follow-ups that answer a spoken promise, consent
# spellings, silencing inside the note, the pitch a note holds, and `plainnet pitch` with
# the vault's settings
# ---------------------------------------------------------------------------------------------


def messages(findings, rule) -> dict[str, str]:
    return {f["path"]: f["message"] for f in findings if f["rule"] == rule}


def rules_at(findings, path) -> set[str]:
    return {f["rule"] for f in findings if f["path"] == path}


# ---------------------------------------------------------------------------------------------
# local rules: what the user reads
# ---------------------------------------------------------------------------------------------


def test_group_without_purpose_messages_are_complete(make_vault):
    root = make_vault({
        "groups/Friends.md": "---\ntype: group\nwhy_joined: my friends go\n---\n",
        "groups/Bare.md": "---\ntype: group\n---\n",
    })
    got = messages(check(root), "group-no-purpose")
    assert got == {
        "groups/Friends.md": "joined because 'my friends go' and no `purpose:`: groups joined for friends rarely "
                             "bring new contacts; write down what you want from it, or leave it",
        "groups/Bare.md": "this group has no `purpose:` or `objectives:`: write down what you want from it, "
                          "or leave it",
    }


def test_event_objectives_below_a_configured_minimum_say_how_many(make_vault):
    root = make_vault({
        "events/None.md": "---\ntype: event\ndate: 2026-11-01\n---\n",
        "events/One.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [meet Ann]\n---\n",
        "events/Two.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [meet Ann, learn fintech]\n---\n",
        "events/Three.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [a, b, c]\n---\n",
    }, toml="[rules.event-no-objectives]\nmin_objectives = 3\n")
    got = messages(check(root), "event-no-objectives")
    tail = (": add `objectives:` with what you want to come away with "
            "(who to meet, what to learn, what to offer)")
    assert got == {
        "events/None.md": "this event has no objectives" + tail,
        "events/One.md": "this event has 1 objective (at least 3 wanted)" + tail,
        "events/Two.md": "this event has 2 objectives (at least 3 wanted)" + tail,
    }


def test_one_sided_names_the_contact_by_its_name_field(make_vault):
    root = make_vault({
        "people/ann.md": "---\ntype: contact\nname: Ann Lee\ngot: [a, b, c]\n---\n",
        "people/Bob Stone.md": "---\ntype: contact\nname: '  '\ngot: [a, b, c]\ngave: []\n---\n",
    })
    got = messages(check(root), "one-sided")
    tail = ": find something to give (an introduction, a referral, a useful article)"
    assert got == {"people/ann.md": "you got 3 things from Ann Lee and gave 0" + tail,
                   "people/Bob Stone.md": "you got 3 things from Bob Stone and gave 0" + tail}


def test_mailing_list_message_and_consent_spellings(make_vault):
    def person(extra):
        return f"---\ntype: contact\nmailing_list: yes\n{extra}---\n"

    root = make_vault({
        "people/Pending.md": person("consent: Pending.\n"),
        "people/Declined.md": person("consent: DECLINED!\n"),
        "people/Agreed.md": person("consent: agreed at the fair, 2026-10-01\n"),
        "people/Yes.md": person("consent: true\n"),
        "people/None.md": person(""),
        "people/Off.md": "---\ntype: contact\nmailing_list: 'No'\n---\n",
    })
    got = messages(check(root), "list-without-consent")
    assert set(got) == {"people/Pending.md", "people/Declined.md", "people/None.md"}
    assert got["people/None.md"] == ("on your mailing list without recorded consent: ask first, then note when "
                                     "and how in `consent:`")


def test_a_spoken_promise_is_answered_by_an_open_dated_front_matter_follow_up(make_vault):
    body = "Lunch was good. I'll send her the report.\n"

    def person(follow_ups):
        return f"---\ntype: contact\n{follow_ups}---\n{body}"

    root = make_vault({
        "people/Open.md": person("follow_ups:\n  - what: send the report\n    due: 2026-12-01\n"),
        "people/Not done.md": person("follow_ups:\n  - what: send the report\n    due: 2026-12-01\n"
                                     "    done: 'No'\n"),
        "people/Done.md": person("follow_ups:\n  - what: send the report\n    due: 2026-12-01\n    done: true\n"),
        "people/Undated.md": person("follow_ups:\n  - what: send the report\n"),
        "people/Plain.md": person("follow_ups:\n  - send the report\n"),
        "people/Task.md": "---\ntype: contact\n---\n" + body + "- [ ] send the report 📅 2026-12-01\n",
    })
    f = check(root)
    got = messages(f, "promise-untracked")
    assert set(got) == {"people/Done.md", "people/Undated.md", "people/Plain.md"}
    assert got["people/Done.md"] == ("“I'll send” is a promise with no dated follow-up in this note: add "
                                     "`- [ ] … 📅 YYYY-MM-DD` or a follow_ups entry")
    (hit,) = [x for x in f if x["path"] == "people/Done.md" and x["rule"] == "promise-untracked"]
    assert (hit["line"], hit["column"]) == (8, 17)


# ---------------------------------------------------------------------------------------------
# the pitch a note holds, and `plainnet pitch` with the vault's settings
# ---------------------------------------------------------------------------------------------

VAGUE = "We help businesses grow. If you know anyone, send them my way.\n"


def pitch_json(root, name):
    res = run(root, "pitch", name, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_only_pitch_notes_and_events_with_their_own_pitch_text_hold_a_pitch(make_vault):
    root = make_vault({
        "people/Ann.md": "---\ntype: contact\npitch: I help bakers in Leeds sell more bread.\n---\n",
        "events/Linked.md": "---\ntype: event\ndate: 2026-11-01\npitch: '[[Salon]]'\n---\n",
        "pitches/Salon.md": "---\ntype: pitch\n---\n" + VAGUE,
    })
    for name in ("Ann", "Linked"):
        res = run(root, "pitch", name)
        assert res.exit_code == 2 and "holds no pitch" in res.output, (name, res.output)
    assert rules_at(check(root), "events/Linked.md") <= {"event-no-objectives"}


def test_an_empty_pitch_note_reads_as_no_words(make_vault):
    root = make_vault({"pitches/Empty.md": "---\ntype: pitch\n---\n"})
    assert pitch_json(root, "Empty")["length"]["words"] == 0


def test_an_events_pitch_text_is_checked_at_its_line_against_its_own_seconds(make_vault):
    long_pitch = " ".join(["I help dentists in Leeds fill empty chairs."] * 4)
    root = make_vault({
        "events/Fair.md": f"---\ntype: event\ndate: 2026-11-01\nobjectives: [meet two dentists]\n"
                          f"seconds: 5\npitch: {long_pitch}\n---\n",
        "events/Roomy.md": f"---\ntype: event\ndate: 2026-11-01\nobjectives: [meet two dentists]\n"
                           f"seconds: 60\npitch: {long_pitch}\n---\n",
    })
    f = check(root)
    length = [(x["path"], x["line"]) for x in f if x["rule"] == "pitch-length"]
    assert length == [("events/Fair.md", 6)]
    assert all(x["line"] == 6 for x in f if x["rule"].startswith("pitch-"))
    assert pitch_json(root, "Fair")["length"]["slot_seconds"] == 5


def test_pitch_findings_keep_their_column(make_vault):
    root = make_vault({"pitches/P.md": "---\ntype: pitch\n---\nWe help businesses grow with synergy.\n"})
    cols = {(x["rule"], x["column"]) for x in check(root) if x["rule"] == "pitch-vague-client"}
    assert cols == {("pitch-vague-client", 9)}


def test_pitch_reading_uses_the_vaults_wpm_word_lists_and_key_lines(make_vault):
    root = make_vault({
        "pitches/P.md": "---\ntype: pitch\ntags: [x]\naudience: dog groomers in Bristol\n---\n"
                        "We leverage zorblatt for dog groomers.\n",
    }, toml="wpm = 100\n\n[wordlists.extend]\njargon = [\"zorblatt\"]\n")
    data = pitch_json(root, "P")
    assert data["length"]["wpm"] == 100
    assert data["slots"]["audience"]["read"][0]["line"] == 4
    assert "pitch-jargon" in {f["rule"] for f in data["findings"]}
    assert any("zorblatt" in f["message"] for f in data["findings"] if f["rule"] == "pitch-jargon")


def test_pitch_reading_leaves_out_disabled_and_silenced_rules(make_vault):
    root = make_vault({
        "pitches/Plain.md": "---\ntype: pitch\n---\n" + VAGUE,
        "pitches/One off.md": "---\ntype: pitch\n---\n<!-- plainnet-disable pitch-problem -->\n" + VAGUE,
        "pitches/All off.md": "---\ntype: pitch\n---\n<!-- plainnet-disable -->\n" + VAGUE,
        "pitches/Key off.md": "---\ntype: pitch\nplainnet_ignore: all\n---\n" + VAGUE,
    }, toml="[rules.pitch-vague-client]\nenabled = false\n")
    plain = {f["rule"] for f in pitch_json(root, "Plain")["findings"]}
    assert "pitch-problem" in plain and "pitch-vague-client" not in plain
    one = {f["rule"] for f in pitch_json(root, "One off")["findings"]}
    assert one == plain - {"pitch-problem"}
    assert pitch_json(root, "All off")["findings"] == []
    assert pitch_json(root, "Key off")["findings"] == []


# ---------------------------------------------------------------------------------------------
# habit rules (today 2026-11-25): their edges, skips and wording
# ---------------------------------------------------------------------------------------------


def contact_text(extra: str = "", body: str = "") -> str:
    return f"---\ntype: contact\n{extra}---\n{body}"


def test_card_stack_counts_from_the_fifteenth_day_and_names_the_event(make_vault):
    root = make_vault({
        "events/2026-11-01 Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nstatus: done\n---\n",
        "people/A archived.md": contact_text("met: 2026-10-01\nstatus: archived\n"),
        "people/B untriaged.md": contact_text("met: 2026-10-01\ntriage: pending\n"),
        "people/C triaged.md": contact_text("met: 2026-10-01\ntriage: done\n"),
        "people/D snoozed.md": contact_text("met: 2026-10-01\nsnooze_until: 2026-12-01\n"),
        "people/E fourteen.md": contact_text("met: 2026-11-11\n"),
        "people/F fifteen.md": contact_text("met: 2026-11-10\n"),
        "people/G at fair.md": contact_text("met: '[[2026-11-01 Fair]]'\n"),
    })
    f = check(root)
    got = messages(f, "card-stack")
    tail = " and nothing since: add a follow-up, an offer/need, or log the contact you had"
    assert got == {"people/F fifteen.md": "met 15 days ago" + tail,
                   "people/G at fair.md": "met 24 days ago at 2026-11-01 Fair" + tail}
    assert {x["column"] for x in f} == {1}


def test_followup_overdue_counts_days_and_skips_archived_contacts(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text(body="- [ ] send the deck 📅 2026-11-24\n- [ ] call back 📅 2026-11-22\n"),
        "people/Old.md": contact_text("status: archived\n", "- [ ] send the deck 📅 2026-11-01\n"),
    })
    got = sorted(x["message"] for x in check(root) if x["rule"] == "followup-overdue")
    assert got == ["follow-up 'call back' was due 2026-11-22 (3 days ago): do it, or give it a new date",
                   "follow-up 'send the deck' was due 2026-11-24 (1 day ago): do it, or give it a new date"]


def test_undated_promise_message_and_cancelled_events(make_vault):
    root = make_vault({
        "events/Held.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n- [ ] send Bob the deck\n",
        "events/Off.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nstatus: cancelled\n---\n"
                         "- [ ] send Bob the deck\n",
    })
    got = messages(check(root), "promise-untracked")
    assert got == {"events/Held.md": "undated promise: give this task a due date (📅 YYYY-MM-DD) so it reaches "
                                     "your agenda"}


def test_meeting_homework_window_includes_today_and_its_last_day(make_vault):
    def meeting(day):
        return (f"---\ntype: event\ndate: {day}\nobjectives: [x]\nattendees:\n  - '[[Archived]]'\n"
                f"  - '[[Ann]]'\n---\n")

    root = make_vault({
        "events/Today.md": meeting("2026-11-25"),
        "events/Last day.md": meeting("2026-12-09"),
        "events/Later.md": meeting("2026-12-10"),
        "people/Archived.md": contact_text("status: archived\n"),
        "people/Ann.md": contact_text("offer: an intro\n"),
    })
    got = messages(check(root), "meeting-no-homework")
    assert set(got) == {"events/Today.md", "events/Last day.md"}
    assert got["events/Today.md"] == ("meeting on 2026-11-25 and no homework on Ann (no need): write down what "
                                      "you can offer them (`offer:`) and what you need from them (`need:`) in "
                                      "their notes")


def test_meeting_homework_lists_five_names_then_how_many_more(make_vault):
    names = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay"]
    files = {f"people/{n}.md": contact_text() for n in names}
    attendees = "".join(f"  - '[[{n}]]'\n" for n in names)
    files["events/Six.md"] = f"---\ntype: event\ndate: 2026-11-30\nobjectives: [x]\nattendees:\n{attendees}---\n"
    five = "".join(f"  - '[[{n}]]'\n" for n in names[:5])
    files["events/Five.md"] = f"---\ntype: event\ndate: 2026-11-30\nobjectives: [x]\nattendees:\n{five}---\n"
    got = messages(check(make_vault(files)), "meeting-no-homework")
    listed = ", ".join(f"{n} (no offer or need)" for n in names[:5])
    assert f"no homework on {listed} and 1 more:" in got["events/Six.md"]
    assert f"no homework on {listed}:" in got["events/Five.md"]


def test_stay_in_touch_edges_skips_and_wording(make_vault):
    root = make_vault({
        "people/A archived.md": contact_text("cadence: 1m\nlast_contact: 2026-01-01\nstatus: archived\n"),
        "people/B untriaged.md": contact_text("cadence: 1m\nlast_contact: 2026-01-01\ntriage: pending\n"),
        "people/C snoozed.md": contact_text("cadence: 1m\nlast_contact: 2026-01-01\nsnooze_until: 2026-12-01\n"),
        "people/D due today.md": contact_text("cadence: 10d\nlast_contact: 2026-11-15\n"),
        "people/E overdue.md": contact_text("cadence: 10d\nlast_contact: 2026-11-14\n"),
        "people/F met.md": contact_text("cadence: 10d\nmet: 2026-11-14\n"),
        "people/G default.md": contact_text("name: Gus\nlast_contact: 2026-09-01\n"),
    }, toml='default_cadence = "30d"\n')
    f = check(root)
    got = {x["path"]: (x["line"], x["message"]) for x in f if x["rule"] == "stay-in-touch"}
    assert got == {
        "people/E overdue.md": (3, "11 days since last contact, cadence 10d: get in touch"),
        "people/F met.md": (3, "11 days since you met, cadence 10d: get in touch"),
        "people/G default.md": (4, "85 days since last contact, cadence 30d: get in touch"),
    }


def gathering(day, attendees, extra=""):
    names = "".join(f"  - '[[{a}]]'\n" for a in attendees)
    return f"---\ntype: event\ndate: {day}\nkind: meetup\nobjectives: [x]\n{extra}attendees:\n{names}---\n"


def test_only_known_people_reads_its_minimum_and_counts_new_people(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("met: 2026-01-01\n"),
        "people/Bob.md": contact_text("met: 2026-01-01\n"),
        "people/New.md": contact_text("met: 2026-11-01\n"),
        "people/New2.md": contact_text("met: 2026-11-01\n"),
        "events/One new.md": gathering("2026-11-01", ["Ann", "New"]),
        "events/Two new.md": gathering("2026-11-01", ["Ann", "New", "New2"]),
    }, toml="[rules.only-known-people]\nmin_new_people = 2\n")
    got = messages(check(root), "only-known-people")
    assert got == {"events/One new.md": "you met 1 new person at this event, fewer than the 2.0 you aim for: "
                                        "next time meet someone new"}
    root = make_vault({"people/New3.md": contact_text("met: 2026-11-01\n"),
                       "events/One new.md": gathering("2026-11-01", ["New", "New2", "New3"])},
                      toml="[rules.only-known-people]\nmin_new_people = 4\n")
    got = messages(check(root), "only-known-people")
    assert got["events/One new.md"].startswith("you met 3 new people at this event, fewer than the 4.0")


def test_only_known_people_judges_todays_held_meetings_and_group_meetings_not_cancelled_ones(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("met: 2026-01-01\n"),
        "people/Bob.md": contact_text("met: 2026-01-01\n"),
        "groups/Club.md": "---\ntype: group\npurpose: find clients\n---\n",
        "events/Off.md": gathering("2026-11-01", ["Ann", "Bob"], "status: cancelled\n"),
        "events/Today.md": gathering("2026-11-25", ["Ann", "Bob"], "status: done\n"),
        "events/Club night.md": "---\ntype: event\ndate: 2026-11-02\nkind: dinner\nobjectives: [x]\n"
                                "group: '[[Club]]'\nattendees: ['[[Ann]]']\n---\n",
    })
    got = messages(check(root), "only-known-people")
    assert set(got) == {"events/Today.md", "events/Club night.md"}
    assert got["events/Club night.md"] == ("everyone you noted at this event you already knew (Ann): "
                                           "next time meet someone new")


def test_social_only_follow_ups_are_reported_once_in_the_contacts_own_note(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text("name: Ann Lee\n", "- [ ] add her on LinkedIn\n"),
        "events/Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nattendees: ['[[Ann]]', '[[Bob]]']\n"
                          "---\n- [ ] friend requests to everyone from tonight\n"
                          "- [ ] connect with [[Ann]] on LinkedIn\n",
        "people/Bob.md": contact_text(),
    })
    f = [x for x in check(root) if x["rule"] == "social-only-followup"]
    assert [(x["path"], x["line"]) for x in f] == [("events/Fair.md", 7), ("people/Ann.md", 5)]
    assert f[1]["message"] == ("the only next step with Ann Lee is a friend or connection request: add a real "
                               "follow-up (a call, a coffee, something to send)")
    assert f[0]["message"] == ("the only follow-ups from this event are friend or connection requests: plan a "
                               "real next step with the people you met (a call, a coffee, something to send)")


def test_social_only_event_follow_up_reported_once_at_its_line(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text(),
        "events/Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nattendees: ['[[Ann]]', '[[Bob]]']\n"
                          "---\n- [ ] connect with [[Ann]] on LinkedIn\n"
                          "- [ ] friend requests to everyone from tonight\n",
        "people/Bob.md": contact_text(),
    })
    f = [(x["path"], x["line"]) for x in check(root) if x["rule"] == "social-only-followup"]
    assert f == [("events/Fair.md", 7)]


def test_social_only_needs_every_follow_up_to_be_a_request(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text(body="- [ ] read the LinkedIn article Ann wrote\n"),
        "events/Mixed.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n"
                           "- [ ] friend requests to everyone from tonight\n- [ ] send the deck to the group\n",
        "events/Done.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n"
                          "- [x] send the deck to the group\n- [ ] friend requests to everyone from tonight\n",
        "notes/Diary.md": "- [ ] friend requests to everyone from tonight\n",
    })
    f = [(x["path"], x["line"]) for x in check(root) if x["rule"] == "social-only-followup"]
    assert f == [("events/Done.md", 7)]


def test_social_only_reads_the_vaults_own_request_phrases(make_vault):
    root = make_vault({"people/Ann.md": contact_text(body="- [ ] follow Ann on Mastodon\n")},
                      toml='[wordlists.extend]\nfriend_request_phrases = ["follow … on Mastodon"]\n')
    assert [x["path"] for x in check(root) if x["rule"] == "social-only-followup"] == ["people/Ann.md"]


def club_meeting(day: str, club: str, extra: str = "") -> str:
    return f"---\ntype: event\ndate: {day}\nobjectives: [x]\ngroup: '[[{club}]]'\n{extra}---\n"


def test_group_lapsed_counts_meetings_held_today_not_cancelled_or_before_joining(make_vault):
    root = make_vault({
        "groups/Today.md": "---\ntype: group\npurpose: clients\njoined: 2026-01-01\n---\n",
        "events/t1.md": club_meeting("2026-06-01", "Today"),
        "events/t2.md": club_meeting("2026-11-25", "Today", "status: done\n"),
        "groups/Cancelled.md": "---\ntype: group\npurpose: clients\njoined: 2026-01-01\n---\n",
        "events/c1.md": club_meeting("2026-06-01", "Cancelled"),
        "events/c2.md": club_meeting("2026-11-01", "Cancelled", "status: cancelled\n"),
        "groups/Before.md": "---\ntype: group\npurpose: clients\njoined: 2026-03-01\n---\n",
        "events/b1.md": club_meeting("2026-01-10", "Before"),
        "events/b2.md": club_meeting("2026-02-10", "Before"),
    })
    got = {x["path"]: (x["line"], x["message"]) for x in check(root) if x["rule"] == "group-lapsed"}
    tail = ": go regularly or leave; referrals come from being seen"
    assert got == {"groups/Cancelled.md": (4, "attended 1 time since joining on 2026-01-01" + tail),
                   "groups/Before.md": (4, "attended 0 times since joining on 2026-03-01" + tail)}


def test_group_lapsed_waits_out_twice_the_meeting_interval(make_vault):
    root = make_vault({
        "groups/Sixty.md": "---\ntype: group\npurpose: clients\njoined: 2026-09-26\n---\n",
        "groups/Sixty one.md": "---\ntype: group\npurpose: clients\njoined: 2026-09-25\n---\n",
        "groups/Weekly.md": "---\ntype: group\npurpose: clients\njoined: 2026-09-01\nmeets: 1w\n---\n",
        "events/w1.md": club_meeting("2026-10-01", "Weekly"),
        "events/w2.md": club_meeting("2026-11-11", "Weekly"),
        "groups/Lapsed.md": "---\ntype: group\npurpose: clients\njoined: 2026-09-01\nmeets: 1w\n---\n",
        "events/l1.md": club_meeting("2026-10-01", "Lapsed"),
        "events/l2.md": club_meeting("2026-11-09", "Lapsed"),
        "groups/No join date.md": "---\ntype: group\npurpose: clients\n---\n",
    })
    got = {x["path"]: (x["line"], x["message"]) for x in check(root) if x["rule"] == "group-lapsed"}
    assert got == {
        "groups/Sixty one.md": (4, "attended 0 times since joining on 2026-09-25: go regularly or leave; "
                                   "referrals come from being seen"),
        "groups/Lapsed.md": (5, "last attended 2026-11-09 (16 days ago) though it meets every 1w: go again "
                                "or leave"),
    }


def test_group_lapsed_on_one_group_uses_the_whole_vaults_attendance(make_vault):
    root = make_vault({
        "groups/Club.md": "---\ntype: group\npurpose: clients\njoined: 2026-01-01\n---\n",
        "groups/Other.md": "---\ntype: group\npurpose: clients\n---\n",
        "events/o1.md": club_meeting("2026-06-01", "Other"),
    })
    assert [x["path"] for x in check(root, str(root / "groups/Club.md")) if x["rule"] == "group-lapsed"] == ["groups/Club.md"]
    # an edit to the group alone re-checks it on its own, still judged by the whole vault's attendance
    (root / "groups/Club.md").write_text("---\ntype: group\npurpose: more clients\njoined: 2026-01-01\n---\n")
    assert [x["path"] for x in check(root) if x["rule"] == "group-lapsed"] == ["groups/Club.md", "groups/Other.md"]


def test_social_only_matches_curly_apostrophes_and_the_vaults_removed_phrases(make_vault):
    root = make_vault({
        "people/Ann.md": contact_text(body="- [ ] LinkedIn invite for Ann\n"),
        "people/Bob.md": contact_text(body="- [ ] friend him\n"),
    }, toml='[wordlists.remove]\nfriend_request_phrases = ["LinkedIn invite"]\n')
    assert [x["path"] for x in check(root) if x["rule"] == "social-only-followup"] == ["people/Bob.md"]
    root = make_vault({"people/Cy.md": contact_text(body="- [ ] like Cy\u2019s posts\n")},
                      toml='[wordlists.extend]\nfriend_request_phrases = ["like …\'s posts"]\n')
    assert "people/Cy.md" in [x["path"] for x in check(root) if x["rule"] == "social-only-followup"]


def test_social_only_reads_a_vault_phrase_made_only_of_wildcards(make_vault):
    root = make_vault({"people/Ann.md": contact_text(body="- [ ] befriended Ann on Mastodon\n"),
                       "people/Bob.md": contact_text(body="- [ ] send Bob the deck\n")},
                      toml='[wordlists.extend]\nfriend_request_phrases = ["befriend*"]\n')
    assert [x["path"] for x in check(root) if x["rule"] == "social-only-followup"] == ["people/Ann.md"]
