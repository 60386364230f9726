"""Dates and cadences as Obsidian writes them: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `30d`/`2w`/`3m`/`1y`."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?(?:\[[^\]]+\])?)?\s*$")
_CADENCE_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


class BadDate(ValueError):
    """A value in a date field that is not an ISO date."""


def parse_date(value) -> date | None:
    """A date from a front-matter value; None for empty; BadDate for anything else.

    Accepts what YAML already turned into date/datetime, and the strings Obsidian writes
    (including `2021-11-01T01:00:00[Europe/Paris]` and offsets). A datetime becomes its date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise BadDate(f"{value!r} is not a real date ({exc})") from None
    raise BadDate(f"{value!r} is not a date (use YYYY-MM-DD)")


_ISO_CACHE: dict[str, date | None] = {}


def try_date(value) -> date | None:
    """parse_date, or None for anything that is not a date. ISO strings are cached: the index
    stores dates normalised, and a network of 10,000 notes asks for the same ones many times."""
    if isinstance(value, str):
        try:
            return _ISO_CACHE[value]
        except KeyError:
            pass
        try:
            d = parse_date(value)
        except BadDate:
            d = None
        if len(_ISO_CACHE) < 100_000:
            _ISO_CACHE[value] = d
        return d
    try:
        return parse_date(value)
    except BadDate:
        return None


def parse_cadence(value) -> timedelta | None:
    """`2w`, `30d`, `3m`, `1y` -> a timedelta (months are 30 days, years 365); None if not one."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(days=value)
    m = _CADENCE_RE.match(str(value))
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    return timedelta(days=n * {"d": 1, "w": 7, "m": 30, "y": 365}[unit])


def iso(d) -> str | None:
    return d.isoformat() if d is not None else None
