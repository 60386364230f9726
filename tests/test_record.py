"""plainnet new, log and done: through the CLI, on real files, checked with real git."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-25"


def run(root, *args):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])


JANE = (
    "---\n"
    "type: contact\n"
    "aliases: [Jane]  # what she goes by\n"
    "email: Jane@Example.org\n"
    "last_contact: 2026-10-01\n"
    "follow_ups:\n"
    "  - {due: 2026-11-20, what: Send the deck, done: false}\n"
    "  - {due: 2026-11-22, what: Send the invoice, done: false}\n"
    "custom: \"kept 'as is'\"\n"
    "---\n"
    "Notes about Jane.\n"
    "\n"
    "- [ ] Call Jane about the budget 📅 2026-11-30\n"
    "- [ ] Call Jane about the venue 📅 2026-12-02 ^block1\n"
)


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": "---\nemail: bob@x.org\n---\n",
                       "people/Bobby Tables.md": ""})


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_log_appends_and_sets(vault):
    res = run(vault, "log", "Jane", "coffee at the station", "--follow-up", "2026-12-01", "send slides",
              "--gave", "an intro to Lena", "--got", "a referral")
    assert res.exit_code == 0, res.output
    text = (vault / "people/Jane Doe.md").read_text(encoding="utf-8")
    assert text.endswith("## Log\n- 2026-11-25: coffee at the station\n")
    assert "last_contact: 2026-11-25\n" in text
    assert "  - {due: 2026-12-01, what: send slides, done: false}\n" in text  # like its siblings
    assert "gave:\n  - date: 2026-11-25\n    what: an intro to Lena\n" in text
    assert "aliases: [Jane]  # what she goes by\n" in text and "custom: \"kept 'as is'\"\n" in text
    # the follow-up reaches the agenda
    import json

    items = json.loads(run(vault, "agenda", "--json", "--days", "10").stdout)["items"]
    assert any(i["what"] == "send slides" and i["person"] == "Jane Doe" for i in items)


def test_log_never_moves_last_contact_back_and_finds_by_email(vault):
    assert run(vault, "log", "jane@example.org", "old letter", "--date", "2026-01-05").exit_code == 0
    text = (vault / "people/Jane Doe.md").read_text(encoding="utf-8")
    assert "last_contact: 2026-10-01\n" in text and "- 2026-01-05: old letter" in text


def test_log_under_existing_heading(make_vault):
    root = make_vault({"people/A.md": "---\nx: 1\n---\n## Log\n- 2026-01-01: met\n\n## Other\ntext\n"})
    assert run(root, "log", "A", "call").exit_code == 0
    assert lines(root / "people/A.md")[4:7] == ["## Log", "- 2026-01-01: met", "- 2026-11-25: call"]
    assert lines(root / "people/A.md")[-2:] == ["## Other", "text"]


def test_log_unknown_or_ambiguous_lists_candidates(vault):
    res = run(vault, "log", "Bobb", "hi")
    assert res.exit_code == 2 and "Bobby Tables" in res.stderr
    res = run(vault, "log", "Nobody", "hi")
    assert res.exit_code == 2 and "no contact called 'Nobody'" in res.stderr
    res = run(vault, "log", "Jane")
    assert res.exit_code == 2  # nothing to record


def test_done_front_matter_is_a_one_line_git_diff(vault):
    subprocess.run(["git", "init", "-q"], cwd=vault, check=True)
    subprocess.run(["git", "add", "-A"], cwd=vault, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], cwd=vault, check=True)
    res = run(vault, "done", "Jane Doe", "deck")
    assert res.exit_code == 0, res.output
    stat = subprocess.run(["git", "diff", "--numstat"], cwd=vault, capture_output=True, text=True).stdout
    assert stat.startswith("1\t1\tpeople/Jane Doe.md")
    # the date it was done, not `true`: review can tell on time from late
    assert "  - {due: 2026-11-20, what: Send the deck, done: 2026-11-25}" in lines(vault / "people/Jane Doe.md")


def test_done_body_task_gets_a_done_date(vault):
    assert run(vault, "done", "Jane", "venue").exit_code == 0
    assert lines(vault / "people/Jane Doe.md")[-1] == \
        "- [x] Call Jane about the venue 📅 2026-12-02 ✅ 2026-11-25 ^block1"
    before = (vault / "people/Jane Doe.md").read_bytes()
    res = run(vault, "done", "Jane", "venue")
    assert res.exit_code == 2 and "no open follow-up containing 'venue'" in res.stderr
    assert (vault / "people/Jane Doe.md").read_bytes() == before


def test_done_several_matches_lists_them_and_changes_nothing(vault):
    before = (vault / "people/Jane Doe.md").read_bytes()
    res = run(vault, "done", "Jane", "send")
    assert res.exit_code == 2
    assert "Send the deck" in res.stderr and "Send the invoice" in res.stderr
    assert (vault / "people/Jane Doe.md").read_bytes() == before


def test_done_keeps_crlf_and_bom(make_vault):
    data = ("\ufeff" + JANE).replace("\n", "\r\n").encode("utf-8")
    root = make_vault({"people/Jane Doe.md": data})
    assert run(root, "done", "Jane", "budget").exit_code == 0
    after = (root / "people/Jane Doe.md").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert after.replace("- [x] Call Jane about the budget 📅 2026-11-30 ✅ 2026-11-25".encode(), b"") == \
        data.replace("- [ ] Call Jane about the budget 📅 2026-11-30".encode(), b"")


def test_new_from_builtin_and_vault_templates(make_vault):
    root = make_vault({})
    res = run(root, "new", "contact", "Zoë Müller", "--set", "company=Acme, Inc.", "--set", "cadence=1m",
              "--set", "met=[[2026-11-03 Breakfast]]")
    assert res.exit_code == 0, res.output
    text = (root / "people/Zoë Müller.md").read_text(encoding="utf-8")
    assert "name: \"Zoë Müller\"" in text and "company: Acme, Inc.\n" in text and "cadence: 1m\n" in text
    assert 'met: "[[2026-11-03 Breakfast]]"' in text
    import plainnet

    v = plainnet.open_vault(root)
    assert [n.title for n in v.contacts()] == ["Zoë Müller"]
    (root / "templates").mkdir()
    (root / "templates/event.md").write_text("---\ntype: event\ndate: {{today}}\nmine: yes\n---\n# {{title}}\n",
                                              encoding="utf-8")
    assert run(root, "new", "event", "2026-12-01 Lunch").exit_code == 0
    assert (root / "events/2026-12-01 Lunch.md").read_text(encoding="utf-8") == \
        "---\ntype: event\ndate: 2026-12-01\nmine: yes\n---\n# 2026-12-01 Lunch\n"  # the name's date
    assert run(root, "new", "pitch", "Elevator").exit_code == 0 and (root / "Elevator.md").is_file()


@pytest.mark.parametrize("name", ["../escape", "a/b", "a\\b", "what?", "x:y", "<b>", "pipe|d", "star*", '"q"', ".hidden", ".."])
def test_new_refuses_unsafe_names(make_vault, name):
    root = make_vault({})

    def files():  # everything but the index cache
        return sorted(p.relative_to(root.parent) for p in root.parent.rglob("*") if ".plainnet" not in p.parts)

    before = files()
    res = run(root, "new", "contact", name)
    assert res.exit_code == 2 and "plainnet:" in res.stderr
    assert files() == before


def test_new_refuses_to_overwrite(vault):
    before = (vault / "people/Jane Doe.md").read_bytes()
    res = run(vault, "new", "contact", "jane doe")
    assert res.exit_code == 2 and "people/Jane Doe.md already exists" in res.stderr
    assert (vault / "people/Jane Doe.md").read_bytes() == before


def test_write_racing_an_external_edit_is_refused(vault, monkeypatch):
    """The file changes between plainnet's read and its write: plainnet refuses, the edit survives."""
    from plainnet.write import edit

    real = edit.write_atomic

    def racing(snapshot, data):
        snapshot.path.write_text(snapshot.data.decode("utf-8") + "typed in the editor\n", encoding="utf-8")
        return real(snapshot, data)

    monkeypatch.setattr(edit, "write_atomic", racing)
    res = run(vault, "done", "Jane", "deck")
    assert res.exit_code == 2 and "changed" in res.stderr
    text = (vault / "people/Jane Doe.md").read_text(encoding="utf-8")
    assert text.endswith("typed in the editor\n") and "done: false}" in text


