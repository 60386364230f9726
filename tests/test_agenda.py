"""plainnet agenda: every section with cases that must and must not appear, JSON, ICS, filters."""
from __future__ import annotations

import json
import os
from datetime import date

import pytest
from click.testing import CliRunner

import plainnet
from plainnet.cli import cli

TODAY = "2026-11-25"


def run(root, *args, today=TODAY):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args], catch_exceptions=False)
    return res


def agenda_json(root, *args, today=TODAY):
    res = run(root, "agenda", "--json", *args, today=today)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def by_section(data):
    out = {}
    for item in data["items"]:
        out.setdefault(item["section"], []).append(item)
    return out


def whats(data, section):
    return [i["what"] for i in data["items"] if i["section"] == section]


FOLLOW_UPS = {
    "people/Ann.md": (
        "---\ntype: contact\nfollow_ups:\n"
        "  - {due: 2026-11-20, what: late one, done: false}\n"
        "  - {due: 2026-11-20, what: done one, done: true}\n"
        "  - {due: 2026-11-25, what: today one}\n"
        "  - {due: 2026-12-02, what: edge of window}\n"
        "  - {due: 2026-12-03, what: just outside}\n"
        "  - {what: no date at all}\n"
        "---\n"
        "- [ ] body late 📅 2026-11-24\n"
        "- [x] body done 📅 2026-11-01\n"
        "- [ ] body done by date 📅 2026-11-01 ✅ 2026-11-02\n"
        "- [-] body cancelled 📅 2026-11-01\n"
        "- [ ] dataview upcoming [due:: 2026-11-27]\n"
        "- [ ] undated task\n"
        "- [ ] only scheduled ⏳ 2026-11-26\n"
    ),
}


def test_follow_up_sections(make_vault):
    root = make_vault(FOLLOW_UPS)
    data = agenda_json(root)
    assert whats(data, "overdue") == ["late one", "body late"]
    assert whats(data, "today") == ["today one"]
    assert whats(data, "upcoming") == ["dataview upcoming", "edge of window"]
    flat = " ".join(i["what"] for i in data["items"])
    for absent in ("done one", "just outside", "no date at all", "body done", "cancelled", "undated", "only scheduled"):
        assert absent not in flat
    late = data["items"][0]
    assert late == {"section": "overdue", "due": "2026-11-20", "what": "late one", "note": "Ann",
                    "path": "people/Ann.md", "line": 4, "why": "5 days late", "person": "Ann"}
    body = [i for i in data["items"] if i["what"] == "body late"][0]
    assert body["line"] == 11 and body["why"] == "1 day late"
    # --days widens the window
    assert "just outside" in whats(agenda_json(root, "--days", "8"), "upcoming")


def test_today_determines_everything(make_vault):
    root = make_vault(FOLLOW_UPS)
    a = agenda_json(root, today="2026-11-10")
    assert whats(a, "overdue") == [] and a["today"] == "2026-11-10"
    assert agenda_json(root) == agenda_json(root)  # deterministic
    env = CliRunner(env={"PLAINNET_TODAY": "2026-11-10"}).invoke(cli, ["--vault", str(root), "agenda", "--json"])
    assert json.loads(env.stdout)["today"] == "2026-11-10"


def test_event_task_names_its_only_attendee(make_vault):
    root = make_vault({
        "people/Jane Doe.md": "---\naliases: [JD]\noffer: x\nneed: y\n---\n",
        "people/Bob.md": "---\noffer: x\nneed: y\n---\n",
        "events/2026-11-01 Coffee.md": "---\ndate: 2026-11-01\nattendees: [\"[[JD]]\"]\n---\n- [ ] send deck 📅 2026-11-24\n",
        "events/2026-11-02 Lunch.md": "---\ndate: 2026-11-02\nattendees: [\"[[JD]]\", \"[[Bob]]\"]\n---\n- [ ] book room 📅 2026-11-24\n",
    })
    data = agenda_json(root)
    items = {i["what"]: i for i in data["items"]}
    assert items["send deck"]["person"] == "Jane Doe"
    assert items["send deck"]["note"] == "2026-11-01 Coffee"
    assert items["book room"]["person"] is None


