"""Agenda items as VTODOs, with UIDs that survive re-exports so calendar apps update, not duplicate."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone


#: the agenda sections a calendar gets: open dated follow-ups (whenever due) and stay-in-touch reminders
ICS_SECTIONS = ("overdue", "today", "upcoming", "later", "stay-in-touch")


def uid_for(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24] + "@plainnet"


def yearly_of(vault) -> list[tuple]:
    """(path, name, kind, date text, what, index) of every contact's birthday and anniversaries
    (archived contacts left out), from the indexed facts."""
    out = []
    for n in vault.notes("contact"):
        f = n.facts or {}
        if f.get("archived"):
            continue
        for kind, text, what, index in f.get("yearly") or ():
            out.append((n.path, f.get("name") or n.title, kind, text, what, index))
    return out


def _yearly_events(cal, yearly, stamp, vault_name: str) -> None:
    """One all-day VEVENT per date, repeating every year (a 29 February one on the last day of
    February, so 28 February in the other years)."""
    from datetime import date

    from icalendar import Event, vRecur

    from plainnet.notes.yearly import parse_yearly

    for path, name, kind, text, what, index in yearly:
        parsed = parse_yearly(text)
        if parsed is None:
            continue
        year, month, day = parsed
        start = date(year or 2000, month, day)  # 2000: a leap year, so --02-29 is a day
        ev = Event()
        ev.add("uid", uid_for(f"{vault_name}|yearly|{path}|{kind}|{index}"))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        ev.add("summary", f"{name}'s birthday" if kind == "birthday" else f"{name}: {what}")
        rule = {"freq": "yearly"}
        if (month, day) == (2, 29):
            rule.update({"bymonth": 2, "bymonthday": -1})
        ev.add("rrule", vRecur(rule))
        ev.add("transp", "TRANSPARENT")
        ev.add("description", path)
        ev.add("categories", ["plainnet", "dates"])
        cal.add_component(ev)


def agenda_to_ics(items, today, vault_name: str = "plainnet", yearly=()) -> bytes:
    from icalendar import Calendar, Todo

    from plainnet.notes.links import display_text

    cal = Calendar()
    cal.add("prodid", "-//plainnet//agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"plainnet: {vault_name}")
    stamp = datetime.combine(today, datetime.min.time(), tzinfo=timezone.utc)
    for item in items:
        if item.section not in ICS_SECTIONS:
            continue
        todo = Todo()
        todo.add("uid", uid_for(f"{vault_name}|{item.uid_key}"))
        todo.add("dtstamp", stamp)
        what = display_text(item.what)
        todo.add("summary", what if not item.person or item.person in what else f"{what} ({item.person})")
        todo.add("due", today if item.section == "stay-in-touch" else item.due)
        todo.add("status", "NEEDS-ACTION")
        todo.add("description", f"{item.why}\n{item.path}:{item.line}")
        todo.add("categories", ["plainnet", item.section])
        cal.add_component(todo)
    _yearly_events(cal, yearly, stamp, vault_name)
    return cal.to_ical()