def test_editor_option_runs_editor(make_vault, tmp_path):
    if not shutil.which("true"):
        pytest.skip("no 'true' command")
    root = make_vault({})
    res = CliRunner(env={"EDITOR": "true", "VISUAL": "true"}).invoke(
        cli, ["--vault", str(root), "new", "group", "Chamber", "--edit"])
    assert res.exit_code == 0 and (root / "groups/Chamber.md").is_file()


def test_a_refused_edit_names_the_note_and_the_line_check_names(make_vault):
    """log on a contact whose front matter is broken: refused with the file and the same line as
    `plainnet check`, nothing written."""
    bad = "---\ntype: contact\naliases: [Bad]\nname: [unclosed\n---\nbody\n"
    root = make_vault({"people/Bad One.md": bad})
    from click.testing import CliRunner

    from plainnet.cli import cli

    res = CliRunner().invoke(cli, ["--vault", str(root), "log", "Bad One", "coffee"])
    assert res.exit_code == 2
    assert "people/Bad One.md: front matter is not valid YAML (line 4)" in res.stderr
    check = CliRunner().invoke(cli, ["--vault", str(root), "check", "--select", "data-yaml"])
    assert "people/Bad One.md:4:" in check.stdout
    assert (root / "people/Bad One.md").read_text(encoding="utf-8") == bad