HOMEWORK = {
    "people/Prepared.md": "---\noffer: intro\nneed: advice\n---\n",
    "people/Unprepared.md": "---\noffer: intro\n---\n",
    "events/2026-11-27 Call.md": '---\ndate: 2026-11-27\nstatus: planned\nobjectives: [ask]\nattendees: ["[[Unprepared]]"]\n---\n',
    "events/2026-11-28 Fine.md": '---\ndate: 2026-11-28\nstatus: planned\nobjectives: [ask]\nattendees: ["[[Prepared]]"]\n---\n',
    "events/2026-11-29 Aimless.md": '---\ndate: 2026-11-29\nstatus: planned\nattendees: ["[[Prepared]]"]\n---\n',
    "events/2026-12-10 Far.md": '---\ndate: 2026-12-10\nstatus: planned\nattendees: ["[[Unprepared]]"]\n---\n',
    "events/2026-11-20 Past.md": '---\ndate: 2026-11-20\nstatus: done\nattendees: ["[[Unprepared]]"]\n---\n',
    "events/2026-12-01 Unquoted.md": "---\ndate: 2026-12-01\nobjectives: [x]\nattendees:\n  - [[Unprepared]]\n---\n",
}


def test_homework(make_vault):
    root = make_vault(HOMEWORK)
    hw = {i["path"]: i for i in agenda_json(root)["items"] if i["section"] == "homework"}
    assert set(hw) == {"events/2026-11-27 Call.md", "events/2026-11-29 Aimless.md", "events/2026-12-01 Unquoted.md"}
    assert "Unprepared has no need" in hw["events/2026-11-27 Call.md"]["what"]
    assert "no objectives" in hw["events/2026-11-29 Aimless.md"]["what"]
    assert hw["events/2026-11-27 Call.md"]["due"] == "2026-11-27"
    assert hw["events/2026-11-27 Call.md"]["line"] == 5  # the attendees key
    # the homework window is configurable
    (root / "plainnet.toml").write_text("homework_days = 20\n", encoding="utf-8")
    hw = {i["path"] for i in agenda_json(root)["items"] if i["section"] == "homework"}
    assert "events/2026-12-10 Far.md" in hw


STAY = {
    "people/Lapsed.md": "---\nlast_contact: 2026-10-01\ncadence: 1m\n---\n",
    "people/Fresh.md": "---\nlast_contact: 2026-11-01\ncadence: 1m\n---\n",
    "people/NoCadence.md": "---\nlast_contact: 2020-01-01\n---\n",
    "people/EventOnly.md": "---\ncadence: 2w\n---\n",
    "people/Logged.md": "---\nlast_contact: 2026-01-01\ncadence: 30d\n---\n## Log\n- 2026-11-20: call\n",
    "people/Gave.md": "---\ncadence: 1m\ngave:\n  - {date: 2026-11-15, what: intro}\n---\n",
    "people/Open todo.md": "---\nlast_contact: 2026-09-01\ncadence: 1m\n---\n",
    "events/2026-11-18 Meetup.md": '---\ndate: 2026-11-18\nattendees: ["[[EventOnly]]"]\n---\n- [ ] call [[Open todo]] 📅 2027-01-01\n',
    "events/2026-10-01 Old.md": '---\ndate: 2026-10-01\nattendees: ["[[Gave]]"]\n---\n',
}


def test_stay_in_touch(make_vault):
    root = make_vault(STAY)
    items = [i for i in agenda_json(root)["items"] if i["section"] == "stay-in-touch"]
    assert [i["note"] for i in items] == ["Open todo", "Lapsed"]
    lapsed = items[1]
    assert lapsed["why"] == "55 days since last contact, cadence 1m" and lapsed["due"] == "2026-10-31"
    # a vault-wide default cadence covers contacts without their own
    (root / "plainnet.toml").write_text('default_cadence = "1y"\n', encoding="utf-8")
    names = [i["note"] for i in agenda_json(root)["items"] if i["section"] == "stay-in-touch"]
    assert "NoCadence" in names


