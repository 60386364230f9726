"""Putting a contact away for a while or for good: `snooze_until:` and `status: archived`.

A snoozed contact leaves the agenda's stay-in-touch and no-next-step sections (and the matching
checks) until the date passes; the agenda counts snoozed contacts in one line. An archived one
leaves the agenda and the habit checks altogether, while its links, its history and the `review`
figures stay. Both are one front-matter field, written through plainnet.write.edit like every change.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from plainnet.write import edit
from plainnet.write.edit import EditError
from plainnet.record import Change, find_contact

_PERIOD = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def snooze_date(text: str, today: date) -> date:
    """`2w`, `10d`, `3m`, `1y` from today, or a date (YYYY-MM-DD) after today; EditError otherwise."""
    raw = str(text).strip()
    m = _PERIOD.match(raw)
    if m:
        n, unit = int(m[1]), m[2].lower()
        if n <= 0:
            raise EditError(f"{raw!r}: snooze for at least one day")
        if unit == "m":
            return _add_months(today, n)
        if unit == "y":
            return _add_months(today, 12 * n)
        return today + timedelta(days=n * (7 if unit == "w" else 1))
    try:
        when = date.fromisoformat(raw)
    except ValueError:
        raise EditError(f"{raw!r} is neither a period (2w, 10d, 3m, 1y) nor a date (YYYY-MM-DD)") from None
    if when <= today:
        raise EditError(f"{raw}: the snooze must end after today ({today.isoformat()})")
    return when


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def set_fields(vault, path: str, fields: dict, what: list[str]) -> Change:
    """Set front-matter fields of one note through the write path (re-read, splice, atomic)."""
    snap = edit.read_snapshot(vault.root / path)
    data = snap.data
    try:
        for key, value in fields.items():
            data = edit.set_field(data, key, value)
    except edit.ConflictError:
        raise
    except EditError as e:
        raise type(e)(f"{path}: {e}") from None
    if data != snap.data:
        edit.write_atomic(snap, data)
    return Change(path, what)


def snooze(vault, name: str, when: str) -> Change:
    """`snooze_until:` a period from today or a date; `off` wakes the contact up."""
    path = find_contact(vault, name)
    if str(when).strip().lower() in ("off", "none", "wake"):
        return set_fields(vault, path, {"snooze_until": None}, ["snooze_until: (cleared)"])
    until = snooze_date(when, vault.today)
    return set_fields(vault, path, {"snooze_until": until}, [f"snooze_until: {until.isoformat()}"])


def archive(vault, name: str, undo: bool = False) -> Change:
    """`status: archived` (or, with undo, an empty `status:`)."""
    path = find_contact(vault, name)
    if undo:
        return set_fields(vault, path, {"status": None}, ["status: (cleared)"])
    return set_fields(vault, path, {"status": "archived"}, ["status: archived"])
