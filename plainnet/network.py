"""The derived picture of a network: who attended what, last contact, follow-ups, planned meetings.

Built once from the index; agenda, checks and review are pure functions over it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from plainnet.notes.dates import parse_cadence, try_date
from plainnet.notes.facts import filled, link_target, link_targets, text_list  # noqa: F401  (re-exported)
from plainnet.notes.links import WIKILINK_RE, split_wikilink
from plainnet.notes.parse import Note

ONE_TO_ONE = {"coffee", "lunch", "call", "breakfast", "dinner", "1:1", "one-to-one", "video call", "meeting"}


@dataclass(slots=True)  # (slots: a network of 100,000 notes holds ~300,000 of these objects)
class FollowUp:
    path: str  # where it is written
    line: int
    what: str
    due: date | None
    done: bool
    done_date: date | None = None
    person: str | None = None  # path of the contact it is about
    source: str = "task"  # "task" (body) or "front_matter"


@dataclass(slots=True)
class Event:
    note: Note
    date: date | None
    planned: bool
    attendees: list = field(default_factory=list)  # contact paths (resolved)
    unresolved: list = field(default_factory=list)  # attendee names that match no note
    group: str | None = None
    kind: str = ""
    cancelled: bool = False
    ignore: frozenset = frozenset()

    @property
    def path(self) -> str:
        return self.note.path


@dataclass(slots=True)
class Person:
    note: Note
    interactions: list = field(default_factory=list)  # (date, what: a word, or the event's path) up to today
    met: date | None = None
    met_event: str | None = None
    cadence: timedelta | None = None
    cadence_text: str = ""
    snooze_until: date | None = None
    archived: bool = False
    untriaged: bool = False  # imported as history (`triage: pending`), not triaged yet
    triaged: bool = False  # `triage: done`: a decision was made (a cadence is a next step too)
    ignore: frozenset = frozenset()  # rules `plainnet_ignore:` silences in the note
    yearly: list = field(default_factory=list)  # [kind, date text, what, index]: plainnet.notes.yearly
    _last: tuple | None = field(default=None, repr=False, compare=False)  # last_contact's cache

    def snoozed(self, today: date) -> bool:
        return self.snooze_until is not None and self.snooze_until > today

    @property
    def path(self) -> str:
        return self.note.path

    @property
    def name(self) -> str:
        facts = getattr(self.note, "facts", None)
        if facts is not None:
            return facts.get("name") or self.note.title
        n = self.note.front_matter.get("name")
        return n if isinstance(n, str) and n.strip() else self.note.title

    @property
    def last_contact(self) -> date | None:
        # interactions only grow while the network is built; cache by length
        cached = self._last
        if cached is not None and cached[0] == len(self.interactions):
            return cached[1]
        value = max((d for d, _ in self.interactions), default=None)
        self._last = (len(self.interactions), value)
        return value


@dataclass
class Network:
    today: date
    people: dict  # path -> Person
    events: dict  # path -> Event
    groups: dict  # path -> Note
    pitches: dict  # path -> Note
    follow_ups: list  # FollowUp
    titles: dict  # path -> title of every note

    def ignores(self, path: str | None) -> frozenset:
        """The rules a contact's or event's note silences (`plainnet_ignore:`)."""
        n = self.people.get(path) or self.events.get(path)
        return n.ignore if n is not None else frozenset()

    def archived(self, path: str | None) -> bool:
        p = self.people.get(path) if path else None
        return bool(p and p.archived)

    def person_for_note(self, path: str) -> str | None:
        """The contact a note is about: itself, or an event's only attendee."""
        if path in self.people:
            return path
        ev = self.events.get(path)
        if ev and len(ev.attendees) == 1:
            return ev.attendees[0]
        return None

    def _by_person(self):
        """Planned meetings and open follow-ups per contact, built once (people x events is too slow)."""
        if getattr(self, "_planned", None) is None:
            planned: dict[str, list] = {}
            for e in self.events.values():
                if e.planned:
                    for a in e.attendees:
                        planned.setdefault(a, []).append(e)
            open_fu: dict[str, list] = {}
            for f in self.follow_ups:
                if not f.done and f.person:
                    open_fu.setdefault(f.person, []).append(f)
            attended: dict[str, list] = {}
            for e in self.events.values():
                if e.date:
                    for a in e.attendees:
                        attended.setdefault(a, []).append(e)
            self._planned, self._open_fu, self._attended = planned, open_fu, attended
        return self._planned, self._open_fu, self._attended

    def planned_meetings(self, person: str) -> list[Event]:
        return self._by_person()[0].get(person, [])

    def open_follow_ups(self, person: str) -> list[FollowUp]:
        return self._by_person()[1].get(person, [])

    def events_of(self, person: str) -> list[Event]:
        return sorted(self._by_person()[2].get(person, []), key=lambda e: e.date)