NEXT = {
    "people/Card.md": "---\nmet: 2026-10-20\n---\n",
    "people/Recent.md": "---\nmet: 2026-11-20\n---\n",
    "people/Followed.md": "---\nmet: 2026-10-20\nfollow_ups: [{due: 2027-01-05, what: ping}]\n---\n",
    "people/Meeting.md": "---\nmet: 2026-10-20\n---\n",
    "people/Talked.md": "---\nmet: 2026-10-20\nlast_contact: 2026-10-25\n---\n",
    "people/AtEvent.md": '---\nmet: "[[2026-11-03 Breakfast]]"\n---\n',
    "events/2026-11-03 Breakfast.md": '---\ndate: 2026-11-03\nstatus: done\nattendees: ["[[AtEvent]]"]\n---\n',
    "events/2026-12-20 Later.md": '---\ndate: 2026-12-20\nstatus: planned\nattendees: ["[[Meeting]]"]\n---\n',
}


def test_no_next_step(make_vault):
    root = make_vault(NEXT)
    items = {i["note"]: i for i in agenda_json(root)["items"] if i["section"] == "no-next-step"}
    assert set(items) == {"Card", "AtEvent"}
    assert items["AtEvent"]["why"].startswith("met 22 days ago at 2026-11-03 Breakfast")
    assert items["Card"]["due"] is None and items["Card"]["line"] == 2


def test_sections_come_in_order_and_filters_work(make_vault):
    files = {**FOLLOW_UPS, **STAY, **NEXT}
    files["people/Card.md"] = "---\nmet: 2026-10-20\ntags: [vip]\n---\n"
    root = make_vault(files)
    data = agenda_json(root)
    order = ["overdue", "today", "upcoming", "homework", "stay-in-touch", "no-next-step"]
    seen = [order.index(i["section"]) for i in data["items"]]
    assert seen == sorted(seen)
    assert {i["section"] for i in agenda_json(root, "--section", "overdue")["items"]} == {"overdue"}
    assert [i["note"] for i in agenda_json(root, "--tag", "vip")["items"]] == ["Card"]
    assert {i["note"] for i in agenda_json(root, "--person", "ann")["items"]} == {"Ann"}
    res = run(root, "agenda", "--person", "Nobody At All")
    assert res.exit_code == 2 and "no note called" in res.stderr


def test_plain_output_is_grouped_and_clickable(make_vault):
    root = make_vault(FOLLOW_UPS)
    res = run(root, "agenda")
    assert res.exit_code == 0
    out = res.stdout
    assert "Overdue follow-ups (2)" in out and "Due today (1)" in out
    assert "late one - Ann (5 days late)  people/Ann.md:4" in out
    assert "\x1b[" not in out  # no colour when piped
    # no sub-command means the agenda
    assert CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY]).stdout == out


def test_broken_notes_still_give_an_agenda(make_vault):
    files = dict(FOLLOW_UPS)
    files["people/Broken.md"] = "---\nname: [unclosed\n---\n"
    files["people/Worse.md"] = "---\n: : :\n  - x\n---\n"
    root = make_vault(files)
    res = run(root, "agenda")
    assert res.exit_code == 0
    assert "late one" in res.stdout
    assert "2 notes could not be read; run 'plainnet check' to see why." in res.stderr


