"""Agenda items as VTODOs, with UIDs that survive re-exports so calendar apps update, not duplicate."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone


#: the agenda sections a calendar gets: open dated follow-ups (whenever due) and stay-in-touch reminders
ICS_SECTIONS = ("overdue", "today", "upcoming", "later", "stay-in-touch")


def uid_for(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24] + "@plainnet"


def agenda_to_ics(items, today, vault_name: str = "plainnet") -> bytes:
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
    return cal.to_ical()
