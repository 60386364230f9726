"""The derived picture of a network: who attended what, last contact, follow-ups, planned meetings.

Built once from the index; agenda, checks and review are pure functions over it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from plainnet.dates import parse_cadence, try_date
from plainnet.links import WIKILINK_RE, split_wikilink
from plainnet.note import Note

ONE_TO_ONE = {"coffee", "lunch", "call", "breakfast", "dinner", "1:1", "one-to-one", "video call", "meeting"}


@dataclass
class FollowUp:
    path: str  # where it is written
    line: int
    what: str
    due: date | None
    done: bool
    done_date: date | None = None
    person: str | None = None  # path of the contact it is about
    source: str = "task"  # "task" (body) or "front_matter"
    index: int | None = None  # position in follow_ups, for front-matter items


@dataclass
class Event:
    note: Note
    date: date | None
    planned: bool
    attendees: list = field(default_factory=list)  # contact paths (resolved)
    unresolved: list = field(default_factory=list)  # attendee names that match no note
    group: str | None = None
    kind: str = ""

    @property
    def path(self) -> str:
        return self.note.path


@dataclass
class Person:
    note: Note
    interactions: list = field(default_factory=list)  # (date, what) up to today
    met: date | None = None
    met_event: str | None = None
    cadence: timedelta | None = None
    cadence_text: str = ""

    @property
    def path(self) -> str:
        return self.note.path

    @property
    def name(self) -> str:
        n = self.note.front_matter.get("name")
        return n if isinstance(n, str) and n.strip() else self.note.title

    @property
    def last_contact(self) -> date | None:
        return max((d for d, _ in self.interactions), default=None)


def _link_target(value) -> str | None:
    """The target of a front-matter value that is a link (quoted or the nested-list form)."""
    if isinstance(value, list) and len(value) == 1:
        inner = value[0]
        if isinstance(inner, list) and len(inner) == 1 and isinstance(inner[0], str):
            return inner[0].strip()
        value = inner
    if isinstance(value, str):
        m = WIKILINK_RE.search(value)
        if m:
            return split_wikilink(m.group(2))[0]
    return None


def _links_in_value(value) -> list[str]:
    out = []
    if isinstance(value, list):
        for v in value:
            if isinstance(v, list) and len(v) == 1 and isinstance(v[0], str):
                out.append(v[0].strip())
            else:
                out.extend(_links_in_value(v))
    elif isinstance(value, str):
        for m in WIKILINK_RE.finditer(value):
            out.append(split_wikilink(m.group(2))[0])
        if not out and value.strip() and "[[" not in value:
            out.append(value.strip())  # a plain name, as people type in quick notes
    return out


def _entries(value) -> list:
    return value if isinstance(value, list) else []


def text_list(value) -> list[str]:
    """objectives as a list of non-empty strings (a single string counts as one)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return []


def filled(value) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


@dataclass
class Network:
    today: date
    people: dict  # path -> Person
    events: dict  # path -> Event
    groups: dict  # path -> Note
    pitches: dict  # path -> Note
    follow_ups: list  # FollowUp
    titles: dict  # path -> title of every note
    default_cadence: str = ""

    def person_for_note(self, path: str) -> str | None:
        """The contact a note is about: itself, or an event's only attendee."""
        if path in self.people:
            return path
        ev = self.events.get(path)
        if ev and len(ev.attendees) == 1:
            return ev.attendees[0]
        return None

    def planned_meetings(self, person: str) -> list[Event]:
        return [e for e in self.events.values() if e.planned and person in e.attendees]

    def open_follow_ups(self, person: str) -> list[FollowUp]:
        return [f for f in self.follow_ups if not f.done and f.person == person]

    def events_of(self, person: str) -> list[Event]:
        return sorted((e for e in self.events.values() if person in e.attendees and e.date),
                      key=lambda e: e.date)


