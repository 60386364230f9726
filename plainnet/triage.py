"""`plainnet triage`: deciding, one contact at a time, what to do about the cards with no next step.

The pile is the contacts imported as history (`triage: pending`) and those the agenda's
no-next-step section would list (met, nothing since, no open follow-up, no planned meeting), minus
archived and snoozed ones, newest first (by `met`). For each, one choice:

    f DATE WHAT    a follow-up (DATE: YYYY-MM-DD or a period from today: 3d, 2w, 1m)
    c CADENCE      a cadence (2w, 3m, 1y): stay-in-touch takes it from there
    l [WHAT]       a contact logged today (`## Log` line and `last_contact`)
    s PERIOD|DATE  snooze (comes back to the pile when it ends)
    a              archive
    n              skip (stays in the pile)
    q              quit

Every choice but skip and quit is written at once through plainnet.write.edit, and marks the contact
`triage: done` (except snooze, which only puts it off), so quitting loses nothing and the next
run starts where this one stopped. The same lines, one per contact in the order shown, make a
plan file (`--plan FILE`, or piped on stdin), which is how triage is scripted and tested.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from plainnet.write import edit
from plainnet.write.edit import EditError
from plainnet.putaway import snooze_date
from plainnet.record import Change

KEYS = {"f": "follow-up", "c": "cadence", "l": "logged today", "s": "snooze", "a": "archive", "n": "skip",
        "q": "quit"}
_ALIASES = {"follow-up": "f", "followup": "f", "cadence": "c", "log": "l", "logged": "l", "snooze": "s",
            "archive": "a", "skip": "n", "next": "n", "quit": "q"}
_CADENCE = re.compile(r"^\d+[dwmy]$", re.IGNORECASE)


@dataclass
class Card:
    path: str
    title: str
    met: date | None
    lines: list[str] = field(default_factory=list)  # what the card shows below the name


@dataclass
class Choice:
    key: str  # one of KEYS
    when: date | None = None
    text: str = ""


class PlanError(ValueError):
    """A choice that cannot be read; the message says why."""


def pile(vault) -> list[Card]:
    """The contacts to triage, newest first."""
    from plainnet.agenda.items import has_next_step
    from plainnet.network import build_network

    net = build_network(vault)
    out = []
    for p in net.people.values():
        if p.archived or p.snoozed(net.today):
            continue
        if not p.untriaged:
            if p.triaged or has_next_step(net, p.path):
                continue
            since = p.met
            if since is None or any(d > since for d, _ in p.interactions):
                continue
        out.append(p)
    out.sort(key=lambda p: (-(p.met.toordinal() if p.met else 0), p.note.title.casefold()))
    return [_card(net, p) for p in out]


def _card(net, p) -> Card:
    fm = p.note.front_matter if isinstance(p.note.front_matter, dict) else {}
    lines = []
    work = " at ".join(str(fm[k]).strip() for k in ("role", "company") if fm.get(k))
    if work:
        lines.append(work)
    if p.met:
        where = f" at {net.titles.get(p.met_event, '')}" if p.met_event else ""
        lines.append(f"met {p.met.isoformat()}{where}")
    for key in ("email", "offer", "need", "cadence"):
        value = fm.get(key)
        if value not in (None, "", []):
            lines.append(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    if p.last_contact:
        lines.append(f"last contact {p.last_contact.isoformat()}")
    return Card(p.path, p.name, p.met, lines)


def notes_of(vault, path: str, limit: int = 4) -> list[str]:
    """The first lines under `## Notes` of a contact's file (what you wrote about them)."""
    try:
        text = (vault.root / path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return []
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("#"):
            inside = line.strip().lower() == "## notes"
            continue
        if inside and line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def when_from(text: str, today: date) -> date:
    """A follow-up date: YYYY-MM-DD, or a period from today (3d, 2w, 1m, 1y), or `today`/`tomorrow`."""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + timedelta(days=1)
    if re.fullmatch(r"\d+[dwmy]", raw):
        return snooze_date(raw, today)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PlanError(f"{text!r} is neither a date (YYYY-MM-DD) nor a period (3d, 2w, 1m)") from None


def parse_choice(line: str, today: date) -> Choice:
    """One plan line (`f 2w send the deck`, `c 3m`, `l coffee`, `s 1m`, `a`, `n`, `q`) as a Choice."""
    words = line.strip().split(None, 1)
    if not words:
        raise PlanError("empty choice")
    key = words[0].lower()
    key = _ALIASES.get(key, key)
    rest = words[1].strip() if len(words) > 1 else ""
    if key not in KEYS:
        raise PlanError(f"{words[0]!r} is no choice: " + ", ".join(f"{k} ({v})" for k, v in KEYS.items()))
    if key == "f":
        parts = rest.split(None, 1)
        if len(parts) < 2:
            raise PlanError("a follow-up needs a date and what to do: f 2026-12-01 send the deck")
        return Choice("f", when_from(parts[0], today), parts[1].strip())
    if key == "c":
        if not _CADENCE.match(rest):
            raise PlanError(f"{rest or '(nothing)'!r} is no cadence: a number and d, w, m or y (2w, 3m, 1y)")
        return Choice("c", text=rest.lower())
    if key == "s":
        try:
            return Choice("s", snooze_date(rest or "1m", today))
        except EditError as exc:
            raise PlanError(str(exc)) from None
    if key == "l":
        return Choice("l", text=rest or "in touch")
    if rest:
        raise PlanError(f"{words[0]!r} takes nothing after it")
    return Choice(key)


def apply_choice(vault, path: str, choice: Choice) -> Change:
    """Write one choice into one contact's note, at once, through the write path."""
    from plainnet.notes.dates import try_date
    from plainnet.notes.parse import parse_note

    if choice.key in ("n", "q"):
        return Change(path, [])
    snap = edit.read_snapshot(vault.root / path)
    data = snap.data
    change = Change(path)
    today = vault.today
    try:
        if choice.key == "f":
            data = edit.append_list_item(data, "follow_ups", {"due": choice.when, "what": choice.text, "done": False})
            change.what.append(f"follow-up due {choice.when.isoformat()}: {choice.text}")
        elif choice.key == "c":
            data = edit.set_field(data, "cadence", choice.text)
            change.what.append(f"cadence: {choice.text}")
        elif choice.key == "l":
            data = edit.append_under_heading(data, "## Log", f"- {today.isoformat()}: {choice.text}")
            last = try_date(parse_note(path, data).front_matter.get("last_contact"))
            if last is None or today > last:
                data = edit.set_field(data, "last_contact", today)
            change.what.append(f"logged {today.isoformat()}: {choice.text}")
        elif choice.key == "s":
            data = edit.set_field(data, "snooze_until", choice.when)
            change.what.append(f"snooze_until: {choice.when.isoformat()}")
        elif choice.key == "a":
            data = edit.set_field(data, "status", "archived")
            change.what.append("status: archived")
        if choice.key != "s":
            data = edit.set_field(data, "triage", "done")
    except edit.ConflictError:
        raise
    except EditError as e:
        raise type(e)(f"{path}: {e}") from None
    edit.write_atomic(snap, data)
    return change
