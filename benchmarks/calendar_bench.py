#!/usr/bin/env python3
"""plainnet calendar import benchmark: a year of meetings as one Google-style .ics file.

    python benchmarks/calendar_bench.py                 # 2,000 meetings, 3 runs, medians
    python benchmarks/calendar_bench.py --meetings 500 --runs 1 --keep /tmp/cal-vault

A year of calendar is 2,000 meetings, 40% of them occurrences of recurring series (weekly and
fortnightly, with moved and cancelled occurrences as exceptions) and 60% single events, with one
to four attendees each among 400 people, 300 of whom are contacts in the vault already (matched by
email or name). Each run is a fresh subprocess of this interpreter, start-up included:

1. `plainnet import year.ics --since ... --until ...` (the whole year) into a fresh vault with the
   300 contacts: target under 10 s;
2. `plainnet index`: the sync of the new notes that the next command would pay for once
   (reported, no target; the contact import benchmark counts it the same way);
3. the same import again: "0 new, 0 updated" and no file changed (every file hashed): target
   under 3 s.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YEAR = date(2026, 1, 1)
FIRST = ["Jane", "Ana", "José", "Zoë", "Priya", "Mei", "Olu", "Søren", "Chloé", "Ahmed", "Lena", "Marta",
         "Yuki", "Ivan", "Noor", "Tomás", "Grace", "Björk", "Łukasz", "Dmitri"]
LAST = ["García", "Fontaine", "Raman", "Chen", "Adeyemi", "Müller", "O'Brien", "Nakamura", "Novak", "Haddad",
        "Fischer", "Silva", "Kowalski", "Ng", "Dubois", "Smith-Jones", "Ivanova", "Okafor", "Lindqvist", "Rossi"]
TOPICS = ["Coffee", "Lunch", "Intro call", "Project sync", "Quarterly review", "Partner meeting", "1:1",
          "Workshop", "Pitch practice", "Hiring chat", "Board prep", "Design review"]


def people(n: int, rng: random.Random) -> list[tuple[str, str]]:
    out, seen = [], set()
    while len(out) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name in seen:
            name = f"{name} {len(out)}"
        seen.add(name)
        email = name.lower().replace(" ", ".").replace("'", "") + f"@example{len(out) % 7}.org"
        out.append((name, email))
    return out


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def stamp(d: datetime) -> str:
    return d.strftime("%Y%m%dT%H%M%S")


def attendee_lines(who) -> list[str]:
    lines = ["ORGANIZER;CN=Jane Doe:mailto:jane.doe@example.org",
             "ATTENDEE;CN=jane.doe@example.org;PARTSTAT=ACCEPTED:mailto:jane.doe@example.org"]
    for name, email in who:
        lines.append(f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN={name}:mailto:{email}")
    return lines


def event(uid: str, start: datetime, summary: str, who, extra=()) -> list[str]:
    return ["BEGIN:VEVENT", f"DTSTART;TZID=Europe/Berlin:{stamp(start)}",
            f"DTEND;TZID=Europe/Berlin:{stamp(start + timedelta(minutes=45))}", "DTSTAMP:20260101T000000Z",
            f"UID:{uid}", f"SUMMARY:{esc(summary)}", *extra, *attendee_lines(who), "END:VEVENT"]


def calendar(meetings: int, rng: random.Random, crowd) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
             "X-WR-CALNAME:jane.doe@example.org", "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
             "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "DTSTART:19700329T020000",
             "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "BEGIN:STANDARD", "TZOFFSETFROM:+0200",
             "TZOFFSETTO:+0100", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
             "END:STANDARD", "END:VTIMEZONE"]
    recurring = int(meetings * 0.4)
    made = 0
    s = 0
    while made < recurring:  # series of 20 to 50 occurrences, weekly or fortnightly
        count = min(rng.randint(20, 50), recurring - made)
        interval = rng.choice((1, 1, 2))
        count = min(count, 52 // interval - 2)  # inside the year
        start = datetime(2026, 1, 5, rng.randint(8, 17), rng.choice((0, 30))) + timedelta(days=rng.randrange(7))
        who = rng.sample(crowd, rng.randint(1, 4))
        uid = f"series-{s}@bench"
        lines += event(uid, start, f"{rng.choice(TOPICS)} series {s}", who,
                       [f"RRULE:FREQ=WEEKLY;INTERVAL={interval};COUNT={count}"])
        k = rng.randrange(1, count)  # one moved occurrence (an exception) ...
        orig = start + timedelta(weeks=interval * k)
        lines += event(uid, orig + timedelta(hours=2), f"{rng.choice(TOPICS)} series {s} (moved)", who,
                       [f"RECURRENCE-ID;TZID=Europe/Berlin:{stamp(orig)}"])
        made += count
        s += 1
    for i in range(meetings - recurring):
        day = YEAR + timedelta(days=rng.randrange(365))
        start = datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
        lines += event(f"single-{i}@bench", start, f"{rng.choice(TOPICS)} {i}", rng.sample(crowd, rng.randint(1, 3)))
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def make_vault(root: Path, contacts) -> None:
    (root / "people").mkdir(parents=True)
    (root / "plainnet.toml").write_text('my_emails = ["jane.doe@example.org"]\n', encoding="utf-8")
    for i, (name, email) in enumerate(contacts):
        email_line = f"email: {email}\n" if i % 3 else ""  # a third matched by name only
        (root / "people" / f"{name}.md").write_text(
            f"---\ntype: contact\nname: {name}\n{email_line}cadence: 3m\n---\n\n## Log\n", encoding="utf-8")


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.md")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def plainnet(root: Path, *args) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "plainnet", "--vault", str(root), "--today", "2026-12-31", *args]
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO,
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "TZ": "UTC"})
    took = time.perf_counter() - t
    if done.returncode != 0:
        sys.exit(f"plainnet {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return took, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--meetings", type=int, default=2000, help="meetings in the year (default 2,000)")
    ap.add_argument("--runs", type=int, default=3, help="runs; medians are reported (default 3)")
    ap.add_argument("--keep", metavar="DIR", help="keep the last run's vault here")
    args = ap.parse_args()
    rng = random.Random(16)
    crowd = people(400, rng)
    text = calendar(args.meetings, rng, crowd)
    first, indexing, again = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        ics = Path(tmp) / "year.ics"
        ics.write_text(text, encoding="utf-8")
        for run in range(args.runs):
            root = Path(args.keep) if args.keep and run == args.runs - 1 else Path(tmp) / f"vault{run}"
            make_vault(root, crowd[:300])
            window = ["--since", "2026-01-01", "--until", "2026-12-31"]
            took, out = plainnet(root, "import", str(ics), *window)
            summary = out.strip().splitlines()[-1]
            made = len(list((root / "events").iterdir()))
            first.append(took)
            before = digest(root)
            took_index, _ = plainnet(root, "index")
            indexing.append(took_index)
            took2, out2 = plainnet(root, "import", str(ics), *window)
            if digest(root) != before or "0 new, 0 updated" not in out2:
                sys.exit(f"re-import changed the vault: {out2.strip().splitlines()[-1]}")
            again.append(took2)
            print(f"run {run + 1}: import {took:.2f} s ({made} event notes; {summary}), index {took_index:.2f} s, "
                  f"re-import {took2:.2f} s")
    imp, re_imp = statistics.median(first), statistics.median(again)
    print(f"median import {imp:.2f} s (target < 10 s), index {statistics.median(indexing):.2f} s, "
          f"re-import {re_imp:.2f} s (target < 3 s)")
    if imp >= 10 or re_imp >= 3:
        sys.exit(1)


if __name__ == "__main__":
    main()
