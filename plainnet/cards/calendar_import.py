"""`plainnet import calendar.ics`: meetings from a calendar export become event notes.

    plan = plan_calendar(vault, ["work.ics"], since=..., until=...)   # reads, matches; writes nothing
    apply_calendar(plan)                                              # creates and updates notes

Each meeting (a single event, or one occurrence of a recurring one, inside the window) is one
event note in events/, named "YYYY-MM-DD Title", found again on the next import by its `uid:` and
`recurrence_id:`. plainnet owns these fields of an imported event and nothing else:

    date, time, title, location, uid, recurrence_id, guests   (set to what the calendar says)
    attendees                                                 (people the calendar adds are added;
                                                               nobody you added is removed)
    status                                                    (set to cancelled when the calendar
                                                               cancels it, and only with --all)

so importing the same calendar again writes nothing, and a moved or renamed meeting changes
those lines only, through plainnet.write.edit. The body, and every other field, stay as the user wrote
them. Attendees are matched to contacts by email, then by name (title, `name`, aliases); the
others are listed, and kept in `guests:` as "Name <address>" until they become contacts
(`--create-contacts`, or by hand: the next import links them).

A past meeting with contacts among its attendees is an interaction the network counts
(plainnet.network: a past, not cancelled event is last contact for each attendee), so the
agenda's stay-in-touch and `review` follow the calendar by themselves.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from plainnet.write import edit
from plainnet.write.edit import EditError
from plainnet.cards.formats.calendar import Occurrence, calendar_files, read_calendar
from plainnet.cards.formats.model import Problem
from plainnet.cards.importing import NoteFactory, email_key, name_key, note_title
from plainnet.record import folder_for

OWNED = ("date", "time", "title", "location", "attendees", "guests", "uid", "recurrence_id")
SKIP_REASONS = ("cancelled", "declined", "no other attendees", "same meeting twice")


@dataclass
class EventOutcome:
    source: str
    line: int
    day: _dt.date
    summary: str
    action: str  # "new", "updated", "unchanged", "skipped", "failed"
    path: str = ""
    changes: list[str] = field(default_factory=list)
    why: str = ""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass
class Unknown:
    """An attendee who is no contact yet."""

    name: str
    email: str
    events: int = 0
    first: _dt.date | None = None
    path: str = ""  # the contact planned for them (--create-contacts)

    def label(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass
class _Write:
    path: str
    new: bool
    title: str = ""
    fields: dict = field(default_factory=dict)  # new notes: what to set; old ones: what changed
    kind: str = "event"
    outcome: EventOutcome | None = None


@dataclass
class CalendarPlan:
    vault: object
    files: list[str]
    outcomes: list[EventOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown: dict[str, Unknown] = field(default_factory=dict)
    ambiguous: dict[str, str] = field(default_factory=dict)  # attendee -> why no contact was chosen
    writes: list[_Write] = field(default_factory=list)
    create_contacts: bool = False
    tags: tuple = ()
    written: int = 0
    dry_run: bool = True

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("new", "updated", "unchanged", "skipped", "failed")}
        for o in self.outcomes:
            out[o.action] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        parts = [f"{c['new']} new", f"{c['updated']} updated", f"{c['unchanged']} unchanged"]
        reasons: dict[str, int] = {}
        for o in self.outcomes:
            if o.action == "skipped":
                reasons[o.why] = reasons.get(o.why, 0) + 1
        skipped = f"{c['skipped']} skipped"
        if reasons:
            skipped += " (" + ", ".join(f"{n} {why}" for why, n in sorted(reasons.items(), key=lambda kv: -kv[1])) + ")"
        parts.append(skipped)
        if c["failed"]:
            parts.append(f"{c['failed']} failed")
        if self.problems:
            parts.append(f"{len(self.problems)} unreadable")
        people = [u for u in self.unknown.values()]
        if people:
            made = sum(1 for u in people if u.path)
            parts.append(f"{made} contacts created" if self.create_contacts
                         else f"{len(people)} unknown attendee{'s' if len(people) != 1 else ''}")
        return "calendar: " + ", ".join(parts)

    def lines(self) -> list[str]:
        out = []
        for p in self.problems:
            out.append(f"unreadable {p.source}:{p.line}: {p.message}" if p.line else
                       f"unreadable {p.source}: {p.message}")
        for o in self.outcomes:
            if o.action == "new":
                out.append(f"new       {o.path}  ({o.where})")
            elif o.action == "updated":
                out.append(f"updated   {o.path}  ({o.where})")
                out.extend(f"  + {c}" for c in o.changes)
            elif o.action == "failed":
                out.append(f"failed    {o.where}: {o.why}")
        for who, why in sorted(self.ambiguous.items()):
            out.append(f"ambiguous {who}: {why}; not linked (merge those contacts, or link by hand)")
        unknown = sorted(self.unknown.values(), key=lambda u: (-u.events, u.label().casefold()))
        for u in unknown:
            if u.path:
                out.append(f"contact   {u.path}  ({u.label()}, {u.events} meeting{'s' if u.events != 1 else ''})")
            else:
                out.append(f"unknown   {u.label()}  ({u.events} meeting{'s' if u.events != 1 else ''})")
        if unknown and not self.create_contacts:
            out.append("  (plainnet import --create-contacts ... makes them contacts; the next import links them)")
        return out


def _cache_dir(vault) -> Path | None:
    """Where read calendars are kept beside the index (None: the index folder is not ours)."""
    folder = vault.root / ".plainnet"
    return folder / "calendars" if folder.is_dir() else None


def default_window(today: _dt.date) -> tuple[_dt.date, _dt.date]:
    """The last 90 days and the next 30."""
    return today - _dt.timedelta(days=90), today + _dt.timedelta(days=30)


def _quote_link(title: str) -> str:
    return f"[[{title}]]"


def _occurrence_key(uid: str, rid) -> tuple[str, str]:
    if isinstance(rid, _dt.datetime):
        rid = rid.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if rid.tzinfo else \
            rid.strftime("%Y-%m-%dT%H:%M:%S")
    elif isinstance(rid, _dt.date):
        rid = rid.isoformat()
    return str(uid or "").strip(), str(rid or "").strip()


class _Contacts:
    """email -> contact paths, name -> contact paths, and each contact's link text."""

    def __init__(self, vault):
        self.vault = vault
        self.email: dict[str, set] = {}
        self.name: dict[str, set] = {}
        self.link: dict[str, str] = {}
        self._links: dict[str, str] = {}
        for n in vault.notes("contact"):
            facts = n.facts or {}
            for e in facts.get("emails") or ():
                self.email.setdefault(email_key(e), set()).add(n.path)
            for nm in (n.title, facts.get("name"), *(n.aliases or ())):
                if isinstance(nm, str) and name_key(nm):
                    self.name.setdefault(name_key(nm), set()).add(n.path)
            self.link[n.path] = n.title

    def match(self, name: str, email: str) -> tuple[str | None, str]:
        """(contact path or None, why not when ambiguous)."""
        if email:
            hits = self.email.get(email_key(email), set())
            if len(hits) == 1:
                return next(iter(hits)), ""
            if len(hits) > 1:
                return None, f"{email} is the address of {len(hits)} contacts"
        if name:
            hits = self.name.get(name_key(name), set())
            if len(hits) == 1:
                return next(iter(hits)), ""
            if len(hits) > 1:
                return None, f"{name!r} is the name of {len(hits)} contacts"
        return None, ""

    def link_for(self, path: str) -> str:
        """`[[Title]]`, or `[[folder/Title]]` when the title alone would lead elsewhere."""
        got = self._links.get(path)
        if got is None:
            title = self.link.get(path) or Path(path).stem
            target = title if self.vault.resolve(title, "") == path else path[:-3]
            got = self._links[path] = _quote_link(target)
        return got


