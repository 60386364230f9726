"""Dates and cadences as Obsidian writes them: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `30d`/`2w`/`3m`/`1y`."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?(?:\[[^\]]+\])?)?\s*$")


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


#: how many days one unit is (a month is 30 days, a quarter 90, a year 365, as everywhere in plainnet)
_UNITS = {"d": 1, "day": 1, "days": 1,
          "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
          "m": 30, "mo": 30, "mos": 30, "mth": 30, "mths": 30, "month": 30, "months": 30,
          "q": 90, "quarter": 90, "quarters": 90,
          "y": 365, "yr": 365, "yrs": 365, "year": 365, "years": 365}
#: single words (and "every <unit>", "once a <unit>", "every other <unit>" below)
_WORDS = {"daily": 1, "weekly": 7, "fortnightly": 14, "monthly": 30, "quarterly": 90,
          "half-yearly": 182, "halfyearly": 182, "semiannually": 182, "semi-annually": 182,
          "yearly": 365, "annually": 365, "annual": 365, "fortnight": 14}
#: the explicit "no cadence" (also opts a contact out of the vault's default_cadence)
CADENCE_OFF = frozenset({"never", "none", "off", "no", "false"})
_AMBIGUOUS = {"biweekly", "bi-weekly", "bimonthly", "bi-monthly", "biannually", "bi-annually", "biannual",
              "semimonthly", "semi-monthly", "semiweekly", "semi-weekly"}
_CADENCE_RE = re.compile(r"^(?:every\s+|once\s+(?:a|an|every|per)\s+|(?:a|an|one|per)\s+)?"
                         r"(?:(\d+)|(other|a|an|one|two|three|four|five|six|twelve))?\s*([a-z]+)$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "other": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12}
CADENCE_FORMS = ("2w, 30d, 3m, 1y; 3 months, 6 weeks, every 2 weeks, every month; daily, weekly, "
                 "fortnightly, monthly, quarterly, half-yearly, yearly, annually; never")


def read_cadence(value) -> tuple[timedelta | None, str | None]:
    """(interval, None) for a cadence plainnet can use; (None, None) for empty or `never`;
    (None, why) for anything else. An integer is a number of days."""
    if value is None or value == "":
        return None, None
    if value is False:
        return None, None  # `cadence: off` / `false`: YAML's booleans for "never"
    if isinstance(value, bool):
        return None, f"true is not a cadence; use one of: {CADENCE_FORMS}"
    if isinstance(value, int):
        if value > 0:
            return timedelta(days=value), None
        return None, f"{value!r} is not a cadence (a number of days must be at least 1)"
    if not isinstance(value, str):
        return None, f"{value!r} is not a cadence; use one of: {CADENCE_FORMS}"
    text = " ".join(value.strip().lower().replace("_", " ").split())
    if text in CADENCE_OFF:
        return None, None
    if text in _WORDS:
        return timedelta(days=_WORDS[text]), None
    if text in _AMBIGUOUS:
        return None, (f"{value!r} is ambiguous (twice a week, or every two weeks?); say it in numbers, "
                      f"e.g. 'every 2 weeks' or '6m'")
    m = _CADENCE_RE.match(text)
    if m and m.group(3) in _UNITS:
        n = int(m.group(1)) if m.group(1) else _NUMBERS[m.group(2)] if m.group(2) else 1
        if n < 1:
            return None, f"{value!r} is not a cadence (at least 1 {m.group(3)})"
        if n > 100_000:
            return None, f"{value!r} is not a cadence (too long)"
        return timedelta(days=n * _UNITS[m.group(3)]), None
    return None, f"{value!r} is not a cadence; use one of: {CADENCE_FORMS}"


def cadence_error(value) -> str | None:
    """Why a value cannot be used as a cadence, or None when it can (empty and `never` can)."""
    return read_cadence(value)[1]


def parse_cadence(value) -> timedelta | None:
    """`2w`, `30d`, `3m`, `1y`, `3 months`, `every 2 weeks`, `monthly`… -> a timedelta (months are
    30 days, years 365); None when empty, `never`, or not a cadence (that is a `data-cadence`
    finding at its line, reported by the note's parse)."""
    return read_cadence(value)[0]


def iso(d) -> str | None:
    return d.isoformat() if d is not None else None
