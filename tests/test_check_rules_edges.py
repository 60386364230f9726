"""Edges of the check rules (plainnet/rules/local.py, plainnet/checks/habits.py) and of
`plainnet pitch`'s reading: the full wording users read, the configured thresholds, front-matter
follow-ups that answer a spoken promise, consent spellings, silencing inside the note, and the
pitch a note does or does not hold. Through the CLI on temporary vaults; today is 2026-11-25."""
from __future__ import annotations

import json

from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"


def run(root, *args):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args], catch_exceptions=False)


def check(root, *args) -> list[dict]:
    res = run(root, "check", "--format", "json", *args)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


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


def contact(extra: str = "", body: str = "") -> str:
    return f"---\ntype: contact\n{extra}---\n{body}"


def test_card_stack_counts_from_the_fifteenth_day_and_names_the_event(make_vault):
    root = make_vault({
        "events/2026-11-01 Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nstatus: done\n---\n",
        "people/A archived.md": contact("met: 2026-10-01\nstatus: archived\n"),
        "people/B untriaged.md": contact("met: 2026-10-01\ntriage: pending\n"),
        "people/C triaged.md": contact("met: 2026-10-01\ntriage: done\n"),
        "people/D snoozed.md": contact("met: 2026-10-01\nsnooze_until: 2026-12-01\n"),
        "people/E fourteen.md": contact("met: 2026-11-11\n"),
        "people/F fifteen.md": contact("met: 2026-11-10\n"),
        "people/G at fair.md": contact("met: '[[2026-11-01 Fair]]'\n"),
    })
    f = check(root)
    got = messages(f, "card-stack")
    tail = " and nothing since: add a follow-up, an offer/need, or log the contact you had"
    assert got == {"people/F fifteen.md": "met 15 days ago" + tail,
                   "people/G at fair.md": "met 24 days ago at 2026-11-01 Fair" + tail}
    assert {x["column"] for x in f} == {1}


def test_followup_overdue_counts_days_and_skips_archived_contacts(make_vault):
    root = make_vault({
        "people/Ann.md": contact(body="- [ ] send the deck 📅 2026-11-24\n- [ ] call back 📅 2026-11-22\n"),
        "people/Old.md": contact("status: archived\n", "- [ ] send the deck 📅 2026-11-01\n"),
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
        "people/Archived.md": contact("status: archived\n"),
        "people/Ann.md": contact("offer: an intro\n"),
    })
    got = messages(check(root), "meeting-no-homework")
    assert set(got) == {"events/Today.md", "events/Last day.md"}
    assert got["events/Today.md"] == ("meeting on 2026-11-25 and no homework on Ann (no need): write down what "
                                      "you can offer them (`offer:`) and what you need from them (`need:`) in "
                                      "their notes")


def test_meeting_homework_lists_five_names_then_how_many_more(make_vault):
    names = ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay"]
    files = {f"people/{n}.md": contact() for n in names}
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
        "people/A archived.md": contact("cadence: 1m\nlast_contact: 2026-01-01\nstatus: archived\n"),
        "people/B untriaged.md": contact("cadence: 1m\nlast_contact: 2026-01-01\ntriage: pending\n"),
        "people/C snoozed.md": contact("cadence: 1m\nlast_contact: 2026-01-01\nsnooze_until: 2026-12-01\n"),
        "people/D due today.md": contact("cadence: 10d\nlast_contact: 2026-11-15\n"),
        "people/E overdue.md": contact("cadence: 10d\nlast_contact: 2026-11-14\n"),
        "people/F met.md": contact("cadence: 10d\nmet: 2026-11-14\n"),
        "people/G default.md": contact("name: Gus\nlast_contact: 2026-09-01\n"),
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
        "people/Ann.md": contact("met: 2026-01-01\n"),
        "people/Bob.md": contact("met: 2026-01-01\n"),
        "people/New.md": contact("met: 2026-11-01\n"),
        "people/New2.md": contact("met: 2026-11-01\n"),
        "events/One new.md": gathering("2026-11-01", ["Ann", "New"]),
        "events/Two new.md": gathering("2026-11-01", ["Ann", "New", "New2"]),
    }, toml="[rules.only-known-people]\nmin_new_people = 2\n")
    got = messages(check(root), "only-known-people")
    assert got == {"events/One new.md": "you met 1 new person at this event, fewer than the 2.0 you aim for: "
                                        "next time meet someone new"}
    root = make_vault({"people/New3.md": contact("met: 2026-11-01\n"),
                       "events/One new.md": gathering("2026-11-01", ["New", "New2", "New3"])},
                      toml="[rules.only-known-people]\nmin_new_people = 4\n")
    got = messages(check(root), "only-known-people")
    assert got["events/One new.md"].startswith("you met 3 new people at this event, fewer than the 4.0")


def test_only_known_people_judges_todays_held_meetings_and_group_meetings_not_cancelled_ones(make_vault):
    root = make_vault({
        "people/Ann.md": contact("met: 2026-01-01\n"),
        "people/Bob.md": contact("met: 2026-01-01\n"),
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
        "people/Ann.md": contact("name: Ann Lee\n", "- [ ] add her on LinkedIn\n"),
        "events/Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nattendees: ['[[Ann]]', '[[Bob]]']\n"
                          "---\n- [ ] friend requests to everyone from tonight\n"
                          "- [ ] connect with [[Ann]] on LinkedIn\n",
        "people/Bob.md": contact(),
    })
    f = [x for x in check(root) if x["rule"] == "social-only-followup"]
    assert [(x["path"], x["line"]) for x in f] == [("events/Fair.md", 7), ("people/Ann.md", 5)]
    assert f[1]["message"] == ("the only next step with Ann Lee is a friend or connection request: add a real "
                               "follow-up (a call, a coffee, something to send)")
    assert f[0]["message"] == ("the only follow-ups from this event are friend or connection requests: plan a "
                               "real next step with the people you met (a call, a coffee, something to send)")


def test_social_only_event_follow_up_reported_once_at_its_line(make_vault):
    root = make_vault({
        "people/Ann.md": contact(),
        "events/Fair.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\nattendees: ['[[Ann]]', '[[Bob]]']\n"
                          "---\n- [ ] connect with [[Ann]] on LinkedIn\n"
                          "- [ ] friend requests to everyone from tonight\n",
        "people/Bob.md": contact(),
    })
    f = [(x["path"], x["line"]) for x in check(root) if x["rule"] == "social-only-followup"]
    assert f == [("events/Fair.md", 7)]


def test_social_only_needs_every_follow_up_to_be_a_request(make_vault):
    root = make_vault({
        "people/Ann.md": contact(body="- [ ] read the LinkedIn article Ann wrote\n"),
        "events/Mixed.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n"
                           "- [ ] friend requests to everyone from tonight\n- [ ] send the deck to the group\n",
        "events/Done.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n"
                          "- [x] send the deck to the group\n- [ ] friend requests to everyone from tonight\n",
        "notes/Diary.md": "- [ ] friend requests to everyone from tonight\n",
    })
    f = [(x["path"], x["line"]) for x in check(root) if x["rule"] == "social-only-followup"]
    assert f == [("events/Done.md", 7)]


def test_social_only_reads_the_vaults_own_request_phrases(make_vault):
    root = make_vault({"people/Ann.md": contact(body="- [ ] follow Ann on Mastodon\n")},
                      toml='[wordlists.extend]\nfriend_request_phrases = ["follow … on Mastodon"]\n')
    assert [x["path"] for x in check(root) if x["rule"] == "social-only-followup"] == ["people/Ann.md"]
