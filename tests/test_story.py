"""`show` as a person's whole story: card, last contact, follow-ups both ways, timeline, introductions, backlinks."""
from __future__ import annotations

import json

from click.testing import CliRunner

from plainnet.api import open_vault
from plainnet.cli import cli
from plainnet.story import clean, is_theirs, plain_value, whole_story

VAULT = {
    "people/Ana Lima.md": "---\ntype: contact\ncompany: Northwind\nrole: CTO\naliases: [Ana]\ncadence: 1m\n"
                          "introduced_by: \"[[Lena Fischer]]\"\ncompany_note: null\ntags: [client, saas]\n"
                          "gave:\n  - {date: 2026-09-01, what: a screener template}\n"
                          "got:\n  - {date: 2026-09-20, what: a referral}\n  - a book tip\n"
                          "follow_ups:\n  - {due: 2026-10-05, what: Waiting for Ana's deck}\n---\n"
                          "Nice person.\x1b[31m red\x07\n\n## Log\n- 2026-10-02: coffee at the station\n"
                          "- 2026-08-01: first call\n\n- [ ] Send Ana the article 📅 2026-10-10\n"
                          "- [ ] Ana to send the budget 📅 2026-10-12\n",
    "people/Lena Fischer.md": "---\ntype: contact\ncompany: Adatum\n---\nKnows [[Ana Lima|Ana]] well.\n",
    "people/Tom.md": "---\ntype: contact\nintroduced_by: \"[[Ana Lima]]\"\n---\n",
    "events/2026-09-15 Meetup.md": "---\ntype: event\ndate: 2026-09-15\nstatus: done\n"
                                   "attendees: [\"[[Ana Lima]]\", \"[[Ghost]]\"]\n---\n- [ ] Email Ana the dates 📅 2026-09-20\n",
    "groups/Guild.md": "---\ntype: group\nmeets: 1m\n---\n",
    "notes/Ideas.md": "See [Ana](../people/Ana%20Lima.md) and [[Ana#Log]].\n",
}


def _run(root, *args, code=0):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-15", *args])
    assert res.exit_code == code, res.output
    return res.output


def test_show_text_is_readable_story(make_vault):
    root = make_vault(VAULT)
    out = _run(root, "show", "Ana")
    assert "None" not in out and "['" not in out and "{'" not in out
    assert "\x1b" not in out and "\x07" not in out
    assert "  company: Northwind" in out
    assert "  gave: 2026-09-01: a screener template" in out
    assert "  got: 2026-09-20: a referral, a book tip" in out
    assert "tags: #client #saas" in out
    # derived: the log line of 2026-10-02 is the last contact; cadence 1m -> due 2026-11-01, 14 days late
    assert "Last contact: 2026-10-02; next due 2026-11-01 (cadence 1m), 14 days late" in out
    assert "Introduced by: Lena Fischer" in out
    assert "Introduced you to: Tom" in out
    owe = out.split("You owe:")[1].split("They promised:")[0]
    assert "Send Ana the article" in owe and "Email Ana the dates" in owe and "budget" not in owe
    promised = out.split("They promised:")[1].split("Timeline:")[0]
    assert "Ana to send the budget" in promised and "Waiting for Ana's deck" in promised
    timeline = out.split("Timeline:")[1].split("Linked from:")[0].strip().splitlines()
    dates = [line.split()[0] for line in timeline if line.split()[0][:1].isdigit()]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(timeline) - 1
    assert "you got: a book tip" in timeline[-1]  # undated entries come last
    assert any("coffee at the station" in l and "people/Ana Lima.md:" in l for l in timeline)
    assert any("attended 2026-09-15 Meetup" in l for l in timeline)
    assert any("you got: a referral" in l and l.rstrip().endswith("people/Ana Lima.md:13") for l in timeline)
    links = out.split("Linked from:")[1]
    assert "people/Lena Fischer.md:5  Knows [[Ana Lima|Ana]] well." in links
    assert "notes/Ideas.md:1" in links and "people/Tom.md:3" in links


def test_show_json_keeps_old_fields_and_adds_story(make_vault):
    root = make_vault(VAULT)
    data = json.loads(_run(root, "show", "people/Ana Lima.md", "--json"))
    for key in ("path", "title", "type", "front_matter", "aliases", "links", "tags", "tasks", "log", "findings"):
        assert key in data
    assert data["last_contact"] == "2026-10-02" and data["next_due"] == "2026-11-01" and data["overdue_days"] == 14
    assert [i["path"] for i in data["introduced_by"]] == ["people/Lena Fischer.md"]
    assert [i["path"] for i in data["introduced"]] == ["people/Tom.md"]
    assert {b["path"] for b in data["backlinks"]} == {"people/Lena Fischer.md", "people/Tom.md",
                                                      "notes/Ideas.md", "events/2026-09-15 Meetup.md"}
    assert {f["who"] for f in data["follow_ups"]["you_owe"]} == {"you"}
    assert len(data["follow_ups"]["they_promised"]) == 2


