"""plainnet review: figures on hand-made vaults with known answers, period boundaries, trends, the
empty vault, the terminal and JSON output, the HTML page (parsed) and a headless-Chromium screenshot."""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from click.testing import CliRunner

import plainnet
from plainnet.cli import cli
from plainnet.review.figures import HABIT_IDS, Period, default_period, months_between, review

TODAY = "2026-11-25"
PERIOD = ("--since", "2026-11-01", "--until", "2026-11-25")  # 25 days; the previous: 2026-10-07 – 2026-10-31
EXAMPLE = Path(__file__).resolve().parents[1] / "example-vault"


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, "review", *args], catch_exceptions=False)


def review_json(root, *args, today=TODAY) -> dict:
    res = run(root, "--json", *args, today=today)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def habit(data, hid) -> dict:
    return next(h for h in data["habits"] if h["id"] == hid)


# A network with one answer per habit, worked out by hand in the comments of each test.
HABITS = {
    "people/Ann.md": (
        "---\ntype: contact\nmet: 2026-09-01\noffer: a review of her deck\nneed: an intro to her CFO\ncadence: 1m\n"
        "gave:\n"
        "  - {date: 2026-11-02, what: deck review}\n"
        "  - {date: 2026-11-25, what: an article}\n"
        "  - {date: 2026-10-10, what: an older favour}\n"
        "  - an undated favour\n"
        "got:\n"
        "  - {date: 2026-11-03, what: a referral}\n"
        "follow_ups:\n"
        "  - {due: 2026-11-10, what: fm on time, done: 2026-11-10}\n"
        "  - {due: 2026-11-12, what: fm late, done: 2026-11-16}\n"
        "---\n"
        "- [x] body on time 📅 2026-11-05 ✅ 2026-11-04\n"
        "- [x] body done without a date 📅 2026-11-06\n"
        "- [ ] not due yet 📅 2026-11-30\n"
        "- [ ] due today 📅 2026-11-25\n"
        "- [x] previous period, late 📅 2026-10-20 ✅ 2026-10-30\n"
        "- [-] cancelled 📅 2026-11-08\n"
    ),
    "people/Bob.md": "---\ntype: contact\nmet: 2026-08-01\nlast_contact: 2026-10-01\ncadence: 1m\noffer: his pricing page\n---\n",
    "people/Cara.md": "---\ntype: contact\nmet: \"[[2026-11-01 Kickoff]]\"\n---\n- [ ] email Cara the deck 📅 2026-12-01\n",
    "people/Carl.md": "---\ntype: contact\nmet: 2026-10-01\ncadence: 1m\n---\n",
    "people/Dana.md": "---\ntype: contact\nmet: 2026-11-20\n---\n",
    "people/Mark.md": ("---\ntype: contact\nmet: 2026-01-01\ngot:\n  - {date: 2026-06-01, what: a}\n"
                       "  - {date: 2026-06-02, what: b}\n  - {date: 2026-06-03, what: c}\n---\n"),
    "people/Sofia.md": "---\ntype: contact\nmailing_list: true\n---\n",
    "people/Dave.md": "---\ntype: contact\nmailing_list: true\nconsent: 2026-05-01 asked at the meetup, said yes\n---\n",
    "events/2026-11-01 Kickoff.md": ("---\ntype: event\ndate: 2026-11-01\nstatus: done\ngroup: \"[[Guild]]\"\n"
                                     "objectives: [meet two founders]\n"
                                     "attendees: [\"[[Ann]]\", \"[[Bob]]\", \"[[Cara]]\"]\n---\n"),
    "events/2026-11-10 Coffee.md": ("---\ntype: event\ndate: 2026-11-10\nkind: coffee\nobjectives: hear about her plans\n"
                                    "attendees: [\"[[Ann]]\"]\n---\n"),
    "events/2026-11-15 Mixer.md": "---\ntype: event\ndate: 2026-11-15\ngroup: \"[[Guild]]\"\nattendees: [\"[[Bob]]\"]\n---\n",
    "events/2026-11-20 Dropped.md": "---\ntype: event\ndate: 2026-11-20\nstatus: cancelled\nattendees: [\"[[Bob]]\"]\n---\n",
    "events/2026-10-31 Day before.md": "---\ntype: event\ndate: 2026-10-31\n---\n",
    "groups/Guild.md": "---\ntype: group\npurpose: meet founders\njoined: 2026-01-01\nmeets: 1w\n---\n",
    "groups/Book club.md": "---\ntype: group\npurpose: read\n---\n",
    "pitch.md": ("---\ntype: pitch\nseconds: 30\n---\n"
                 "I help dental practices stop losing weekends to bookkeeping.\n"
                 "A great introduction for me is a practice manager.\n"),
}


