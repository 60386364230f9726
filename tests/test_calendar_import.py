"""plainnet import calendar.ics: calendar exports (written in Google's, Outlook's, Apple's,
Thunderbird's and a CalDAV folder's shape, and the real calendars of ../shared/corpora) into
temporary vaults, through the CLI and the library."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.api import open_vault
from plainnet.cli import cli
from plainnet.network import build_network

DATA = Path(__file__).parent / "data" / "calendars"
TODAY = "2026-11-20"
WINDOW = ["--since", "2026-10-01", "--until", "2026-12-31"]
ME = ["--me", "jane.doe@example.org"]
BOB = "---\ntype: contact\nname: Bob Ng\nemail: bob.ng@example.com\ncadence: 1m\n---\n# Bob\n\nMet at the station.\n"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.md"))}


def fm_of(root: Path, rel: str) -> dict:
    from plainnet.notes.parse import parse_note

    return parse_note(rel, (root / rel).read_bytes()).front_matter


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Bob Ng.md": BOB})


def test_google_export_becomes_event_notes(vault):
    r = run(vault, "import", str(DATA / "google.ics"), *WINDOW, *ME, "--tz", "America/New_York")
    assert r.exit_code == 0, r.output
    events = sorted(p.name for p in (vault / "events").iterdir())
    # six weekly occurrences: one moved (the exception), one cancelled (skipped)
    assert events == ["2026-10-05 Bob Jane weekly.md", "2026-10-13 Bob Jane weekly (moved to Tuesday).md",
                      "2026-10-26 Bob Jane weekly.md", "2026-11-02 Bob Jane weekly.md",
                      "2026-11-04 Acme partner day.md", "2026-11-09 Bob Jane weekly.md"]
    fm = fm_of(vault, "events/2026-10-05 Bob Jane weekly.md")
    assert fm["date"] == "2026-10-05" and fm["time"] == "10:00"
    assert fm["title"] == "Bob / Jane weekly" and fm["location"] == "Cafe Luna, 5th Ave"
    assert fm["attendees"] == ["[[Bob Ng]]"] and fm["uid"] == "4q9nrl0ktsdg7r7dq3kprfq5u0@google.com"
    assert fm["recurrence_id"] == "2026-10-05T14:00:00Z" and fm["type"] == "event"
    moved = fm_of(vault, "events/2026-10-13 Bob Jane weekly (moved to Tuesday).md")
    assert moved["time"] == "15:00" and moved["recurrence_id"] == "2026-10-12T14:00:00Z"
    # all day, with an attendee known only by an address and one by name
    day = fm_of(vault, "events/2026-11-04 Acme partner day.md")
    assert "time" not in day and day["date"] == "2026-11-04" and day["attendees"] == []
    assert day["guests"] == ["Priya Raman <priya@acme.example>", "marco.rossi@example.it"]
    assert "unknown   Priya Raman <priya@acme.example>  (1 meeting)" in r.output
    assert "unknown   marco.rossi@example.it  (1 meeting)" in r.output
    assert "6 new, 0 updated, 0 unchanged, 3 skipped (" in r.output
    for why in ("1 cancelled", "1 declined", "1 no other attendees"):
        assert why in r.output
    assert not any("Vendor webinar" in e or "Gym" in e for e in events)


def test_time_zones_convert_to_the_wanted_zone(vault):
    r = run(vault, "import", str(DATA / "google.ics"), *WINDOW, *ME, "--tz", "Europe/Berlin")
    assert r.exit_code == 0, r.output
    # 10:00 in New York on 5 October (EDT, UTC-4) is 16:00 in Berlin (CEST, UTC+2)
    assert fm_of(vault, "events/2026-10-05 Bob Jane weekly.md")["time"] == "16:00"
    # after both changed to winter time (EST UTC-5, CET UTC+1): still 16:00
    assert fm_of(vault, "events/2026-11-09 Bob Jane weekly.md")["time"] == "16:00"


def test_outlook_windows_zone_room_and_exdate(vault):
    r = run(vault, "import", str(DATA / "outlook.ics"), *WINDOW, *ME, "--tz", "Europe/Berlin")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (vault / "events").iterdir())
    assert names == ["2026-10-07 Partner sync.md", "2026-10-14 Partner sync.md",
                     "2026-10-21 Quartalsgespräch mit Anna.md", "2026-10-28 Partner sync.md"]  # 21st: EXDATE
    fm = fm_of(vault, "events/2026-10-21 Quartalsgespräch mit Anna.md")
    assert fm["time"] == "10:00" and fm["guests"] == ["Wagner, Anna <anna.wagner@firma.example>"]  # no room


def test_apple_all_day_and_local_zone(vault):
    r = run(vault, "import", str(DATA / "apple.ics"), *WINDOW, *ME, "--tz", "Europe/London")
    assert r.exit_code == 0, r.output
    lunch = fm_of(vault, "events/2026-11-12 Lunch with Aisha.md")
    assert lunch["time"] == "12:30" and lunch["location"] == "The Old Bank London"
    sprint = fm_of(vault, "events/2026-11-25 Design sprint.md")
    assert "time" not in sprint and sprint["status"] == "planned"
    assert lunch["status"] == "done"


def test_reimport_is_byte_identical(vault):
    args = ["import", str(DATA), *WINDOW, *ME, "--tz", "UTC"]
    first = run(vault, *args)
    assert first.exit_code == 0, first.output
    before = snapshot(vault)
    again = run(vault, *args)
    assert again.exit_code == 0, again.output
    assert snapshot(vault) == before
    assert "0 new, 0 updated" in again.output and "new       " not in again.output


def test_changed_event_updates_only_owned_fields(vault, tmp_path):
    src = (DATA / "thunderbird.ics").read_text(encoding="utf-8")
    cal = tmp_path / "tb.ics"
    cal.write_text(src, encoding="utf-8")
    assert run(vault, "import", str(cal), *WINDOW, *ME, "--tz", "Europe/Berlin").exit_code == 0
    rel = "events/2026-10-15 Coffee with Bob.md"
    note = vault / rel
    # the user writes in the note: a field of their own, objectives, and the body
    text = note.read_text(encoding="utf-8")
    text = text.replace("objectives: []", "objectives: [ask about the Lisbon office]")
    text = text.replace("## Notes\n", "## Notes\n\nHe brought the book.  \n") + "mine: kept\n"
    note.write_text(text, encoding="utf-8")
    cal.write_text(src.replace("SUMMARY:Coffee with Bob", "SUMMARY:Coffee with Bob and Priya")
                   .replace("20261015T083000", "20261015T093000").replace("20261015T091500", "20261015T101500"),
                   encoding="utf-8")
    r = run(vault, "import", str(cal), *WINDOW, *ME, "--tz", "Europe/Berlin")
    assert r.exit_code == 0, r.output
    assert f"updated   {rel}" in r.output and "0 new, 1 updated" in r.output
    after = note.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
    assert [a for a, _ in changed] == ["time: 08:30", "title: Coffee with Bob"]
    assert [b.replace('"', "") for _, b in changed] == ["time: 09:30", "title: Coffee with Bob and Priya"]
    assert len(text.splitlines()) == len(after.splitlines())
    # and the same calendar again writes nothing
    before = snapshot(vault)
    assert run(vault, "import", str(cal), *WINDOW, *ME, "--tz", "Europe/Berlin").exit_code == 0
    assert snapshot(vault) == before


def test_attendees_the_user_added_stay(vault):
    assert run(vault, "import", str(DATA / "thunderbird.ics"), *WINDOW, *ME).exit_code == 0
    note = vault / "events/2026-10-15 Coffee with Bob.md"
    text = note.read_text(encoding="utf-8").replace('attendees: ["[[Bob Ng]]"]', 'attendees: ["[[Bob Ng]]", "[[Ann]]"]')
    note.write_text(text, encoding="utf-8")
    assert run(vault, "import", str(DATA / "thunderbird.ics"), *WINDOW, *ME).exit_code == 0
    assert note.read_text(encoding="utf-8") == text


def test_malformed_component_is_reported_and_the_rest_imports(vault):
    r = run(vault, "import", str(DATA / "thunderbird.ics"), *WINDOW, *ME)
    assert r.exit_code == 0, r.output
    line = next(n for n, t in enumerate((DATA / "thunderbird.ics").read_text().splitlines(), 1)
                if t.startswith("DTSTART;TZID=Europe/Berlin:2026-10-16"))
    assert f"unreadable {DATA / 'thunderbird.ics'}:{line}: DTSTART:" in r.output
    assert (vault / "events/2026-10-15 Coffee with Bob.md").is_file()
    assert "1 unreadable" in r.output and "Traceback" not in r.output


def test_not_a_calendar_is_reported(vault, tmp_path):
    bad = tmp_path / "notes.ics"
    bad.write_text("hello\n", encoding="utf-8")
    r = run(vault, "import", str(bad))
    assert r.exit_code == 0 and f"unreadable {bad}:1: no BEGIN:VCALENDAR line" in r.output


def test_all_keeps_cancelled_declined_and_lonely_meetings(vault):
    r = run(vault, "import", str(DATA / "google.ics"), *WINDOW, *ME, "--tz", "America/New_York", "--all")
    assert r.exit_code == 0, r.output
    assert fm_of(vault, "events/2026-10-19 Bob Jane weekly.md")["status"] == "cancelled"
    assert (vault / "events/2026-11-06 Vendor webinar.md").is_file()
    assert (vault / "events/2026-11-10 Gym.md").is_file()
    # a cancelled meeting is no contact
    net = build_network(open_vault(vault, today=date(2026, 11, 20)))
    assert all(d != date(2026, 10, 19) for d, _ in net.people["people/Bob Ng.md"].interactions)


def test_create_contacts_links_them_and_stays_idempotent(vault):
    args = ["import", str(DATA / "google.ics"), *WINDOW, *ME, "--tz", "America/New_York"]
    r = run(vault, *args, "--create-contacts")
    assert r.exit_code == 0, r.output
    priya = fm_of(vault, "people/Priya Raman.md")
    assert priya["email"] == "priya@acme.example" and priya["met"] == "2026-11-04"
    marco = fm_of(vault, "people/marco.rossi@example.it.md")
    assert marco["email"] == "marco.rossi@example.it"
    day = fm_of(vault, "events/2026-11-04 Acme partner day.md")
    assert day["attendees"] == ["[[Priya Raman]]", "[[marco.rossi@example.it]]"] and "guests" not in day
    before = snapshot(vault)
    again = run(vault, *args)
    assert again.exit_code == 0 and snapshot(vault) == before, again.output
    assert "unknown" not in again.output


def test_guests_become_attendees_once_they_are_contacts(vault):
    args = ["import", str(DATA / "apple.ics"), *WINDOW, *ME]
    assert run(vault, *args).exit_code == 0
    (vault / "people/Aisha Khan.md").write_text("---\ntype: contact\nemail: aisha@studio.example\n---\n",
                                                encoding="utf-8")
    r = run(vault, *args)
    assert "0 new, 2 updated" in r.output, r.output
    fm = fm_of(vault, "events/2026-11-12 Lunch with Aisha.md")
    assert fm["attendees"] == ["[[Aisha Khan]]"] and fm["guests"] == []


def test_past_meetings_are_last_contact(vault):
    assert run(vault, "import", str(DATA / "google.ics"), *WINDOW, *ME).exit_code == 0
    v = open_vault(vault, today=date(2026, 11, 20))
    net = build_network(v)
    assert net.people["people/Bob Ng.md"].last_contact == date(2026, 11, 9)
    # a month later with no meeting since: stay-in-touch says so, counting from the calendar
    later = run(vault, "agenda", "--json", today="2026-12-20")
    assert '"get in touch with Bob Ng"' in later.output and "41 days since last contact" in later.output


def test_caldav_folder(vault):
    r = run(vault, "import", str(DATA / "caldav"), *WINDOW, *ME)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (vault / "events").iterdir()) == ["2026-11-02 Intro call.md",
                                                                   "2026-11-03 Follow-up call.md"]
    assert "unknown   Chen Wei <chen.wei@example.cn>  (2 meetings)" in r.output


def test_my_emails_setting(make_vault):
    root = make_vault({"people/Bob Ng.md": BOB}, toml='my_emails = ["jane.doe@example.org"]\n')
    r = run(root, "import", str(DATA / "caldav"), *WINDOW)
    assert r.exit_code == 0 and "Jane Doe" not in r.output, r.output


def test_dry_run_writes_nothing(vault):
    before = snapshot(vault)
    r = run(vault, "import", str(DATA), *WINDOW, *ME, "--dry-run")
    assert r.exit_code == 0 and "dry run, nothing written: calendar:" in r.output
    assert snapshot(vault) == before and not (vault / "events").exists()


@pytest.mark.parametrize("args, message", [
    (["--since", "2026-12-01", "--until", "2026-11-01"], "is before --since"),
    (["--tz", "Mars/Olympus"], "not a time zone"),
    (["--since", "yesterday"], "not a date"),
])
def test_usage_errors(vault, args, message):
    r = run(vault, "import", str(DATA / "google.ics"), *args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_calendar_options_need_a_calendar(vault, tmp_path):
    vcf = tmp_path / "a.vcf"
    vcf.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n", encoding="utf-8")
    r = run(vault, "import", str(vcf), "--all")
    assert r.exit_code == 2 and "calendar" in r.output


def test_default_window_is_90_days_back_30_ahead(vault):
    # today 2026-12-20: the weekly from October is more than 90 days back only in part
    r = run(vault, "import", str(DATA / "google.ics"), *ME, today="2027-01-05")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (vault / "events").iterdir())
    assert names[0] == "2026-10-13 Bob Jane weekly (moved to Tuesday).md"  # 5 October is 92 days back


CORPUS_CALENDARS = ("collective-icalendar", "pimutils-khal", "mozilla-releases-comm-central", "py-vobject-vobject")


def test_real_calendars_import_and_reimport_identically(corpora, make_vault):
    files = sorted(str(p) for d in CORPUS_CALENDARS for p in (corpora / d).rglob("*.ics"))
    assert len(files) > 200
    root = make_vault({"people/Bob Ng.md": BOB})
    args = ["import", *files, "--since", "1990-01-01", "--until", "2035-12-31", "--all", "--tz", "UTC"]
    r = run(root, *args)
    assert r.exit_code == 0, r.output[-3000:]
    assert "Traceback" not in r.output
    made = list((root / "events").iterdir())
    assert len(made) > 300
    # every unreadable component is named with its file and line
    for line in r.output.splitlines():
        if line.startswith("unreadable "):
            where = line.split(" ", 2)[1]
            assert where.endswith(":") and (where.count(":") >= 2 or "BEGIN:VCALENDAR" in line), line
    before = snapshot(root)
    again = run(root, *args)
    assert again.exit_code == 0 and snapshot(root) == before
    assert " 0 new, 0 updated" in again.output or "calendar: 0 new, 0 updated" in again.output


def test_an_attendee_matching_two_contacts_is_reported(make_vault):
    root = make_vault({"people/Bob Ng.md": "---\ntype: contact\n---\n",
                       "people/Robert Ng.md": "---\ntype: contact\naliases: [Bob Ng]\n---\n"})
    r = run(root, "import", str(DATA / "thunderbird.ics"), *WINDOW, *ME)
    assert r.exit_code == 0, r.output
    assert "ambiguous Bob Ng <bob.ng@example.com>: 'Bob Ng' is the name of 2 contacts" in r.output
    assert fm_of(root, "events/2026-10-15 Coffee with Bob.md")["guests"] == ["Bob Ng <bob.ng@example.com>"]


def test_thunderbird_latin1_calendar(corpora, make_vault):
    """A Latin-1 (not UTF-8) export keeps its letters."""
    root = make_vault()
    src = corpora / "mozilla-releases-comm-central/calendar/test/unit/data/importLatin1.ics"
    r = run(root, "import", str(src), "--since", "2019-01-01", "--until", "2019-01-02", "--all", "--tz", "UTC")
    assert r.exit_code == 0, r.output
    assert "events/2019-01-01 Event Två.md" in r.output
    assert fm_of(root, "events/2019-01-01 Event Två.md")["title"] == "Event Två"


def test_tag_goes_to_created_contacts_and_contact_options_need_contacts(vault):
    r = run(vault, "import", str(DATA / "caldav"), *WINDOW, *ME, "--create-contacts", "--tag", "calendar")
    assert r.exit_code == 0, r.output
    assert fm_of(vault, "people/Chen Wei.md")["tags"] == ["calendar"]
    for args in (["--tag", "x"], ["--met", "2026-11-01"], ["--as-history"]):
        r = run(vault, "import", str(DATA / "caldav"), *args)
        assert r.exit_code == 2 and "contact files" in r.output, args
