"""`brief`: homework for a meeting, printed, written under `## Brief`, and as one HTML page."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.api import open_vault
from plainnet.brief import brief_html, brief_markdown, make_brief
from plainnet.cli import cli

REPO = Path(__file__).resolve().parents[1]


def _run(root, *args, today="2026-11-25", code=0):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])
    assert res.exit_code == code, res.output
    return res.output


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "v"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


def test_brief_for_an_event(example):
    out = _run(example, "brief", "2026-12-05 Lunch with Jane Doe")
    assert out.startswith("### Brief for 2026-12-05 Lunch with Jane Doe (2026-12-05), prepared 2026-11-25")
    assert "- ask Jane for the introduction to Northwind's head of product" in out
    assert "#### Jane Doe, CTO, Northwind Software" in out
    assert "- How you met: met at 2026-03-14 UX Week" in out
    # the field last_contact (2026-10-01) is the latest contact, with its line
    assert "- Last contact: 2026-10-01, last contact (the field) (people/Jane Doe.md:10)" in out
    assert "- They need: an introduction to Northwind's head of product" in out
    assert "- You can offer: introduce her to two research ops people she could hire" in out
    assert "- You gave: sent her a recruiting-screener template (2026-09-10); reviewed her onboarding flow (2026-06-02)" in out
    assert "- They gave you: referral to Contoso (2026-07-01)" in out
    assert "- People you both know: Bob Martinez, Lena Fischer" in out
    assert "- Log 2026-09-10: sent the screener template" in out
    assert "**Homework**: done" in out


def test_brief_missing_homework_owed_and_pitch(example):
    out = _run(example, "brief", "2026-11-20 Product meetup", today="2026-11-15")
    assert "- You owe: Call Bob about the Q1 research budget (due 2026-11-30) (people/Bob Martinez.md:20)" in out
    assert "- Emma Wilson: no `need`" in out and "- Emma Wilson: no `offer`" in out
    out = _run(example, "brief", "2026-03-14 UX Week", today="2026-03-10")
    assert "**Pitch** (100 words, about 40 s)" in out
    assert "(pitch-jargon)" in out and "(pitch-length)" in out
    out = _run(example, "brief", "2026-11-27 Design leaders call", today="2026-11-25")
    assert "- no objectives for 2026-11-27 Design leaders call" in out


def test_brief_for_a_person_and_json(example):
    out = _run(example, "brief", "Emma Wilson")
    assert out.startswith("### Brief for Emma Wilson (next: 2026-12-02 Coffee with Emma Wilson)")
    assert "introduced by Bob Martinez" in out
    data = json.loads(_run(example, "brief", "Emma Wilson", "--json"))
    assert data["attendees"][0]["path"] == "people/Emma Wilson.md"
    assert data["objectives"] == ["try out my new pitch on Emma"]
    res = CliRunner().invoke(cli, ["--vault", str(example), "brief", "Ideas"])
    assert res.exit_code == 2 and "neither an event nor a contact" in res.output


def test_brief_write_is_a_minimal_append(example):
    path = example / "events/2026-12-05 Lunch with Jane Doe.md"
    before = path.read_bytes()
    out = _run(example, "brief", "2026-12-05 Lunch with Jane Doe", "--write")
    after = path.read_bytes()
    assert after.startswith(before)  # nothing before changes
    added = after[len(before):].decode()
    assert added.lstrip("\n").startswith("## Brief\n### Brief for 2026-12-05 Lunch with Jane Doe")
    assert added.rstrip().endswith("**Homework**: done") and "**Homework**: done" in out
    with open_vault(example) as v:  # the note still parses, attendees unchanged
        assert v.read("events/2026-12-05 Lunch with Jane Doe.md").front_matter["attendees"] == ["[[Jane Doe]]"]
    # a second brief goes under the same heading
    _run(example, "brief", "2026-12-05 Lunch with Jane Doe", "--write")
    assert path.read_text().count("## Brief\n") == 1 and path.read_text().count("### Brief for") == 2


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = Counter()
        self.external = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for k, v in attrs:
            if k in ("src", "href") and v and v.startswith(("http:", "https:", "//")):
                self.external.append(v)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def html_page(example, tmp_path):
    out = tmp_path / "brief.html"
    _run(example, "brief", "2026-11-20 Product meetup", "--html", str(out), today="2026-11-15")
    return out


def test_html_is_self_contained(html_page):
    text = html_page.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0 and not page.external
    assert page.tags["style"] == 1 and page.tags["h4"] == 2 and page.tags["li"] > 10
    words = " ".join(page.text)
    assert "Bob Martinez, Head of Product, Contoso" in words and "Homework missing" in words


def test_html_escapes_note_html():
    md = brief_markdown(_fake_brief("<script>alert(1)</script>"), date(2026, 1, 1))
    page = brief_html(md, "t")
    assert "<script>" not in page and "&lt;script&gt;" in page


def _fake_brief(need: str):
    from plainnet.brief import Attendee, Brief

    a = Attendee("p.md", "P", "", "met", None, need, "x")
    return Brief("e.md", "E", None, [], None, [a], [])


def test_library_api(example):
    with open_vault(example, today=date(2026, 11, 25)) as v:
        b = make_brief(v, "2026-12-05 Lunch with Jane Doe")
    assert [a.title for a in b.attendees] == ["Jane Doe"] and b.missing == []
    assert b.attendees[0].last_contact["date"] == "2026-10-01"


def test_html_screenshot_with_headless_chromium(html_page, tmp_path):
    from test_review import _png_pixels  # (tests/ is on the path: pytest puts it there)

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (apt-get install chromium); the page is still checked by "
                    "test_html_is_self_contained")
    png = tmp_path / "brief.png"
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1000,1400",
           html_page.resolve().as_uri()]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("chromium did not finish the screenshot within 120 s")
    assert png.is_file(), f"no screenshot; chromium said: {proc.stderr[-2000:]}"
    if os.environ.get("PLAINNET_SCREENSHOT"):
        shutil.copy(png, os.environ["PLAINNET_SCREENSHOT"])
    w, h, rows, bpp = _png_pixels(png.read_bytes())
    assert (w, h) == (1000, 1400)
    colours = Counter()
    for row in rows[::4]:
        for x in range(0, len(row), bpp * 4):
            colours[row[x:x + 3]] += 1
    total = sum(colours.values())
    assert colours.most_common(1)[0][1] / total < 0.95, "the page is (nearly) one colour"
    assert colours[bytes((0xf6, 0xf5, 0xf2))] > total * 0.05  # the page background
    assert colours[bytes((0xff, 0xff, 0xff))] > total * 0.2  # the sheet
    assert colours[bytes((0xe8, 0xed, 0xf7))] > 100  # the attendees' heading bars
    dark = sum(n for c, n in colours.items() if max(c) < 90)
    assert dark > total * 0.002, "no dark text pixels"