# ---------------------------------------------------------------- logging is contact


@pytest.fixture
def network(make_vault):
    return make_vault({
        "people/Jane Doe.md": JANE,
        "people/Bob Ng.md": "---\ntype: contact\ngroups: [\"[[Chamber]]\"]\nlast_contact: 2026-11-01\n---\n",
        "people/Ann Lee.md": "---\ntype: contact\n---\n",
        "events/2026-11-20 Lunch.md": "---\ntype: event\ndate: 2026-11-20\n"
                                      "attendees: [\"[[Jane Doe]]\", \"[[Ann Lee]]\"]\n---\n",
        "events/2026-11-03 Breakfast.md": "---\ntype: event\ndate: 2026-11-03\ngroup: \"[[Chamber]]\"\n"
                                          "attendees: [\"[[Ann Lee]]\"]\n---\n",
        "groups/Chamber.md": "---\ntype: group\nmeets: 1m\n---\n",
        "groups/Empty.md": "---\ntype: group\n---\n",
    })


def test_log_on_an_event_names_its_attendees_and_writes_nothing(network):
    before = (network / "events/2026-11-20 Lunch.md").read_bytes()
    res = run(network, "log", "2026-11-20 Lunch", "lunch")
    assert res.exit_code == 2
    assert "events/2026-11-20 Lunch.md is an event, not a contact" in res.stderr
    assert "attendees" in res.stderr and "Jane Doe" in res.stderr and "Ann Lee" in res.stderr
    assert (network / "events/2026-11-20 Lunch.md").read_bytes() == before


def test_log_on_a_group_names_its_members(network):
    res = run(network, "log", "Chamber", "breakfast")
    assert res.exit_code == 2 and "groups/Chamber.md is a group, not a contact" in res.stderr
    # a contact linking to the group, and the attendees of the group's events
    assert "members" in res.stderr and "Bob Ng" in res.stderr and "Ann Lee" in res.stderr
    assert "Jane Doe" not in res.stderr
    res = run(network, "log", "Empty", "x")
    assert res.exit_code == 2 and "is a group, not a contact" in res.stderr and "Traceback" not in res.output
    assert "last_contact" not in (network / "groups/Chamber.md").read_text()


def test_a_follow_up_alone_does_not_move_last_contact(network):
    res = run(network, "log", "Bob Ng", "--follow-up", "2026-12-01", "send the deck")
    assert res.exit_code == 0, res.output
    text = (network / "people/Bob Ng.md").read_text()
    assert "last_contact: 2026-11-01\n" in text and "send the deck" in text
    assert run(network, "log", "Bob Ng", "--gave", "an intro").exit_code == 0  # giving is contact
    assert "last_contact: 2026-11-25\n" in (network / "people/Bob Ng.md").read_text()


def test_a_log_dated_after_today_is_refused_unless_planned(network):
    before = (network / "people/Bob Ng.md").read_bytes()
    res = run(network, "log", "Bob Ng", "coffee", "--date", "2026-12-03")
    assert res.exit_code == 2 and "2026-12-03 is after today (2026-11-25)" in res.stderr and "--planned" in res.stderr
    assert (network / "people/Bob Ng.md").read_bytes() == before
    res = run(network, "log", "Bob Ng", "coffee", "--date", "2026-12-03", "--planned")
    assert res.exit_code == 0, res.output
    text = (network / "people/Bob Ng.md").read_text()
    assert "- due: 2026-12-03\n    what: coffee\n    done: false\n" in text
    assert "## Log" not in text and "last_contact: 2026-11-01\n" in text  # a plan is not contact
    res = run(network, "log", "Bob Ng", "coffee", "--planned")
    assert res.exit_code == 2 and "--planned needs --date" in res.output
    res = run(network, "log", "Bob Ng", "coffee", "--date", "2026-12-03", "--planned", "--gave", "x")
    assert res.exit_code == 2 and "--gave and --got record what happened" in res.stderr