@pytest.fixture
def habits_vault(make_vault):
    return make_vault(HABITS)


def test_follow_through_three_of_four_on_time(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    h = habit(data, "follow-through")
    # due in the period: fm on time (done on the due date), fm late (4 days), body on time (✅ before due),
    # body done without a date (counts as on time); "due today" is not judged yet, cancelled is no follow-up
    assert h["value"] == 0.75
    f = h["figures"]
    assert (f["judged"], f["on_time"], f["done_late"], f["open_overdue"], f["done_undated"]) == (4, 3, 1, 0, 1)
    assert f["median_days_late"] == 4
    assert h["text"].startswith("75% on time · 3 of 4")
    assert "1 done without a date (could not be timed)" in h["text"]  # says how many it could not time
    # previous period: the one follow-up was done 10 days late
    assert h["previous"]["value"] == 0.0 and h["previous"]["figures"]["median_days_late"] == 10
    assert h["trend"] == {"delta": 0.75, "direction": "up", "verdict": "better", "reason": None}


def test_follow_through_counts_open_overdue(make_vault):
    files = dict(HABITS)
    files["people/Ann.md"] = HABITS["people/Ann.md"] + "- [ ] overdue 📅 2026-11-20\n"
    data = review_json(make_vault(files), *PERIOD)
    f = habit(data, "follow-through")["figures"]
    assert (f["judged"], f["on_time"], f["open_overdue"]) == (5, 3, 1)
    assert habit(data, "follow-through")["value"] == 0.6
    assert f["median_days_late"] == 4.5  # done 4 days late; open, 5 days late so far
    notes = habit(data, "follow-through")["notes"]
    assert notes[0]["path"] == "people/Ann.md" and "overdue: due 2026-11-20, still open (5 days late)" in notes[0]["why"]


def test_objectives_and_homework(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    obj = habit(data, "objectives")
    # Kickoff (a list) and Coffee (a string) have objectives, Mixer none; the cancelled event is left out
    assert (obj["figures"]["events"], obj["figures"]["with_objectives"]) == (3, 2)
    assert obj["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert [n["title"] for n in obj["notes"]] == ["2026-11-15 Mixer"]
    assert obj["previous"]["value"] == 0.0  # the day before the period: one event, no objectives
    assert obj["trend"]["verdict"] == "better"
    hw = habit(data, "homework")
    # Kickoff has Bob (no need), Coffee only Ann (offer and need), Mixer Bob: 1 of 3
    assert (hw["figures"]["meetings"], hw["figures"]["prepared"]) == (3, 1)
    assert hw["figures"]["people_missing_homework"] == ["Bob", "Cara"]
    assert "Bob" in hw["suggestion"]["text"] and "offer" in hw["suggestion"]["quote"]


def test_reciprocity_new_people_card_stack_consent_groups_network(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    rec = habit(data, "reciprocity")
    assert (rec["figures"]["given"], rec["figures"]["received"], rec["figures"]["undated"]) == (2, 1, 1)
    assert rec["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert rec["figures"]["one_sided"] == [{"name": "Mark", "path": "people/Mark.md", "gave": 0, "got": 3}]
    assert rec["previous"]["value"] == 1.0 and rec["trend"]["verdict"] == "worse"  # 1 given, 0 received
    assert "Mark" in rec["suggestion"]["text"]

    new = habit(data, "new-people")
    # Kickoff: Ann and Bob known, Cara met there (new); Coffee: Ann; Mixer: Bob -> 1 new of 5, 2 events with none
    f = new["figures"]
    assert (f["attendances"], f["new"], f["events_without_new"], f["people_met"]) == (5, 1, 2, 2)
    assert new["value"] == 0.2
    assert sorted(n["title"] for n in new["notes"]) == ["2026-11-10 Coffee", "2026-11-15 Mixer"]

    cards = habit(data, "card-stack")
    # Carl: met 55 days ago, nothing since. Cara has an open follow-up, Dana was met 5 days ago.
    assert cards["value"] == 1 and [n["title"] for n in cards["notes"]] == ["Carl"]
    assert (cards["figures"]["eligible"], cards["figures"]["oldest_age_days"]) == (5, 55)
    assert cards["previous"]["value"] == 1 and cards["trend"]["verdict"] == "same"

    consent = habit(data, "consent")
    assert consent["value"] == 1 and consent["figures"]["on_list"] == 2
    assert [n["title"] for n in consent["notes"]] == ["Sofia"]
    assert consent["trend"]["verdict"] is None and consent["trend"]["reason"]

    groups = habit(data, "groups")
    # Guild meets weekly: 25 days expect 3 meetings, 2 attended; Book club has no meets: listed, not scored
    assert (groups["figures"]["expected"], groups["figures"]["attended"]) == (3, 2)
    assert groups["value"] == pytest.approx(2 / 3, abs=1e-4)
    book = next(g for g in groups["figures"]["groups"] if g["name"] == "Book club")
    assert book["expected"] is None and book["skipped"] == "no meets: interval"
    assert groups["previous"]["value"] == 0.0

    net = habit(data, "network")
    # Ann and Bob in touch, Carl (met 2026-10-01, cadence 1m) lapsed; on 2026-10-31 all three were in touch
    assert (net["figures"]["tracked"], net["figures"]["lapsed"]) == (3, 1)
    assert net["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert net["previous"]["value"] == 1.0 and net["trend"]["verdict"] == "worse"
    assert net["notes"][0]["title"] == "Carl"


def test_pitch_words_seconds_and_findings_match_check(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    p = habit(data, "pitch")
    assert p["figures"]["pitches"][0] | {"findings": 0} == {"title": "pitch", "path": "pitch.md", "words": 18,
                                                           "seconds": 7, "slot": 30.0, "findings": 0}
    res = CliRunner().invoke(cli, ["--vault", str(habits_vault), "--today", TODAY, "check", "--format", "json",
                                   "--select", "pitch"])
    statement = [f for f in json.loads(res.stdout) if f["rule"] != "pitch-meeting"]
    assert p["value"] == len(statement) == p["figures"]["findings"]
    assert p["trend"]["verdict"] is None


def test_every_row_has_figure_trend_notes_and_a_seed_suggestion(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    assert [h["id"] for h in data["habits"]] == list(HABIT_IDS) == [
        "objectives", "homework", "follow-through", "reciprocity", "new-people", "card-stack", "consent", "groups",
        "pitch", "network"]
    seeds = " ".join(p.read_text(encoding="utf-8") for p in
                     (Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt")) if \
        (Path(__file__).resolve().parents[2] / "shared" / "seeds").is_dir() else ""
    for h in data["habits"]:
        for key in ("value", "text", "score", "status", "figures", "previous", "trend", "monthly", "notes",
                    "suggestion", "definition", "better", "unit"):
            assert key in h, (h["id"], key)
        assert h["suggestion"]["text"] and h["suggestion"]["source"].startswith(
            ("“Why your Networking is not Delivering Results”", "“10 Signs That You're Doing Networking Wrong”"))
        assert h["definition"].split(" = ")[0].replace(" ", "-") == h["id"]
        if seeds:  # the quote is a sentence of the seeds (modulo the first letter's case)
            q = h["suggestion"]["quote"]
            assert q[1:-1] in seeds, q
    assert data["period"] == {"since": "2026-11-01", "until": "2026-11-25", "days": 25}
    assert data["previous"] == {"since": "2026-10-07", "until": "2026-10-31", "days": 25}
    assert data["charts"]["months"] == ["2026-10", "2026-11"]
    assert data["charts"]["totals"] == {"events": 3, "new_people": 2, "on_time": 3, "late": 1, "given": 2, "received": 1}


def test_period_boundaries(make_vault):
    root = make_vault({
        "events/a.md": "---\ntype: event\ndate: 2026-10-31\n---\n",
        "events/b.md": "---\ntype: event\ndate: 2026-11-01\nobjectives: [x]\n---\n",
        "events/c.md": "---\ntype: event\ndate: 2026-11-25T18:30\nobjectives: [x]\n---\n",
        "events/d.md": "---\ntype: event\ndate: 2026-11-26\nstatus: planned\n---\n",
    })

    def objectives(*args):
        h = habit(review_json(root, *args), "objectives")
        return h["figures"]["events"], h["figures"]["with_objectives"]

    assert objectives(*PERIOD) == (2, 2)  # exactly on --since and on --until count
    assert objectives("--since", "2026-11-02", "--until", "2026-11-25") == (1, 1)  # the day after since: b is out
    assert objectives("--since", "2026-10-31", "--until", "2026-11-25") == (3, 2)  # the day before since is in now
    assert objectives("--since", "2026-11-01", "--until", "2026-11-26") == (3, 2)  # a planned event counts too
    assert objectives("--since", "2026-11-01", "--until", "2026-11-24") == (1, 1)
    assert objectives() == (3, 2)  # the default: the 90 days up to today (2026-08-28 .. 2026-11-25)
    data = review_json(root, *PERIOD)
    assert habit(data, "objectives")["previous"]["figures"]["events"] == 1  # a, the day before --since


def test_period_helpers():
    p = default_period(date(2026, 11, 25))
    assert (p.start, p.end, p.days) == (date(2026, 8, 28), date(2026, 11, 25), 90)
    assert p.previous() == Period(date(2026, 5, 30), date(2026, 8, 27))
    assert date(2026, 8, 28) in p and date(2026, 8, 27) not in p and None not in p
    assert default_period(date(2026, 11, 25), since=date(2026, 11, 1)).days == 25
    assert default_period(date(2026, 11, 25), until=date(2026, 10, 31)).start == date(2026, 8, 3)
    with pytest.raises(ValueError):
        default_period(date(2026, 11, 25), since=date(2026, 12, 1))
    months = months_between(date(2025, 12, 15), date(2026, 2, 10))
    assert [(m.start, m.end) for m in months] == [(date(2025, 12, 1), date(2025, 12, 31)),
                                                 (date(2026, 1, 1), date(2026, 1, 31)),
                                                 (date(2026, 2, 1), date(2026, 2, 10))]


def test_monthly_values_and_sparkline_months(habits_vault):
    data = review_json(habits_vault, *PERIOD)
    ft = habit(data, "follow-through")
    assert ft["monthly"] == [{"month": "2026-10", "value": 0.0}, {"month": "2026-11", "value": 0.75}]
    assert data["charts"]["follow_ups_on_time"] == [0, 3] and data["charts"]["follow_ups_late"] == [1, 1]
    assert data["charts"]["given"] == [1, 2] and data["charts"]["received"] == [0, 1]


def test_empty_vault_is_a_friendly_message_not_a_division_by_zero(make_vault, tmp_path):
    root = make_vault({})
    res = run(root)
    assert res.exit_code == 0
    assert "Nothing to review yet" in res.output and "Traceback" not in res.output
    data = review_json(root)
    assert data["empty"] is True and "Nothing to review yet" in data["message"]
    for h in data["habits"]:
        assert h["value"] is None and h["reason"], h
        assert h["trend"]["delta"] is None and h["trend"]["reason"]
    out = tmp_path / "empty.html"
    assert run(root, "--html", str(out)).exit_code == 0
    assert "Nothing to review yet" in out.read_text(encoding="utf-8")


def test_a_vault_with_only_plain_notes_or_no_events_still_works(make_vault):
    root = make_vault({"notes/idea.md": "- [ ] buy milk 📅 2026-11-01\n", "people/Zed.md": "---\ntype: contact\n---\n"})
    data = review_json(root)
    assert data["empty"] is False
    assert habit(data, "follow-through")["value"] is None  # a plain note's task is not a networking follow-up
    assert habit(data, "objectives")["reason"] == "no events in the period"


def test_terminal_output_plain_when_piped(habits_vault):
    res = run(habits_vault, *PERIOD)
    assert res.exit_code == 0
    out = res.output
    assert "\x1b[" not in out  # NO_COLOR (set for every test) and a pipe: no escape codes
    assert "2026-11-01 – 2026-11-25 (25 days), compared with 2026-10-07 – 2026-10-31" in out
    lines = out.splitlines()
    header = next(l for l in lines if l.startswith("habit"))
    assert header.split()[:5] == ["habit", "score", "this", "period", "before"]
    row = next(l for l in lines if l.startswith("Follow-through"))
    assert "75% on time · 3 of 4" in row and "▲ +75 pts" in row and "███████▌" in row
    assert "What to do next" in out
    assert "people/Carl.md:" in out  # the notes behind a figure, as path:line


def test_terminal_output_in_colour(habits_vault, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = run(habits_vault, *PERIOD).output
    assert "\x1b[" in out and "Networking review" in out and "Follow-through" in out and "What to do next" in out


def test_bad_options(habits_vault):
    res = CliRunner().invoke(cli, ["--vault", str(habits_vault), "--today", TODAY, "review", "--since", "2026-12-01"])
    assert res.exit_code == 2 and "after --until" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(habits_vault), "review", "--since", "last week"])
    assert res.exit_code == 2 and "not a date" in res.output


def test_library_api(habits_vault):
    vault = plainnet.open_vault(habits_vault, today=date(2026, 11, 25))
    card = review(vault, date(2026, 11, 1), date(2026, 11, 25))
    assert card.row("follow-through").current.value == 0.75
    assert card.by_priority()[0].status == "poor"
    assert card.to_json()["habits"][2]["id"] == "follow-through"


def test_example_vault_card_stack_matches_the_agenda(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".plainnet"))
    data = review_json(root)
    agenda = json.loads(CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, "agenda", "--json"]).stdout)
    assert sorted(n["path"] for n in habit(data, "card-stack")["notes"]) == \
        sorted(i["path"] for i in agenda["items"] if i["section"] == "no-next-step")
    g = habit(data, "groups")["figures"]
    assert (g["attended"], g["expected"]) == (3, 18)  # Chamber 1 of 3, Golf Club 0 of 12, Guild 2 of 3


# ---------------------------------------------------------------- the HTML page


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = Counter()
        self.charts = {}  # data-chart -> [data-value of its bars]
        self.rows = []
        self.links = []
        self.sparks = []
        self.external = []
        self._chart = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if tag == "svg" and "data-chart" in a:
            self._chart = a["data-chart"]
            self.charts[self._chart] = []
        if tag == "svg" and a.get("class") == "spark":
            self.sparks.append(a["data-habit"])
        if tag == "rect" and self._chart and "data-value" in a:
            self.charts[self._chart].append((a["data-month"], a["data-series"], int(a["data-value"])))
        if tag == "tr" and "data-habit" in a:
            self.rows.append(a["data-habit"])
        if tag == "a":
            self.links.append(a.get("href", ""))
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None


@pytest.fixture
def html_page(habits_vault, tmp_path):
    out = tmp_path / "out" / "review.html"
    out.parent.mkdir()
    res = run(habits_vault, *PERIOD, "--html", str(out))
    assert res.exit_code == 0 and f"wrote {out}" in res.output
    return out


def test_html_is_self_contained_with_charts_rows_and_links(html_page, habits_vault):
    text = html_page.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0 and not page.external
    assert page.tags["style"] == 1
    # the four monthly charts, with their numbers on the bars
    assert set(page.charts) == {"events", "new-people", "follow-ups", "reciprocity"}
    assert ("2026-11", "events", 3) in page.charts["events"]
    assert ("2026-11", "on time", 3) in page.charts["follow-ups"] and ("2026-10", "late", 1) in page.charts["follow-ups"]
    assert ("2026-11", "given", 2) in page.charts["reciprocity"] and ("2026-11", "received", 1) in page.charts["reciprocity"]
    assert ("2026-11", "people", 2) in page.charts["new-people"]
    # the scorecard: one row per habit, sparklines where there is history
    assert page.rows == list(HABIT_IDS)
    assert set(page.sparks) == set(HABIT_IDS) - {"consent", "pitch"}
    assert "75%" in text and "Follow-through" in text
    # links: obsidian:// URIs and relative file links that reach the notes
    obsidian = [urlparse(h) for h in page.links if h.startswith("obsidian://")]
    assert obsidian and all(parse_qs(u.query)["vault"] == ["vault"] for u in obsidian)
    assert "people/Carl" in {parse_qs(u.query)["file"][0] for u in obsidian}
    files = [h for h in page.links if not h.startswith(("obsidian:", "#"))]
    assert files and all((html_page.parent / unquote(h)).resolve().is_file() for h in files)
    assert (html_page.parent / unquote(next(h for h in files if h.endswith("Carl.md")))).resolve() == \
        (habits_vault / "people" / "Carl.md").resolve()


def _png_pixels(data: bytes):
    """Decode an 8-bit, non-interlaced RGB(A) PNG with zlib and struct: (width, height, rows of bytes, bpp)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and ctype in (2, 6), (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    rows, prev = [], bytes(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                up = prev[x]
                if f == 1:
                    line[x] = (line[x] + left) & 255
                elif f == 3:
                    line[x] = (line[x] + (left + up) // 2) & 255
                else:
                    ul = prev[x - bpp] if x >= bpp else 0
                    p = left + up - ul
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                    line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else ul)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp


def test_html_screenshot_with_headless_chromium(html_page, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (apt-get install chromium); the page is still checked by "
                    "test_html_is_self_contained_with_charts_rows_and_links")
    png = tmp_path / "review.png"
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1280,2000",
           html_page.resolve().as_uri()]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("chromium did not finish the screenshot within 120 s")
    assert png.is_file(), f"no screenshot; chromium said: {proc.stderr[-2000:]}"
    if os.environ.get("PLAINNET_SCREENSHOT"):  # keep a copy to look at
        shutil.copy(png, os.environ["PLAINNET_SCREENSHOT"])
    w, h, rows, bpp = _png_pixels(png.read_bytes())
    assert (w, h) == (1280, 2000)
    colours = Counter()
    for row in rows[::5]:
        for x in range(0, len(row), bpp * 5):
            colours[row[x:x + 3]] += 1
    total = sum(colours.values())
    background, most = colours.most_common(1)[0]
    assert most / total < 0.9, "the page is (nearly) one colour"
    assert len(colours) > 50, "too few colours for text and charts"
    assert colours[bytes((0xf6, 0xf5, 0xf2))] > total * 0.1  # the page background
    assert colours[bytes((0x3d, 0x5a, 0x98))] > 100  # the charts' bars drew (ACCENT)
    dark = sum(n for c, n in colours.items() if max(c) < 90)
    assert dark > total * 0.002, "no dark text pixels"
