"""Dates as exports write them, turned into ISO text (or kept raw when unsure)."""
from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$")
_MON_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_EMPTY = {"", "0/0/00", "0/0/0000", "00/00/0000", "0000-00-00"}


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_day(m: int, d: int) -> str | None:
    # Feb 29 must be valid in some year: check against a leap year
    return f"--{m:02d}-{d:02d}" if _iso(2000, m, d) else None


def parse_date(text: str) -> str:
    """ISO 'YYYY-MM-DD' (or '--MM-DD' when the year is unknown) when the text is a
    date plainnet understands; otherwise the text unchanged (stripped); '' for
    the "no date" markers Outlook writes (0/0/00).

    Understood: 19800322, 1980-03-22, 1980-03-22T00:00:00Z, --0322, --03-22,
    15 Jan 2024, 15-Jan-2024, January 15, 2024, and M/D/YYYY as Outlook writes
    it in US English (read as D/M/YYYY when the first number cannot be a month).
    """
    raw = (text or "").strip()
    if raw in _EMPTY:
        return ""
    m = _ISO.match(raw)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3])) or raw
    m = _NO_YEAR.match(raw)
    if m:
        return _month_day(int(m[1]), int(m[2])) or raw
    m = _SLASHED.match(raw)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if a > 12 >= b:
            a, b = b, a
        return _iso(y, a, b) or raw
    m = _DAY_MON_YEAR.match(raw)
    if m and m[2].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1])) or raw
    m = _MON_DAY_YEAR.match(raw)
    if m and m[1].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[1].lower()], int(m[2])) or raw
    return raw


def date_from_parts(year: str, month: str, day: str) -> str:
    """Thunderbird's Birth Year / Birth Month / Birth Day columns."""
    try:
        m, d = int(month), int(day)
    except ValueError:
        return ""
    try:
        y = int(year)
    except ValueError:
        return _month_day(m, d) or ""
    return _iso(y, m, d) or ""