def test_ics_export_parses_and_uids_are_stable(make_vault, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    root = make_vault({**FOLLOW_UPS, **STAY})
    ics1, ics2 = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run(root, "agenda", "--ics", str(ics1)).exit_code == 0
    cal = icalendar.Calendar.from_ical(ics1.read_bytes())
    todos = {str(t["summary"]): t for t in cal.walk("VTODO")}
    assert "late one (Ann)" in todos and "just outside (Ann)" in todos  # every open follow-up
    assert "done one (Ann)" not in todos and "undated task (Ann)" not in todos
    assert todos["late one (Ann)"].decoded("due").isoformat() == "2026-11-20"
    stay = [t for s, t in todos.items() if s.startswith("get in touch with Lapsed")][0]
    assert stay.decoded("due").isoformat() == TODAY
    uids1 = {s: str(t["uid"]) for s, t in todos.items()}
    assert len(set(uids1.values())) == len(uids1)
    # an unrelated edit shifts lines; the UIDs must not change
    ann = root / "people/Ann.md"
    ann.write_text("\n".join(["---", "company: Acme", *ann.read_text(encoding="utf-8").splitlines()[1:]]) + "\n",
                   encoding="utf-8")
    os.utime(ann, ns=(1, ann.stat().st_mtime_ns + 2_000_000_000))
    assert run(root, "agenda", "--ics", str(ics2)).exit_code == 0
    cal2 = icalendar.Calendar.from_ical(ics2.read_bytes())
    uids2 = {str(t["summary"]): str(t["uid"]) for t in cal2.walk("VTODO")}
    assert uids2 == uids1


def test_library_api_agenda(make_vault):
    from datetime import date

    from plainnet.agenda.items import agenda_for

    root = make_vault(FOLLOW_UPS)
    v = plainnet.open_vault(root, today=date(2026, 11, 25))
    items, net = agenda_for(v)
    assert [i.what for i in items if i.section == "overdue"] == ["late one", "body late"]
    assert net.people["people/Ann.md"].name == "Ann"


def test_example_vault_agenda_shows_every_section():
    root = os.path.join(os.path.dirname(__file__), "..", "example-vault")
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "v")
        shutil.copytree(root, dst, ignore=shutil.ignore_patterns(".plainnet"))
        data = agenda_json(dst)
    sections = {i["section"] for i in data["items"]}
    assert sections == {"overdue", "today", "upcoming", "homework", "stay-in-touch", "no-next-step"}


def test_result_cache_never_serves_a_stale_agenda(make_vault):
    root = make_vault(FOLLOW_UPS)
    first = agenda_json(root)
    assert (root / ".plainnet" / "agenda-cache.json").is_file()
    assert agenda_json(root) == first  # served from the cache
    ann = root / "people/Ann.md"
    ann.write_text(ann.read_text(encoding="utf-8").replace("late one", "later one"), encoding="utf-8")
    os.utime(ann, ns=(1, ann.stat().st_mtime_ns + 2_000_000_000))
    assert whats(agenda_json(root), "overdue")[0] == "later one"
    assert agenda_json(root, today="2026-11-26")["today"] == "2026-11-26"
    assert whats(agenda_json(root, "--days", "30"), "upcoming")[-1] == "just outside"
    (root / "plainnet.toml").write_text("agenda_days = 30\n", encoding="utf-8")
    assert "just outside" in whats(agenda_json(root), "upcoming")
    # a damaged cache file is ignored
    (root / ".plainnet" / "agenda-cache.json").write_text("garbage", encoding="utf-8")
    assert agenda_json(root)["items"]


def test_the_plain_agenda_is_cached_and_never_stale(make_vault):
    """`agenda` piped prints the cached text on an unchanged vault, and the fresh text after an edit,
    another day, other options or a damaged cache file; always what an uncached render prints."""
    from plainnet.agenda.items import agenda_for
    from plainnet.render import agenda_plain

    root = make_vault(FOLLOW_UPS)

    def fresh(today=TODAY, days=None):
        v = plainnet.open_vault(root, today=date.fromisoformat(today), index_path=":memory:")
        return agenda_plain(agenda_for(v, days=days)[0], v.today)

    def text(*args, today=TODAY):
        res = run(root, "agenda", *args, today=today)
        assert res.exit_code == 0, res.output
        return res.stdout

    cache = root / ".plainnet" / "agenda-cache.txt"
    first = text()
    assert cache.is_file() and first == fresh() and "Overdue follow-ups (" in first
    assert text() == first  # served from the cache
    cache.write_text(cache.read_text(encoding="utf-8") + "a line nobody wrote\n", encoding="utf-8")
    assert "a line nobody wrote" in text()  # (it is the cache being served, not a recomputation)
    ann = root / "people/Ann.md"
    ann.write_text(ann.read_text(encoding="utf-8").replace("late one", "later one"), encoding="utf-8")
    os.utime(ann, ns=(1, ann.stat().st_mtime_ns + 2_000_000_000))
    after = text()
    assert "later one" in after and "a line nobody wrote" not in after and after == fresh()
    assert text("--days", "30") == fresh(days=30) != after  # (just after `after` was cached)
    assert text() == after
    assert text(today="2026-11-26") == fresh("2026-11-26")
    assert "Due today" not in text("--section", "overdue")
    cache.write_text("garbage", encoding="utf-8")
    assert text() == after
