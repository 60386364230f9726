"""Birthdays and anniversaries: the agenda's `dates` section and yearly events in `agenda --ics`."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.notes.yearly import next_on, parse_yearly

LEAP = ("---\ntype: contact\nname: Lea Leap\nbirthday: 1988-02-29\nanniversaries:\n"
        "  - {date: --03-02, what: started at Acme}\n  - {date: 2020-03-01, what: first deal}\n---\n")
NOYEAR = "---\ntype: contact\nbirthday: --03-10\n---\n"
GONE = "---\ntype: contact\nbirthday: 1970-02-27\nstatus: archived\n---\n"


def run(root, *args, today="2027-02-25"):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def dates(root, *args, today="2027-02-25") -> list[tuple[str, str, str]]:
    r = run(root, "agenda", "--json", *args, today=today)
    assert r.exit_code == 0, r.output
    return [(i["what"], i["due"], i["why"]) for i in json.loads(r.stdout)["items"] if i["section"] == "dates"]


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Lea.md": LEAP, "people/Noa.md": NOYEAR, "people/Old.md": GONE})


def test_dates_section_for_the_next_days(vault):
    assert dates(vault, "--days", "7") == [
        ("Lea Leap's birthday (turns 39)", "2027-02-28", "in 3 days"),  # 29 February: the 28th in 2027
        ("Lea Leap: first deal (7 years)", "2027-03-01", "in 4 days"),
        ("Lea Leap: started at Acme", "2027-03-02", "in 5 days"),
    ]
    assert dates(vault, "--days", "2") == []
    assert [d[0] for d in dates(vault, "--days", "14")][-1] == "Noa's birthday"  # no year: no age
    plain = run(vault, "agenda", "--days", "3").output
    assert "Dates to remember (1)" in plain and "people/Lea.md:4" in plain


def test_leap_day_in_a_leap_year_and_today(vault):
    assert dates(vault, "--days", "0", today="2028-02-29") == [("Lea Leap's birthday (turns 40)", "2028-02-29", "today")]
    assert dates(vault, "--days", "0", today="2028-02-28") == []


def test_archived_contacts_have_no_dates(vault):
    assert not any("Old" in d[0] for d in dates(vault, "--days", "30"))


def test_section_filter_and_ignore(vault):
    r = run(vault, "agenda", "--json", "--section", "dates", "--days", "7")
    assert {i["section"] for i in json.loads(r.stdout)["items"]} == {"dates"}
    p = vault / "people/Lea.md"
    p.write_text(p.read_text().replace("type: contact\n", "type: contact\nplainnet_ignore: [dates]\n"))
    assert dates(vault, "--days", "7") == []


def test_bad_dates_are_findings_at_their_line(make_vault):
    root = make_vault({"people/Bad.md": "---\ntype: contact\nbirthday: 31.02.\nanniversaries:\n"
                                        "  - {date: --13-01, what: x}\n---\n"})
    r = run(root, "check", "--format", "json")
    got = [(f["line"], f["rule"], f["message"].split(":")[0]) for f in json.loads(r.stdout)]
    assert (3, "data-date", "birthday") in got and (5, "data-date", "anniversaries[1].date") in got
    assert dates(root, "--days", "365") == []


def test_ics_has_yearly_events(vault, tmp_path):
    import icalendar
    import recurring_ical_events

    out = tmp_path / "agenda.ics"
    assert run(vault, "agenda", "--ics", str(out)).exit_code == 0
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Lea Leap's birthday", "Lea Leap: started at Acme", "Lea Leap: first deal", "Noa's birthday"}
    days = sorted(o["DTSTART"].dt for o in recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2029, 1, 1))
                  if str(o["SUMMARY"]) == "Lea Leap's birthday")
    assert days == [date(2027, 2, 28), date(2028, 2, 29)]
    noa = [o["DTSTART"].dt for o in recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2028, 1, 1))
           if str(o["SUMMARY"]) == "Noa's birthday"]
    assert noa == [date(2027, 3, 10)]
    # the same vault again: the same UIDs (calendar apps update instead of duplicating)
    first = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert run(vault, "agenda", "--ics", str(out)).exit_code == 0
    assert {str(e["UID"]) for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")} == first


@pytest.mark.parametrize("text, want", [
    ("1990-05-01", (1990, 5, 1)), ("--05-01", (None, 5, 1)), ("--0501", (None, 5, 1)), ("--02-29", (None, 2, 29)),
    (date(1990, 5, 1), (1990, 5, 1)), ("05-01", None), ("--02-30", None), ("", None), (None, None),
])
def test_parse_yearly(text, want):
    assert parse_yearly(text) == want


def test_next_on_feb_29():
    assert next_on(2, 29, date(2027, 3, 1)) == date(2028, 2, 29)
    assert next_on(2, 29, date(2028, 3, 1)) == date(2029, 2, 28)
    assert next_on(12, 31, date(2027, 12, 31)) == date(2027, 12, 31)
