"""plainnet snooze / archive and plainnet_ignore in the agenda: contacts put away for a while or for
good, through the CLI on temporary vaults."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.putaway import snooze_date

TODAY = "2026-11-20"
ANN = "---\ntype: contact\nmet: 2026-01-01\ncadence: 1m\nlast_contact: 2026-06-01\n---\n\n## Notes\n\nKind.\n"
BEN = "---\ntype: contact\nmet: 2026-10-01\n---\n"
CAL = "---\ntype: contact\nmet: 2026-09-01\nfollow_ups:\n  - due: 2026-11-01\n    what: send the deck\n---\n"
LUNCH = ("---\ntype: event\ndate: 2026-11-25\nstatus: planned\nobjectives: [meet]\n"
         "attendees: [\"[[Cal]]\"]\n---\n")


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def agenda(root, today=TODAY) -> dict:
    r = run(root, "agenda", "--json", today=today)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def whats(a: dict, section: str | None = None) -> list[str]:
    return [i["what"] for i in a["items"] if section is None or i["section"] == section]


def findings(root, today=TODAY) -> list[tuple[str, str]]:
    r = run(root, "check", "--format", "json", "--fail-on", "info", today=today)
    return [(f["path"], f["rule"]) for f in json.loads(r.stdout)]


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Ann.md": ANN, "people/Ben.md": BEN, "people/Cal.md": CAL, "events/Lunch.md": LUNCH})


def test_snooze_for_a_period_leaves_stay_in_touch_and_comes_back(vault):
    assert "get in touch with Ann" in whats(agenda(vault), "stay-in-touch")
    assert ("people/Ann.md", "stay-in-touch") in findings(vault)
    before = (vault / "people/Ann.md").read_text()
    r = run(vault, "snooze", "Ann", "2w")
    assert r.exit_code == 0 and "people/Ann.md: snooze_until: 2026-12-04" in r.output
    after = (vault / "people/Ann.md").read_text()
    assert after == before.replace("last_contact: 2026-06-01\n", "last_contact: 2026-06-01\nsnooze_until: 2026-12-04\n")
    a = agenda(vault)
    assert "get in touch with Ann" not in whats(a) and a["snoozed"] == 1
    assert ("people/Ann.md", "stay-in-touch") not in findings(vault)
    plain = run(vault, "agenda")
    assert "1 snoozed contact (back on the agenda when their snooze_until passes)" in plain.output
    # the day the snooze ends it is back, and no longer counted
    back = agenda(vault, today="2026-12-04")
    assert "get in touch with Ann" in whats(back) and back["snoozed"] == 0


def test_snooze_until_a_date_leaves_no_next_step(vault):
    assert "decide a next step with Ben" in whats(agenda(vault), "no-next-step")
    assert run(vault, "snooze", "Ben", "2027-01-15").exit_code == 0
    assert "decide a next step with Ben" not in whats(agenda(vault))
    assert ("people/Ben.md", "card-stack") not in findings(vault)
    assert run(vault, "snooze", "Ben", "off").exit_code == 0
    assert "snooze_until:\n" in (vault / "people/Ben.md").read_text()
    assert "decide a next step with Ben" in whats(agenda(vault))


@pytest.mark.parametrize("when, message", [
    ("yesterday", "neither a period"), ("2026-11-20", "must end after today"), ("0d", "at least one day"),
])
def test_bad_snooze_is_a_usage_error(vault, when, message):
    before = (vault / "people/Ann.md").read_bytes()
    r = run(vault, "snooze", "Ann", when)
    assert r.exit_code == 2 and message in r.output
    assert (vault / "people/Ann.md").read_bytes() == before


def test_unknown_contact_is_a_usage_error(vault):
    r = run(vault, "archive", "Zed")
    assert r.exit_code == 2 and "no contact called 'Zed'" in r.output


def test_archive_leaves_agenda_and_habit_checks_but_not_review(vault):
    a = agenda(vault)
    assert "send the deck" in whats(a, "overdue")
    assert any("Cal has no offer or need" in w for w in whats(a, "homework"))
    review_before = json.loads(run(vault, "review", "--json").stdout)
    r = run(vault, "archive", "Cal")
    assert r.exit_code == 0 and "people/Cal.md: status: archived" in r.output
    a = agenda(vault)
    assert "send the deck" not in whats(a)
    assert not any("Cal" in w for w in whats(a))
    assert not [f for f in findings(vault) if f[0] == "people/Cal.md" and f[1] in ("card-stack", "followup-overdue")]
    review_after = json.loads(run(vault, "review", "--json").stdout)
    assert review_after["counts"] == review_before["counts"]
    assert review_after["habits"] == review_before["habits"]
    # the link from the lunch still resolves
    show = json.loads(run(vault, "show", "Lunch", "--json").stdout)
    assert {"target": "Cal", "resolved": "people/Cal.md"}.items() <= next(
        link for link in show["links"] if link["target"] == "Cal").items()
    assert run(vault, "archive", "Cal", "--undo").exit_code == 0
    assert "send the deck" in whats(agenda(vault))


@pytest.mark.parametrize("rule, item", [
    ("stay-in-touch", "get in touch with Ann"),
    ("card-stack", "decide a next step with Ben"),
    ("no-next-step", "decide a next step with Ben"),
    ("followup-overdue", "send the deck"),
])
def test_plainnet_ignore_silences_the_agenda_item_and_the_finding(vault, rule, item):
    who = {"get in touch with Ann": "Ann", "decide a next step with Ben": "Ben", "send the deck": "Cal"}[item]
    assert item in whats(agenda(vault))
    path = vault / f"people/{who}.md"
    path.write_text(path.read_text().replace("---\ntype: contact\n", f"---\ntype: contact\nplainnet_ignore: [{rule}]\n"))
    assert item not in whats(agenda(vault))
    finding_rule = {"no-next-step": "card-stack"}.get(rule, rule)
    assert (f"people/{who}.md", finding_rule) not in findings(vault) or rule == "no-next-step"


def test_plainnet_ignore_on_an_event_silences_its_homework(vault):
    assert whats(agenda(vault), "homework")
    path = vault / "events/Lunch.md"
    path.write_text(path.read_text().replace("type: event\n", "type: event\nplainnet_ignore: meeting-no-homework\n"))
    assert whats(agenda(vault), "homework") == []


def test_snooze_periods():
    today = date(2026, 1, 31)
    assert snooze_date("2w", today) == date(2026, 2, 14)
    assert snooze_date("10d", today) == date(2026, 2, 10)
    assert snooze_date("1m", today) == date(2026, 2, 28)  # no 31 February
    assert snooze_date("1y", today) == date(2027, 1, 31)
