"""Options are never dropped: a repeatable option keeps every value, a one-value option given twice
is refused, and the global options work before or after the command."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"
JANE = "---\ntype: contact\nname: Jane Doe\ntags: [client]\nlast_contact: 2026-11-01\n---\n\n## Log\n"
BOB = "---\ntype: contact\nname: Bob\ntags: [kernel]\nlast_contact: 2026-11-01\n---\n"
AMY = "---\ntype: contact\nname: Amy\ntags: [other]\n---\n"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def front(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB, "people/Amy.md": AMY})


def test_log_keeps_every_follow_up_gave_and_got(vault):
    res = run(vault, "log", "Jane Doe", "call", "--follow-up", "2026-12-01", "A", "--follow-up", "2026-12-02", "B",
              "--gave", "intro to Bob", "--gave", "an article", "--got", "a referral", "--got", "feedback")
    assert res.exit_code == 0, res.output
    fm = front(vault / "people/Jane Doe.md")
    assert [(str(f["due"]), f["what"]) for f in fm["follow_ups"]] == [("2026-12-01", "A"), ("2026-12-02", "B")]
    assert [g["what"] for g in fm["gave"]] == ["intro to Bob", "an article"]
    assert [g["what"] for g in fm["got"]] == ["a referral", "feedback"]


def test_new_set_twice_adds_to_a_list_field_and_refuses_a_one_value_field(vault):
    res = run(vault, "new", "contact", "Cy Lee", "--set", "tags=a", "--set", "tags=b", "--set", "company=Acme")
    assert res.exit_code == 0, res.output
    fm = front(vault / "people/Cy Lee.md")
    assert fm["tags"] == ["a", "b"] and fm["company"] == "Acme"
    res = run(vault, "new", "contact", "Di Ray", "--set", "company=Acme", "--set", "company=Beta")
    assert res.exit_code == 2
    assert "--set company= is given twice" in res.output
    assert not (vault / "people/Di Ray.md").exists()


def test_agenda_person_and_tag_keep_every_value(vault):
    res = run(vault, "--today", "2026-11-25", "agenda", "--json")  # (refused: --today twice before the command)
    assert res.exit_code == 2
    toml = 'default_cadence = "1w"\n'
    (vault / "plainnet.toml").write_text(toml, encoding="utf-8")
    everyone = json.loads(run(vault, "agenda", "--json", "--section", "stay-in-touch").stdout)["items"]
    assert {i["person"] for i in everyone} == {"Jane Doe", "Bob"}
    two = json.loads(run(vault, "agenda", "--json", "--person", "Jane Doe", "--person", "Bob").stdout)["items"]
    assert {i["person"] for i in two} == {"Jane Doe", "Bob"}
    one = json.loads(run(vault, "agenda", "--json", "--person", "Bob").stdout)["items"]
    assert {i["person"] for i in one} == {"Bob"}
    tagged = json.loads(run(vault, "agenda", "--json", "--tag", "client", "--tag", "kernel").stdout)["items"]
    assert {i["person"] for i in tagged} == {"Jane Doe", "Bob"}


def test_ls_and_export_tag_keep_every_value(vault):
    res = run(vault, "ls", "--json", "--tag", "client", "--tag", "kernel")
    assert sorted(n["title"] for n in json.loads(res.stdout)) == ["Bob", "Jane Doe"]
    res = run(vault, "ls", "--tag", "client", "--tag", "kernel")
    assert "Bob" in res.output and "Jane Doe" in res.output and "Amy" not in res.output
    res = run(vault, "export", "vcf", "-", "--tag", "client", "--tag", "kernel")
    assert res.exit_code == 0
    assert res.stdout.count("BEGIN:VCARD") == 2 and "Amy" not in res.stdout


def test_import_tag_keeps_every_value(vault, tmp_path):
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Park\r\nEMAIL:eve@x.example\r\nEND:VCARD\r\n")
    res = run(vault, "import", str(card), "--tag", "cards", "--tag", "conf2026")
    assert res.exit_code == 0, res.output
    assert front(vault / "people/Eve Park.md")["tags"] == ["cards", "conf2026"]


@pytest.mark.parametrize("args", [
    ["agenda", "--today", TODAY],
    ["agenda", "--vault", "{root}", "--today", TODAY],
    ["check", "--today", TODAY, "--vault", "{root}"],
    ["ls", "--vault", "{root}"],
])
def test_global_options_after_the_command(vault, monkeypatch, tmp_path, args):
    monkeypatch.chdir(tmp_path)  # not inside the vault: only --vault finds it
    args = [a.replace("{root}", str(vault)) for a in args]
    if "--vault" not in args:
        args = ["--vault", str(vault), *args]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code in (0, 1), res.output
    assert "No such option" not in res.output


def test_today_after_the_command_is_the_date_used(vault):
    res = CliRunner().invoke(cli, ["agenda", "--json", "--vault", str(vault), "--today", "2026-12-01"])
    assert json.loads(res.stdout)["today"] == "2026-12-01"
    res = CliRunner().invoke(cli, ["log", "Bob", "met", "--vault", str(vault), "--today", "2026-11-20"])
    assert res.exit_code == 0, res.output
    assert "- 2026-11-20: met" in (vault / "people/Bob.md").read_text(encoding="utf-8")
    res = CliRunner().invoke(cli, ["export", "vcf", "-", "--vault", str(vault)])
    assert res.stdout.count("BEGIN:VCARD") == 3


def test_global_option_before_and_after_with_different_values_is_refused(vault):
    res = CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-20", "agenda", "--today", "2026-11-25"])
    assert res.exit_code == 2 and "give it once" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, "agenda", "--today", TODAY])
    assert res.exit_code == 0  # the same value twice says the same thing


@pytest.mark.parametrize("args", [
    ["agenda", "--days", "3", "--days", "4"],
    ["agenda", "--days=3", "--days", "4"],
    ["log", "Bob", "x", "--date", "2026-11-01", "--date", "2026-11-02"],
    ["review", "--since", "2026-01-01", "--since", "2026-02-01"],
    ["import", "c.vcf", "--met", "2026-01-01", "--met", "2026-02-01"],
])
def test_a_one_value_option_given_twice_is_refused(vault, args):
    res = run(vault, *args)
    assert res.exit_code == 2
    assert "is given twice" in res.output and "Traceback" not in res.output


def test_new_event_takes_its_date_from_its_name(vault):
    res = run(vault, "new", "event", "2026-12-08 Coffee with Linus", today="2026-12-01")
    assert res.exit_code == 0, res.output
    assert str(front(vault / "events/2026-12-08 Coffee with Linus.md")["date"]) == "2026-12-08"
    items = json.loads(run(vault, "agenda", "--json", today="2026-12-01").stdout)["items"]
    assert [(i["section"], i["due"]) for i in items if "Linus" in i["what"]] == [("homework", "2026-12-08")]
    # a vault template written before {{date}} meant the name's date still gets it
    (vault / "templates").mkdir()
    (vault / "templates/event.md").write_text("---\ntype: event\ndate: {{today}}\nnote: {{date}}\n---\n")
    run(vault, "new", "event", "2026-12-09 Lunch", today="2026-12-01")
    fm = front(vault / "events/2026-12-09 Lunch.md")
    assert str(fm["date"]) == "2026-12-09" and str(fm["note"]) == "2026-12-09"
    # no date in the name: today; an explicit --set date wins
    run(vault, "new", "event", "Team offsite", today="2026-12-01")
    assert str(front(vault / "events/Team offsite.md")["date"]) == "2026-12-01"
    run(vault, "new", "event", "2026-12-10 Call", "--set", "date=2026-12-11", today="2026-12-01")
    assert str(front(vault / "events/2026-12-10 Call.md")["date"]) == "2026-12-11"


def test_new_event_with_an_impossible_date_in_its_name_is_refused(vault):
    res = run(vault, "new", "event", "2026-13-45 Coffee")
    assert res.exit_code == 2 and "2026-13-45, which is not a date" in res.output
    assert not (vault / "events").exists() or not any((vault / "events").iterdir())