def build_network(vault) -> Network:
    """Read what the features need from the index: small per-note facts, resolved links, tasks.

    No file is re-read and no note's whole front matter is decoded, so this stays cheap on
    10,000 notes; features that need a field of a few notes read `note.front_matter` lazily.
    """
    today = vault.today
    notes = vault.notes(facts_of=("contact", "event"))
    by_type: dict[str, dict] = {"contact": {}, "event": {}, "group": {}, "pitch": {}}
    titles = {}
    for n in notes:
        titles[n.path] = n.title
        if n.type in by_type:
            by_type[n.type][n.path] = n
    fm_links = {(p, t): r for p, t, r in vault.index.query(
        "SELECT path, target, resolved FROM links WHERE place = 'front_matter' AND key IN ('attendees', 'met', 'group')")}

    def resolve(target: str, source: str):
        key = (source, target)
        return (fm_links[key] or None) if key in fm_links else vault.resolve(target, source)

    default_cadence = vault.config["default_cadence"]
    people = {}
    for path, n in by_type["contact"].items():
        f = n.facts or {}
        p = Person(n)
        own = f.get("cadence")
        text = default_cadence if own in (None, "") else own  # `never` here opts out of the default
        p.cadence, p.cadence_text = parse_cadence(text), str(text or "")
        p.snooze_until = try_date(f.get("snooze_until"))
        p.archived, p.untriaged = bool(f.get("archived")), bool(f.get("untriaged"))
        p.triaged = bool(f.get("triaged"))
        p.yearly = f.get("yearly") or []
        p.ignore = frozenset(f.get("ignore") or ())
        lc = try_date(f.get("last_contact"))
        if lc and lc <= today:
            p.interactions.append((lc, "last_contact"))
        for iso in f.get("dates", ()):
            d = try_date(iso)
            if d and d <= today:
                p.interactions.append((d, "gave/got"))
        people[path] = p

    events = {}
    for path, n in by_type["event"].items():
        f = n.facts or {}
        d = try_date(f.get("date"))
        if d is None and re.match(r"\d{4}-\d{2}-\d{2}", n.title):
            d = try_date(n.title[:10])
        status = f.get("status", "")
        cancelled = status in ("cancelled", "canceled")
        planned = not cancelled and (status == "planned" or (status != "done" and d is not None and d >= today))
        if d is not None and d < today:
            planned = False  # a meeting in the past is not upcoming, whatever its status says
        ev = Event(n, d, planned, kind=f.get("kind", ""), ignore=frozenset(f.get("ignore") or ()))
        for name in f.get("attendees", ()):
            target = resolve(name, path)
            if target in people:
                if target not in ev.attendees:
                    ev.attendees.append(target)
            else:
                ev.unresolved.append(name)
        g = f.get("group")
        ev.group = resolve(g, path) if g else None
        ev.cancelled = cancelled
        events[path] = ev

    for path, p in people.items():
        f = p.note.facts or {}
        if f.get("met_link"):
            ev_path = resolve(f["met_link"], path)
            if ev_path in events and events[ev_path].date:
                p.met, p.met_event = events[ev_path].date, ev_path
        else:
            p.met = try_date(f.get("met"))
    _slim_facts(people, events)
    for path, iso in vault.index.query("SELECT path, date FROM log"):
        if path in people:
            d = try_date(iso)
            if d and d <= today:
                people[path].interactions.append((d, "log"))
    for ev in events.values():
        if ev.date and ev.date <= today and not ev.planned and not ev.cancelled:
            for a in ev.attendees:
                people[a].interactions.append((ev.date, ev.path))  # (the event's own string)

    follow_ups = []
    for path, line, text, status, due, done_date, cancelled, source in vault.index.query(
            "SELECT path, line, text, status, due, done_date, cancelled, source FROM tasks"):
        if cancelled or status == "-":
            continue
        done = status in "xX" or done_date is not None
        if source == "fm":
            follow_ups.append(FollowUp(path, line, text, try_date(due), done, try_date(done_date), None,
                                       "front_matter"))
        else:
            follow_ups.append(FollowUp(path, line, _task_text(text), try_date(due), done, try_date(done_date)))
    net = Network(today, people, events, by_type["group"], by_type["pitch"], follow_ups, titles)
    names_cache: dict[str, tuple] = {}
    # links written in follow-ups, as the index resolved them (the link at the follow-up's line)
    task_links = {(p, line, t): r for p, line, t, r in vault.index.query(
        "SELECT l.path, l.line, l.target, l.resolved FROM tasks t JOIN links l ON l.path = t.path "
        "AND l.line = t.line WHERE t.text LIKE '%[[%'")}
    for f in follow_ups:
        f.person = net.person_for_note(f.path)
        if f.person is None and "[[" in f.what:
            m = WIKILINK_RE.search(f.what)
            if m:
                name = split_wikilink(m.group(2))[0]
                target = task_links.get((f.path, f.line, name))
                if target is None:  # (not indexed as a link, e.g. inside code: resolve it here)
                    target = vault.resolve(name, f.path)
                if target in people:
                    f.person = target
        if f.person is None and f.path in events:
            f.person = named_attendee(net, events[f.path], f.what, names_cache)
        if f.done and f.person and f.done_date and f.done_date <= today:
            people[f.person].interactions.append((f.done_date, "follow-up done"))  # doing it was contact
    return net


