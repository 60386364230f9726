"""Dates worth remembering: `birthday:` and `anniversaries:` of contacts.

    birthday: 1986-02-14          # or --02-14 without a year (vCard's form)
    anniversaries:
      - {date: 2019-06-01, what: started at Acme}
      - {date: --09-12, what: wedding}

They feed the agenda's `dates` section for the next `--days`, and yearly VEVENTs in
`agenda --ics`. February 29 falls on February 28 in the other years.
"""
from __future__ import annotations

import re
from datetime import date

_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_yearly(value) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a `YYYY-MM-DD`, `--MM-DD` (or `--MMDD`) value; None if not one."""
    if isinstance(value, date):
        return value.year, value.month, value.day
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _NO_YEAR.match(text)
    if m:
        month, day = int(m[1]), int(m[2])
        try:
            date(2000, month, day)  # a leap year: --02-29 is a day
        except ValueError:
            return None
        return None, month, day
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return None
    return d.year, d.month, d.day


def problem(value) -> str | None:
    """Why a birthday/anniversary value cannot be used, or None."""
    if value is None or value == "" or parse_yearly(value) is not None:
        return None
    return f"{value!r} is not a date (use YYYY-MM-DD, or --MM-DD without the year)"


def on_year(month: int, day: int, year: int) -> date:
    """The day in `year`: February 29 falls on February 28 outside leap years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def next_on(month: int, day: int, today: date) -> date:
    """The first day on or after today that the yearly date falls on."""
    this = on_year(month, day, today.year)
    return this if this >= today else on_year(month, day, today.year + 1)


def entries(front_matter: dict) -> list[list]:
    """[kind, text, what, index] of a contact's usable yearly dates: kind "birthday" or
    "anniversary", text `YYYY-MM-DD` or `--MM-DD`, index in `anniversaries` (or -1)."""
    out = []

    def text_of(value):
        p = parse_yearly(value)
        if p is None:
            return None
        y, m, d = p
        return f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"

    t = text_of(front_matter.get("birthday"))
    if t:
        out.append(["birthday", t, "birthday", -1])
    items = front_matter.get("anniversaries")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            t = text_of(item.get("date"))
            if t:
                what = str(item.get("what") or "anniversary").strip() or "anniversary"
                out.append(["anniversary", t, what, i])
    return out


def describe(name: str, kind: str, text: str, what: str, on: date) -> str:
    """`Jane Doe's birthday (turns 40)`, `Jane Doe: started at Acme (7 years)`."""
    p = parse_yearly(text)
    years = on.year - p[0] if p and p[0] else None
    if kind == "birthday":
        return f"{name}'s birthday" + (f" (turns {years})" if years and years > 0 else "")
    return f"{name}: {what}" + (f" ({years} year{'s' if years != 1 else ''})" if years and years > 0 else "")