# ---------------------------------------------------------------- done has a date


def test_done_writes_the_date_it_was_done(vault):
    res = run(vault, "done", "Jane", "invoice", "--date", "2026-11-24")
    assert res.exit_code == 0, res.output
    assert "  - {due: 2026-11-22, what: Send the invoice, done: 2026-11-24}" in lines(vault / "people/Jane Doe.md")
    res = run(vault, "done", "Jane", "budget", "--date", "2026-11-23")
    assert "- [x] Call Jane about the budget 📅 2026-11-30 ✅ 2026-11-23" in lines(vault / "people/Jane Doe.md")
    res = run(vault, "done", "Jane", "venue", "--date", "2026-12-01")
    assert res.exit_code == 2 and "after today" in res.stderr
    # review reads the date: the invoice was two days late
    import json

    data = json.loads(run(vault, "review", "--json", "--since", "2026-11-01", "--until", "2026-11-25").stdout)
    ft = next(h for h in data["habits"] if h["id"] == "follow-through")
    assert ft["figures"]["done_late"] == 1 and ft["figures"]["done_undated"] == 0


def test_done_on_a_dataview_task_writes_completion(make_vault):
    root = make_vault({"people/Ann.md": "---\ntype: contact\n---\n- [ ] Send deck [due:: 2026-11-20] ^b1\n"
                                         "- [ ] Call (due:: 2026-11-21)\n"})
    assert run(root, "done", "Ann", "deck").exit_code == 0
    assert run(root, "done", "Ann", "call").exit_code == 0
    assert lines(root / "people/Ann.md")[3:] == ["- [x] Send deck [due:: 2026-11-20] [completion:: 2026-11-25] ^b1",
                                                 "- [x] Call (due:: 2026-11-21) [completion:: 2026-11-25]"]
    res = run(root, "done", "Ann", "deck")
    assert res.exit_code == 2 and "no open follow-up" in res.stderr


# ---------------------------------------------------------------- one interaction, several people


def test_log_several_people_at_once_is_one_line_in_each(network):
    for p in ("Jane Doe", "Ann Lee"):
        (network / f"people/{p}.md").write_text((network / f"people/{p}.md").read_text() + "\n## Log\n")
    subprocess.run(["git", "init", "-q"], cwd=network, check=True)
    subprocess.run(["git", "add", "-A"], cwd=network, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], cwd=network, check=True)
    res = run(network, "log", "Jane Doe", "Ann Lee", "-m", "lunch at the station")
    assert res.exit_code == 0, res.output
    stat = subprocess.run(["git", "diff", "--numstat"], cwd=network, capture_output=True, text=True).stdout
    # Jane: the log line and last_contact moved; Ann had no last_contact: the log line and a new key
    assert sorted(stat.splitlines()) == ["2\t0\tpeople/Ann Lee.md", "2\t1\tpeople/Jane Doe.md"]
    for p in ("Jane Doe", "Ann Lee"):
        assert "- 2026-11-25: lunch at the station" in lines(network / f"people/{p}.md")


def test_log_several_people_writes_nothing_when_one_name_is_unknown(network):
    before = {p: (network / p).read_bytes() for p in ("people/Jane Doe.md", "people/Ann Lee.md")}
    res = run(network, "log", "Jane Doe", "Nobody Here", "-m", "lunch")
    assert res.exit_code == 2 and "no contact called 'Nobody Here'" in res.stderr
    assert {p: (network / p).read_bytes() for p in before} == before
    # without -m the last argument is what happened (the form with one name keeps working)
    res = run(network, "log", "Jane Doe", "Ann Lee", "coffee")
    assert res.exit_code == 0 and "- 2026-11-25: coffee" in lines(network / "people/Ann Lee.md")
    # the same person twice (name and alias) gets one line
    res = run(network, "log", "Jane Doe", "Jane", "-m", "tea")
    assert res.exit_code == 0 and lines(network / "people/Jane Doe.md").count("- 2026-11-25: tea") == 1