#: what is read from a contact's facts once the network holds the rest: Person.name, and whether
#: an offer or a need is written (checks.habits)
KEPT_FACTS = ("name", "offer", "need")


def _slim_facts(people: dict, events: dict) -> None:
    """Let the notes of contacts and events keep only the facts read after this: the network
    holds the rest, and the facts of 100,000 notes were a quarter of its memory."""
    for p in people.values():
        p.note.keep_facts(KEPT_FACTS)  # (the notes of a network are the index's rows: Vault.notes)
    for ev in events.values():
        ev.note.keep_facts(())


_WORD = re.compile(r"\w+")


def _words_of(text: str) -> tuple:
    return tuple(_WORD.findall(text.casefold()))


def _contains(words: tuple, name: tuple) -> bool:
    n = len(name)
    return n > 0 and any(words[i:i + n] == name for i in range(len(words) - n + 1) if words[i] == name[0])


def _name_words(p: Person) -> tuple:
    """(word sequences of the contact's title, `name` and aliases; the first name, or "" when the
    name is one word or the first name is shorter than 3 letters), casefolded."""
    full = {_words_of(n) for n in (p.note.title, p.name, *(getattr(p.note, "aliases", None) or []))
            if isinstance(n, str)}
    words = _words_of(p.name)
    first = words[0] if len(words) > 1 and len(words[0]) >= 3 else ""
    return [w for w in full if w], first


def named_attendee(net: Network, ev: Event, text: str, cache: dict) -> str | None:
    """The one attendee of an event whose name, alias or first name a follow-up's text uses
    ("Email Aisha the dates" at a breakfast with Aisha Khan), if exactly one. A first name counts
    only when no other attendee of that event shares it."""
    if not ev.attendees or not text:
        return None

    def names(a):
        if a not in cache:
            cache[a] = _name_words(net.people[a])
        return cache[a]

    words = _words_of(text)
    hits = []
    for a in ev.attendees:
        full, first = names(a)
        if any(_contains(words, n) for n in full) or (
                first and first in words and not any(names(o)[1] == first for o in ev.attendees if o != a)):
            hits.append(a)
    return hits[0] if len(hits) == 1 else None


_TASK_META = re.compile(r"\s*(?:(?:📅|📆|⏳|⌛|🛫|✅|❌|➕)\s*\d{4}-\d{2}-\d{2}|[\[(](?:due|scheduled|start|completion|created)::[^\])]*[\])]|[⏫🔼🔽🔺⏬]|🔁[^📅⏳🛫✅]*)")


def _task_text(text: str) -> str:
    """A task's words without its Tasks/Dataview date markers."""
    return _TASK_META.sub("", text).strip()