def test_show_event_and_group(make_vault):
    root = make_vault(VAULT)
    out = _run(root, "show", "2026-09-15 Meetup")
    assert "When: 2026-09-15 (past)" in out and "  Ana Lima  (last contact 2026-10-02)" in out
    assert "  Ghost  (no note)" in out
    assert "Email Ana the dates" in out
    out = _run(root, "show", "Guild")
    assert "meets: 1m" in out and "None" not in out


def test_show_unknown_note_is_a_usage_error(make_vault):
    root = make_vault(VAULT)
    res = CliRunner().invoke(cli, ["--vault", str(root), "show", "Nobody at all"])
    assert res.exit_code == 2 and "no note called" in res.output and "Traceback" not in res.output


def test_library_helpers():
    assert plain_value(None) == "" and plain_value(["a", "b"]) == "a, b"
    assert plain_value([["Jane Doe"]]) == "Jane Doe"
    assert plain_value("[[Jane Doe|Jane]]") == "Jane"
    assert plain_value({"date": "2026-01-02", "what": "x", "done": True}) == "2026-01-02: x (done)"
    assert plain_value(True) == "yes"
    assert clean("a\x1b[2Jb\u202ec\nd") == "a[2Jbc d"
    assert is_theirs("Bob to send the budget", ["bob"]) and not is_theirs("Send Bob the budget", ["bob"])
    assert is_theirs("waiting for the quote", [])


def test_library_api_whole_story(make_vault):
    root = make_vault(VAULT)
    with open_vault(root) as vault:
        from datetime import date

        vault.today = date(2026, 11, 15)
        story = whole_story(vault, "people/Ana Lima.md")
    assert story["timeline"][0]["date"] == "2026-10-02"
    assert story["met"] == {"date": None, "event": None}


def test_show_example_vault(tmp_path):
    import shutil
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "example-vault"
    root = tmp_path / "v"
    shutil.copytree(src, root, ignore=shutil.ignore_patterns(".plainnet"))
    out = _run(root, "show", "Bob Martinez")
    assert "Introduced you to: Emma Wilson" in out and "Call Bob about the Q1 research budget" in out
    out = _run(root, "show", "Emma Wilson")
    assert "Introduced by: Bob Martinez" in out


def test_story_from_the_neighbourhood_equals_the_whole_network(tmp_path):
    """whole_story reads only the note's neighbourhood; on every note of the example vault (and
    a generated one) that gives what the network of the whole vault gives."""
    import shutil
    import sys
    from datetime import date
    from pathlib import Path

    from plainnet.network import build_network

    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo / "benchmarks"))
    import generate

    ex = tmp_path / "ex"
    shutil.copytree(repo / "example-vault", ex, ignore=shutil.ignore_patterns(".plainnet"))
    for root, today in ((ex, date(2026, 11, 25)), (generate.generate(tmp_path / "g", 250, seed=5), generate.ANCHOR)):
        with open_vault(root, today=today) as v:
            net = build_network(v)
            for (path,) in v.index.query("SELECT path FROM notes ORDER BY path"):
                assert whole_story(v, path) == whole_story(v, path, net), path


def test_show_contact_counts_meetings_that_name_it_without_a_link(make_vault):
    """The contact's side of a plain-name attendee: the meeting is on her timeline and is her last
    contact, as the agenda counts it, with any capitalisation or an alias."""
    root = make_vault({**VAULT,
                       "events/2026-11-10 Lunch.md": "---\ntype: event\ndate: 2026-11-10\nstatus: done\n"
                                                     "attendees: [ana lima]\n---\n",
                       "events/2026-11-12 Call.md": "---\ntype: event\ndate: 2026-11-12\nstatus: done\n"
                                                    "attendees: [Somebody Else]\n---\n"})
    data = json.loads(_run(root, "show", "Ana Lima", "--json"))
    met = [(t["date"], t["what"]) for t in data["timeline"] if t["kind"] == "event"]
    assert ("2026-11-10", "attended 2026-11-10 Lunch") in met
    assert not any("Call" in what for _, what in met)
    from datetime import date

    from plainnet.network import build_network

    v = open_vault(root, today=date(2026, 11, 15))

    net = build_network(v)
    assert net.people["people/Ana Lima.md"].last_contact == date(2026, 11, 10)
    assert whole_story(v, "people/Ana Lima.md") == whole_story(v, "people/Ana Lima.md", net)


def test_show_event_counts_attendees_written_as_plain_names(make_vault):
    """`attendees: [Ana Lima]` (no brackets) names the contact as much as a link does: show lists
    her as an attendee with her last contact, and only names that match no note as unresolved."""
    root = make_vault({**VAULT, "events/2026-10-20 Lunch.md":
                       "---\ntype: event\ndate: 2026-10-20\nstatus: done\nattendees: [Ana Lima, Nobody Known]\n---\n"})
    data = json.loads(_run(root, "show", "2026-10-20 Lunch", "--json"))
    assert [a["path"] for a in data["attendees"]] == ["people/Ana Lima.md"]
    assert data["unresolved_attendees"] == ["Nobody Known"]
    assert "  Ana Lima  (last contact 2026-10-20)" in _run(root, "show", "2026-10-20 Lunch")