def _me(vault, me) -> set[str]:
    out = {email_key(e) for e in vault.config.get("my_emails", []) if isinstance(e, str)}
    out |= {email_key(e) for e in me or ()}
    return out


def _skip_reason(occ: Occurrence, me: set, include_all: bool) -> tuple[str, list]:
    """(why the meeting is skipped or "", the other people at it)."""
    mine = me | ({email_key(occ.calendar_owner)} if occ.calendar_owner else set())
    others, seen = [], set()
    declined = False
    for p in occ.people:
        key = email_key(p.email) if p.email else name_key(p.name)
        if not key:
            continue
        if p.email and email_key(p.email) in mine:
            declined = declined or (p.partstat == "DECLINED" and not p.organizer)
            continue
        if p.resource or key in seen or (p.organizer and not occ.has_attendees):
            continue
        seen.add(key)
        others.append(p)
    if include_all:
        return "", others
    if occ.status == "CANCELLED":
        return "cancelled", others
    if declined:
        return "declined", others
    if not others:
        return "no other attendees", others
    return "", others


def plan_calendar(vault, paths, *, since: _dt.date | None = None, until: _dt.date | None = None,
                  include_all: bool = False, create_contacts: bool = False, me=(), tz=None,
                  tag=None, progress=None) -> CalendarPlan:
    """Read the calendars and decide what each meeting does to the vault; nothing is written.
    `tag` goes into the `tags` of the contacts `create_contacts` makes."""
    d_since, d_until = default_window(vault.today)
    since = since or d_since
    until = until or d_until
    if until < since:
        raise EditError(f"--until {until} is before --since {since}")
    files = [str(f) for f in calendar_files(paths)]
    plan = CalendarPlan(vault, files, create_contacts=create_contacts)
    tags = [] if not tag else [tag] if isinstance(tag, str) else list(tag)  # --tag is repeatable
    for one in tags:
        one = one.strip().lstrip("#")
        if not one or any(c.isspace() for c in one):
            raise EditError(f"--tag {one!r}: a tag is one word (letters, digits, - _ /), no spaces")
    plan.tags = tuple(one.strip().lstrip("#") for one in tags)
    occurrences = []
    for i, f in enumerate(files):
        try:
            result = read_calendar(f, since=since, until=until, tz=tz, cache_dir=_cache_dir(vault))
        except OSError as exc:
            plan.problems.append(Problem(f, 0, f"cannot read: {exc.strerror or exc}"))
            continue
        plan.problems.extend(result.problems)
        occurrences.extend(result.occurrences)
        if progress:
            progress("reading calendars", i + 1, len(files))

    mine = _me(vault, me)
    contacts = _Contacts(vault)
    existing: dict[tuple, tuple[str, dict]] = {}
    for n in vault.notes("event", with_front_matter=True):
        fm = n.front_matter if isinstance(n.front_matter, dict) else {}
        if fm.get("uid"):
            existing.setdefault(_occurrence_key(fm.get("uid"), fm.get("recurrence_id")), (n.path, fm))
    folder = folder_for("event", vault.config)
    people_folder = folder_for("contact", vault.config)
    taken = _taken(vault.root / folder if folder else vault.root)
    taken_people = _taken(vault.root / people_folder if people_folder else vault.root)
    today = vault.today
    seen: dict[tuple, EventOutcome] = {}

    for occ in occurrences:
        out = EventOutcome(occ.source, occ.line, occ.day, occ.summary, "skipped")
        plan.outcomes.append(out)
        key = (occ.uid, occ.recurrence_id)
        if key in seen:
            out.why = "same meeting twice"
            continue
        why, others = _skip_reason(occ, mine, include_all)
        if why:
            out.why = why
            continue
        seen[key] = out
        links, guests = [], []
        for p in others:
            path, ambiguous = contacts.match(p.name, p.email)
            if ambiguous:
                plan.ambiguous.setdefault(Unknown(p.name, p.email).label(), ambiguous)
            if path:
                link = contacts.link_for(path)
                if link not in links:
                    links.append(link)
                continue
            ukey = email_key(p.email) if p.email else name_key(p.name)
            u = plan.unknown.get(ukey)
            if u is None:
                u = plan.unknown[ukey] = Unknown(p.name, p.email)
            elif not u.name and p.name:
                u.name = p.name
            u.events += 1
            u.first = min(u.first or occ.day, occ.day)
            if create_contacts:
                if not u.path:
                    u.path = _new_contact(plan, u, taken_people, people_folder)
                link = _quote_link(Path(u.path).stem)
                if link not in links:
                    links.append(link)
            else:
                guests.append(u.label())
        want = {"date": occ.day}
        if not occ.all_day:
            want["time"] = occ.start.strftime("%H:%M")
        want["title"] = occ.summary or "Meeting"
        if occ.location:
            want["location"] = occ.location
        want["attendees"] = links
        if guests:
            want["guests"] = guests
        want["uid"] = occ.uid
        if occ.recurrence_id:
            want["recurrence_id"] = occ.recurrence_id
        found = existing.get(_occurrence_key(occ.uid, occ.recurrence_id))
        if found:
            path, fm = found
            out.path = path
            changes = _changes(fm, want, occ)
            if changes:
                out.action = "updated"
                out.changes = [f"{k}: {_show(v)}" for k, v in changes.items()]
                plan.writes.append(_Write(path, False, fields=changes, outcome=out))
            else:
                out.action = "unchanged"
            continue
        title = _event_title(occ, taken)
        path = f"{folder}/{title}.md" if folder else f"{title}.md"
        fields = dict(want)
        fields["kind"] = "meeting"
        fields["status"] = "cancelled" if occ.status == "CANCELLED" else ("planned" if occ.day >= today else "done")
        if not folder:
            fields = {"type": "event", **fields}
        out.action, out.path = "new", path
        plan.writes.append(_Write(path, True, title, fields, outcome=out))
        existing[_occurrence_key(occ.uid, occ.recurrence_id)] = (path, fields)
    for u in plan.unknown.values():  # contacts met at their first meeting
        if u.path:
            for w in plan.writes:
                if w.path == u.path:
                    w.fields["met"] = u.first
    return plan


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _same(a, b) -> bool:
    if isinstance(a, _dt.datetime) or isinstance(b, _dt.datetime):
        return str(a) == str(b)
    if isinstance(a, _dt.date) and isinstance(b, str):
        return a.isoformat() == b.strip()
    if isinstance(b, _dt.date) and isinstance(a, str):
        return b.isoformat() == a.strip()
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (a in (None, "", []) and b in (None, "", []))