def build_network(vault) -> Network:
    """Read what the features need from the index (no file is re-read)."""
    today = vault.today
    notes = vault.notes()
    by_type: dict[str, dict] = {"contact": {}, "event": {}, "group": {}, "pitch": {}}
    titles = {}
    for n in notes:
        titles[n.path] = n.title
        if n.type in by_type:
            by_type[n.type][n.path] = n
    resolve = vault.resolve
    default_cadence = vault.config["default_cadence"]

    people = {}
    for path, n in by_type["contact"].items():
        p = Person(n)
        text = n.front_matter.get("cadence") or default_cadence
        p.cadence, p.cadence_text = parse_cadence(text), str(text or "")
        people[path] = p

    events = {}
    for path, n in by_type["event"].items():
        fm = n.front_matter
        d = try_date(fm.get("date"))
        if d is None:
            d = try_date(n.title[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", n.title) else None
        status = str(fm.get("status") or "").strip().lower()
        planned = status == "planned" or (status not in ("done", "cancelled", "canceled") and d is not None and d >= today)
        if d is not None and d < today and status == "planned":
            planned = False  # a planned meeting in the past happened (or did not): not upcoming
        ev = Event(n, d, planned and status not in ("cancelled", "canceled"), kind=str(fm.get("kind") or "").strip().lower())
        for name in _links_in_value(fm.get("attendees")):
            target = resolve(name, path)
            if target in people:
                if target not in ev.attendees:
                    ev.attendees.append(target)
            else:
                ev.unresolved.append(name)
        g = _link_target(fm.get("group"))
        ev.group = resolve(g, path) if g else None
        events[path] = ev

    # interactions: last_contact, past events attended, dated gave/got, dated log lines
    for path, p in people.items():
        fm = p.note.front_matter
        lc = try_date(fm.get("last_contact"))
        if lc and lc <= today:
            p.interactions.append((lc, "last_contact"))
        for key in ("gave", "got"):
            for item in _entries(fm.get(key)):
                if isinstance(item, dict):
                    d = try_date(item.get("date"))
                    if d and d <= today:
                        p.interactions.append((d, key))
        met = fm.get("met")
        target = _link_target(met)
        if target:
            ev_path = resolve(target, path)
            if ev_path in events and events[ev_path].date:
                p.met, p.met_event = events[ev_path].date, ev_path
        else:
            p.met = try_date(met)
    for path, entry in vault.log_entries():
        if path in people:
            d = try_date(entry.date)
            if d and d <= today:
                people[path].interactions.append((d, "log"))
    for ev in events.values():
        if ev.date and ev.date <= today and not ev.planned:
            for a in ev.attendees:
                people[a].interactions.append((ev.date, f"event:{ev.path}"))

    # follow-ups: front-matter lists and dated or undated body tasks
    follow_ups = []
    for n in notes:
        for i, item in enumerate(_entries(n.front_matter.get("follow_ups"))):
            if isinstance(item, dict):
                what = str(item.get("what") or item.get("text") or "").strip()
                done = bool(item.get("done")) and str(item.get("done")).lower() not in ("false", "no", "0")
                follow_ups.append(FollowUp(n.path, n.line_of("follow_ups", i), what, try_date(item.get("due")), done,
                                           try_date(item.get("done")) if not isinstance(item.get("done"), bool) else None,
                                           source="front_matter", index=i))
            elif isinstance(item, str) and item.strip():
                follow_ups.append(FollowUp(n.path, n.line_of("follow_ups", i), item.strip(), None, False,
                                           source="front_matter", index=i))
    for path, t in vault.tasks():
        if t.cancelled or t.status == "-":
            continue
        follow_ups.append(FollowUp(path, t.line, _task_text(t.text), try_date(t.due), t.done, try_date(t.done_date)))
    net = Network(today, people, events, by_type["group"], by_type["pitch"], follow_ups, titles, default_cadence)
    for f in follow_ups:
        f.person = net.person_for_note(f.path)
        if f.person is None:
            m = WIKILINK_RE.search(f.what)
            if m:
                target = resolve(split_wikilink(m.group(2))[0], f.path)
                if target in people:
                    f.person = target
    return net


_TASK_META = re.compile(r"\s*(?:(?:📅|📆|⏳|⌛|🛫|✅|❌|➕)\s*\d{4}-\d{2}-\d{2}|[\[(](?:due|scheduled|start|completion|created)::[^\])]*[\])]|[⏫🔼🔽🔺⏬]|🔁[^📅⏳🛫✅]*)")


def _task_text(text: str) -> str:
    """A task's words without its Tasks/Dataview date markers."""
    return _TASK_META.sub("", text).strip()
