"""Values in the words people use: cadences, `meets:`, and every field a rule reads. A value
plainnet cannot use is a finding at its line, never a silent default."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.notes.dates import CADENCE_FORMS, cadence_error, parse_cadence

TODAY = "2026-11-25"


def run(root, *args):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])


def findings(root, *args) -> list[dict]:
    res = run(root, "check", "--format", "json", *args)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


@pytest.mark.parametrize("text, days", [
    ("2w", 14), ("30d", 30), ("3m", 90), ("1y", 365), ("2 W", 14), (" 6w ", 42), (45, 45),
    ("3 months", 90), ("6 weeks", 42), ("1 year", 365), ("10 days", 10), ("2 quarters", 180),
    ("every 2 weeks", 14), ("every week", 7), ("every month", 30), ("every other week", 14),
    ("every three months", 90), ("once a month", 30), ("a year", 365),
    ("daily", 1), ("weekly", 7), ("fortnightly", 14), ("monthly", 30), ("quarterly", 90),
    ("half-yearly", 182), ("yearly", 365), ("annually", 365), ("Monthly", 30), ("3mo", 90),
])
def test_cadence_forms(text, days):
    assert parse_cadence(text) == timedelta(days=days)
    assert cadence_error(text) is None


@pytest.mark.parametrize("text", ["sometimes", "3 mnths", "0d", "every 0 weeks", 0, -3, True, "biweekly",
                                  "bimonthly", "2x a week", "3m ago", ["3m"], {"every": "3m"}, "1.5m"])
def test_not_a_cadence(text):
    assert parse_cadence(text) is None
    assert cadence_error(text)


@pytest.mark.parametrize("text", [None, "", "never", "off", "None", False])
def test_empty_and_never_are_no_cadence_and_no_error(text):
    assert parse_cadence(text) is None and cadence_error(text) is None


def _contact(cadence: str, last="2026-06-01") -> str:
    return f"---\ntype: contact\nlast_contact: {last}\ncadence: {cadence}\n---\n"


@pytest.mark.parametrize("cadence", ["3 months", "6 weeks", "monthly", "quarterly", "every 2 weeks"])
def test_english_cadences_keep_stay_in_touch_on(make_vault, cadence):
    """Before, these turned stay-in-touch off without a word."""
    root = make_vault({"people/Ann.md": _contact(cadence)})
    f = findings(root)
    assert [(x["rule"], x["line"]) for x in f] == [("stay-in-touch", 4)]
    res = run(root, "agenda", "--json")
    assert [i["section"] for i in json.loads(res.stdout)["items"]] == ["stay-in-touch"]


def test_an_unreadable_cadence_is_an_error_at_its_line_with_the_forms(make_vault):
    root = make_vault({"people/Ann.md": _contact("every so often")})
    res = run(root, "check")
    assert res.exit_code == 1
    assert "people/Ann.md:4:1: error data-cadence cadence: 'every so often' is not a cadence" in res.output
    assert CADENCE_FORMS in res.output


def test_never_opts_a_contact_out_of_the_default_cadence(make_vault):
    root = make_vault({"people/Ann.md": _contact("never"), "people/Bob.md": _contact("off"),
                       "people/Cy.md": "---\ntype: contact\nlast_contact: 2026-06-01\ncadence:\n---\n"},
                      toml='default_cadence = "1m"\n')
    assert [(x["path"], x["rule"]) for x in findings(root)] == [("people/Cy.md", "stay-in-touch")]


def test_group_meets_in_words_counts_meetings(make_vault):
    group = "---\ntype: group\npurpose: referrals\njoined: 2026-01-01\nmeets: {}\n---\n"
    ev = ("---\ntype: event\ndate: {d}\nkind: meetup\nobjectives: [x]\ngroup: \"[[{g}]]\"\n"
          "attendees: [\"[[Ann]]\", \"[[Bob]]\"]\n---\n")
    files = {"people/Ann.md": "---\ntype: contact\nmet: 2026-01-01\n---\n",
             "people/Bob.md": "---\ntype: contact\nmet: 2026-01-01\n---\n"}
    for g, meets in (("Weekly club", "weekly"), ("Numbers club", "1w"), ("Odd club", "now and then")):
        files[f"groups/{g}.md"] = group.format(meets)
        for d in ("2026-03-01", "2026-04-01"):
            files[f"events/{d} {g}.md"] = ev.format(d=d, g=g)
    f = findings(make_vault(files))
    lapsed = {x["path"] for x in f if x["rule"] == "group-lapsed"}
    assert lapsed == {"groups/Weekly club.md", "groups/Numbers club.md"}  # words read like numbers
    assert [(x["path"], x["line"]) for x in f if x["rule"] == "data-cadence"] == [("groups/Odd club.md", 5)]


def test_default_cadence_in_words(make_vault):
    root = make_vault({"people/Ann.md": "---\ntype: contact\nlast_contact: 2026-06-01\n---\n"},
                      toml='default_cadence = "every 3 months"\n')
    assert [x["rule"] for x in findings(root)] == ["stay-in-touch"]


def test_pending_consent_is_not_consent(make_vault):
    root = make_vault({
        "people/Pending.md": "---\ntype: contact\nmailing_list: true\nconsent: pending\n---\n",
        "people/Declined.md": "---\ntype: contact\nmailing_list: true\nconsent: declined\n---\n",
        "people/Agreed.md": "---\ntype: contact\nmailing_list: true\nconsent: 2026-03-02 signed up at the talk\n---\n",
    })
    got = sorted(x["path"] for x in findings(root) if x["rule"] == "list-without-consent")
    assert got == ["people/Declined.md", "people/Pending.md"]


def test_follow_up_done_that_is_not_yes_no_or_a_date(make_vault):
    root = make_vault({"people/Ann.md": ("---\ntype: contact\nfollow_ups:\n"
                                         "  - {due: 2026-12-01, what: send deck, done: someday}\n"
                                         "  - {due: 2026-12-01, what: call, done: 2026-11-20}\n"
                                         "  - {due: 2026-12-01, what: mail, done: no}\n---\n")})
    f = [x for x in findings(root) if x["rule"] == "data-value"]
    assert [(x["line"], x["message"][:30]) for x in f] == [(4, "follow_ups[1].done: 'someday' ")]


def test_min_new_people_is_read(make_vault):
    files = {"people/Ann.md": "---\ntype: contact\nmet: 2026-01-01\n---\n",
             "people/Bob.md": "---\ntype: contact\nmet: \"[[2026-11-01 Meetup]]\"\n---\n",
             "events/2026-11-01 Meetup.md": ("---\ntype: event\ndate: 2026-11-01\nkind: meetup\nobjectives: [x]\n"
                                             "attendees: [\"[[Ann]]\", \"[[Bob]]\"]\n---\n")}
    assert not [x for x in findings(make_vault(files)) if x["rule"] == "only-known-people"]
    root = make_vault(files, toml="[rules.only-known-people]\nmin_new_people = 2\n")
    f = [x for x in findings(root) if x["rule"] == "only-known-people"]
    assert len(f) == 1 and "you met 1 new person" in f[0]["message"]


def test_every_kind_a_check_reads_is_a_known_kind():
    from plainnet.checks.habits import GATHERINGS, PRIVATE
    from plainnet.network import ONE_TO_ONE
    from plainnet.rules.values import EVENT_KINDS

    assert ONE_TO_ONE | PRIVATE | GATHERINGS <= set(EVENT_KINDS)


def test_more_values_plainnet_cannot_use_are_findings(make_vault):
    root = make_vault({
        "people/Met.md": "---\ntype: contact\nmet: at the chamber breakfast\n---\n",
        "people/Met ok.md": "---\ntype: contact\nmet: 2026-03-01\n---\n",
        "notes/Tagged.md": "---\ntags: client, kernel\n---\n",
        "notes/Listed.md": "---\ntags: [client, kernel]\n---\n",
        "people/Quiet.md": "---\ntype: contact\nplainnet_ignore: [card-stak, one-sided]\n---\n",
        "people/Todo.md": "---\ntype: contact\nfollow_ups: call Bob next week\ngave: an intro\n---\n",
    })
    got = sorted((x["path"], x["line"], x["message"].split(":")[0]) for x in findings(root) if x["rule"] == "data-value")
    assert got == [("notes/Tagged.md", 2, "tags"), ("people/Met.md", 3, "met"), ("people/Quiet.md", 3, "plainnet_ignore"),
                   ("people/Todo.md", 3, "follow_ups"), ("people/Todo.md", 4, "gave")]
    text = run(root, "check").output
    assert "tags: [client, kernel]" in text and "did you mean 'card-stack'?" in text


def test_an_events_group_typed_without_brackets_counts(make_vault):
    files = {"groups/Toastmasters.md": "---\ntype: group\npurpose: speaking\njoined: 2026-01-01\nmeets: monthly\n---\n"}
    for d in ("2026-02-01", "2026-03-01"):
        files[f"events/{d} TM.md"] = f"---\ntype: event\ndate: {d}\nkind: meetup\nobjectives: [x]\ngroup: Toastmasters\n---\n"
    f = [x for x in findings(make_vault(files)) if x["rule"] == "group-lapsed"]
    # attended twice: not "attended 0 times"; lapsed since March (monthly, factor 2)
    assert [x["message"][:25] for x in f] == ["last attended 2026-03-01 "]