def _changes(fm: dict, want: dict, occ: Occurrence) -> dict:
    """The owned fields whose value differs from what the calendar says now."""
    out = {}
    for key in OWNED:
        have = fm.get(key)
        if key == "attendees":
            have_list = have if isinstance(have, list) else ([have] if have else [])
            have_keys = {name_key(str(h).strip("[]").split("|")[0]) for h in have_list if isinstance(h, str)}
            missing = [a for a in want["attendees"] if name_key(a.strip("[]").split("|")[0]) not in have_keys]
            if missing:
                out[key] = list(have_list) + missing
            continue
        if key == "recurrence_id":
            if _occurrence_key("", have)[1] != want.get(key, ""):
                out[key] = want.get(key, "")
            continue
        value = want.get(key)
        if key == "time" and isinstance(have, int):  # `time: 14:30` unquoted is YAML 1.1 base 60
            have = f"{have // 60:02d}:{have % 60:02d}"
        if not _same(have, value):
            if value is None and key not in fm:
                continue
            out[key] = value if value is not None else ([] if key == "guests" else "")
    if occ.status == "CANCELLED" and str(fm.get("status") or "").strip().lower() not in ("cancelled", "canceled"):
        out["status"] = "cancelled"
    return out


def _taken(folder: Path) -> set[str]:
    try:
        return {name_key(n) for n in os.listdir(folder)}
    except OSError:
        return set()


def _unique(title: str, taken: set) -> str:
    base, n = title, 1
    while name_key(title + ".md") in taken:
        n += 1
        title = f"{base} {n}"
    taken.add(name_key(title + ".md"))
    return title


def _event_title(occ: Occurrence, taken: set) -> str:
    words = note_title(occ.summary) if occ.summary else "Meeting"
    if words == "Contact":  # nothing left of the summary after taking out what file names forbid
        words = "Meeting"
    return _unique(note_title(f"{occ.day.isoformat()} {words}"), taken)


def _new_contact(plan: CalendarPlan, u: Unknown, taken: set, folder: str) -> str:
    title = note_title(u.name) if u.name else note_title(u.email)
    if title == "Contact" and u.email:
        title = note_title(u.email)
    title = _unique(title, taken)
    path = f"{folder}/{title}.md" if folder else f"{title}.md"
    fields = {"name": u.name or title}
    if u.email:
        fields["email"] = u.email
    if plan.tags:
        fields["tags"] = list(plan.tags)
    if not folder:
        fields = {"type": "contact", **fields}
    plan.writes.append(_Write(path, True, title, fields, kind="contact"))
    return path


def apply_calendar(plan: CalendarPlan, *, dry_run: bool = False, workers: int = 16) -> CalendarPlan:
    """Write what the plan decided: new notes with edit.create_new, changed ones field by field with
    edit.set_field and edit.write_atomic (which refuses a note changed since it was read)."""
    from concurrent.futures import ThreadPoolExecutor

    vault = plan.vault
    factories = {k: NoteFactory(vault.root, vault.config, vault.today, kind=k) for k in ("event", "contact")}

    def render(w: _Write) -> tuple[bytes, edit.Snapshot | None]:
        if w.new:
            return factories[w.kind].render(w.title, w.fields, []), None
        snap = edit.read_snapshot(vault.root / w.path)
        data = snap.data
        for key, value in w.fields.items():
            data = edit.set_field(data, key, value)
        return data, snap

    def write(w: _Write, data: bytes, snap) -> None:
        if w.new:
            edit.create_new(vault.root / w.path, data)
        elif data != snap.data:
            edit.write_atomic(snap, data)

    def fail(w: _Write, exc: Exception) -> None:
        if w.outcome is not None:
            w.outcome.action, w.outcome.why = "failed", f"{w.path}: {exc}"
        else:
            plan.problems.append(Problem(w.path, 0, f"contact not created: {exc}"))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for w in plan.writes:
            try:
                data, snap = render(w)
            except (EditError, OSError) as exc:
                fail(w, exc)
                continue
            if not dry_run:
                pending.append((w, pool.submit(write, w, data, snap)))
        for w, fut in pending:
            try:
                fut.result()
                plan.written += 1
            except (EditError, OSError) as exc:
                fail(w, exc)
    plan.dry_run = dry_run
    return plan
