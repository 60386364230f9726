"""Reading calendar exports (.ics: Google Calendar, Outlook, Apple Calendar, Thunderbird, a CalDAV
folder) into one `Occurrence` per meeting inside a date window.

    result = read_calendar("work.ics", since=date(2026, 8, 1), until=date(2026, 12, 31), tz=None)
    result.occurrences   # [Occurrence(uid, recurrence_id, start, summary, people, ...)]
    result.problems      # [Problem(source, line, message)]: the rest still comes through

icalendar parses; recurring-ical-events expands RRULE/RDATE/EXDATE and applies the exceptions
(RECURRENCE-ID) and cancelled occurrences, as RFC 5545 says. What this module adds is the line of
every VEVENT, so that a component icalendar cannot read is reported as `file:line` and left out
while the others import, and a series recurring-ical-events cannot expand is reported the same way.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem
from .textdecode import decode_bytes

__all__ = ["Attendee", "Occurrence", "CalendarRead", "read_calendar", "read_calendar_data", "calendar_files"]


@dataclass
class Attendee:
    name: str
    email: str
    partstat: str = ""  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, "" when not given
    resource: bool = False  # a room or a projector, not a person
    organizer: bool = False


@dataclass
class Occurrence:
    """One meeting: a single event, or one occurrence of a recurring one."""

    source: str
    line: int  # the BEGIN:VEVENT line of the component it comes from
    uid: str
    recurrence_id: str  # "" for a single event; the occurrence's original start otherwise
    start: _dt.date | _dt.datetime  # a datetime in the wanted zone (naive), or a date (all day)
    summary: str
    location: str
    status: str  # CONFIRMED, TENTATIVE, CANCELLED or ""
    people: list[Attendee] = field(default_factory=list)  # ORGANIZER first, then the ATTENDEEs
    has_attendees: bool = False  # at least one ATTENDEE line (an event of one's own has none)
    calendar_owner: str = ""  # X-WR-CALNAME when it is an address (Google names calendars so)
    warnings: list[str] = field(default_factory=list)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, _dt.datetime)

    @property
    def day(self) -> _dt.date:
        return self.start.date() if isinstance(self.start, _dt.datetime) else self.start


@dataclass
class CalendarRead:
    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    events: int = 0  # VEVENT components read (series count once)


_BEGIN_RE = re.compile(r"^BEGIN:(\S+?)\s*$", re.IGNORECASE)
_END_RE = re.compile(r"^END:(\S+?)\s*$", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


def calendar_files(paths) -> list[Path]:
    """The .ics files among `paths`, a folder standing for the .ics files inside it (sorted,
    recursively: a CalDAV folder keeps one file per event, vdirsyncer one folder per calendar)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() == ".ics" and q.is_file()))
        else:
            out.append(p)
    return out


@dataclass
class _Block:
    start: int  # 1-based line of BEGIN:VEVENT
    lines: list[tuple[int, str]]  # (line number, text) of the component, BEGIN and END included
    uid: str = ""


def _blocks(text: str) -> tuple[list[_Block], list[_Block]]:
    """(VEVENT blocks, VTIMEZONE blocks) of a calendar, with their line numbers, found by scanning
    BEGIN/END lines (icalendar keeps no positions)."""
    events, zones = [], []
    stack: list[str] = []
    cur: _Block | None = None
    for n, line in enumerate(text.splitlines(), 1):
        m = _BEGIN_RE.match(line)
        if m:
            name = m[1].upper()
            if cur is None and name in ("VEVENT", "VTIMEZONE") and stack[-1:] == ["VCALENDAR"]:
                cur = _Block(n, [])
                (events if name == "VEVENT" else zones).append(cur)
            stack.append(name)
        if cur is not None:
            cur.lines.append((n, line))
            if line[:4].upper() == "UID:" and len(stack) == 2:
                cur.uid = line[4:].strip()
        m = _END_RE.match(line)
        if m:
            name = m[1].upper()
            if name in stack:
                while stack and stack.pop() != name:
                    pass
            if cur is not None and len(stack) == 1:
                cur = None
    return events, zones


def _line_of(block: _Block, prop: str) -> int:
    prop = str(prop or "").upper()
    for n, line in block.lines:
        head = re.split(r"[;:]", line, 1)[0].upper()
        if head == prop:
            return n
    return block.start


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split())


def _email(value) -> str:
    t = str(value or "").strip()
    if t.lower().startswith("mailto:"):
        t = t[7:]
    t = t.strip().strip("<>")
    return t if _EMAIL_RE.match(t) else ""


def _person(prop, organizer: bool = False) -> Attendee:
    params = getattr(prop, "params", {}) or {}
    email = _email(prop)
    name = _text(params.get("CN", "")).strip('"')
    if name and _email(name) and name.casefold() == email.casefold():
        name = ""  # Google writes the address as the name of people it knows no name for
    cutype = str(params.get("CUTYPE", "")).upper()
    return Attendee(name, email, str(params.get("PARTSTAT", "")).upper(), cutype in ("RESOURCE", "ROOM"),
                    organizer)


def _stamp(value, tz) -> _dt.date | _dt.datetime:
    """A DTSTART value as a naive local datetime (aware ones converted to `tz`; None: this
    computer's zone) or a date."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz).replace(tzinfo=None) if tz is not None else \
                value.astimezone().replace(tzinfo=None)
        return value
    return value


def _recurrence_id(value) -> str:
    """A stable text for an occurrence's original start: UTC for zoned times."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


CACHE_VERSION = 1


def read_calendar(path, *, since: _dt.date, until: _dt.date, tz=None, cache_dir: Path | None = None) -> CalendarRead:
    """read_calendar_data of a file. With `cache_dir`, the result is kept there (one JSON file per
    calendar file, keyed by its bytes, the window and the zone): re-importing an unchanged
    calendar, the everyday case, parses and expands nothing."""
    p = Path(path)
    data = p.read_bytes()
    if cache_dir is None:
        return read_calendar_data(data, str(p), since=since, until=until, tz=tz)
    import json

    key = hashlib.sha256(b"%d|%s|%s|%s|%s|" % (CACHE_VERSION, since.isoformat().encode(), until.isoformat().encode(),
                                               str(tz or _local_zone()).encode(), str(p).encode()) + data).hexdigest()
    slot = cache_dir / (hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:20] + ".json")
    try:
        stored = json.loads(slot.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return _from_json(stored["result"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    result = read_calendar_data(data, str(p), since=since, until=until, tz=tz)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = slot.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "result": _to_json(result)}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(slot)
    except OSError:
        pass  # a cache that cannot be written is only slower
    return result


def _local_zone() -> str:
    now = _dt.datetime.now().astimezone()
    return f"{now.tzname()}{now.utcoffset()}" + str(_dt.datetime(2026, 1, 15).astimezone().utcoffset()) + \
        str(_dt.datetime(2026, 7, 15).astimezone().utcoffset())


def _to_json(result: CalendarRead) -> dict:
    def start(v):
        return {"dt": v.isoformat()} if isinstance(v, _dt.datetime) else {"d": v.isoformat()}

    return {"events": result.events,
            "problems": [[p.source, p.line, p.message] for p in result.problems],
            "occurrences": [{**{k: getattr(o, k) for k in ("source", "line", "uid", "recurrence_id", "summary",
                                                          "location", "status", "has_attendees", "calendar_owner",
                                                          "warnings")},
                             "start": start(o.start),
                             "people": [[a.name, a.email, a.partstat, a.resource, a.organizer] for a in o.people]}
                            for o in result.occurrences]}


def _from_json(d: dict) -> CalendarRead:
    out = CalendarRead(events=d["events"], problems=[Problem(*p) for p in d["problems"]])
    for o in d["occurrences"]:
        st = o.pop("start")
        start = _dt.datetime.fromisoformat(st["dt"]) if "dt" in st else _dt.date.fromisoformat(st["d"])
        people = [Attendee(*a) for a in o.pop("people")]
        out.occurrences.append(Occurrence(start=start, people=people, **o))
    return out


def read_calendar_data(data: bytes, source: str, *, since: _dt.date, until: _dt.date, tz=None) -> CalendarRead:
    """Every meeting of a .ics file from `since` to `until` (both included)."""
    import warnings

    with warnings.catch_warnings():  # icalendar warns about guessed zone names: nothing to act on
        warnings.simplefilter("ignore")
        return _read(data, source, since, until, tz)


def _read(data: bytes, source: str, since: _dt.date, until: _dt.date, tz) -> CalendarRead:
    import icalendar

    out = CalendarRead()
    text, _enc = decode_bytes(data)
    text = text.lstrip("\ufeff")
    if not re.search(r"^BEGIN:VCALENDAR\s*$", text, re.IGNORECASE | re.MULTILINE):
        out.problems.append(Problem(source, 1, "no BEGIN:VCALENDAR line, so not a calendar file"))
        return out
    blocks, zones = _blocks(text)
    try:
        cals = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception:  # noqa: BLE001  (one broken line: read the components one by one)
        cals = None
    good: list[tuple[_Block, object]] = []
    if cals is not None:
        comps = [c for cal in cals for c in cal.subcomponents if c.name == "VEVENT"]
        if len(comps) != len(blocks):  # nested or odd layout: lines by UID only
            by_uid = {}
            for b in blocks:
                by_uid.setdefault(b.uid, b)
            pairs = [(by_uid.get(_text(c.get("UID")), _Block(0, [])), c) for c in comps]
        else:
            pairs = list(zip(blocks, comps))
        owner = ""
        for cal in cals:
            name = _text(cal.get("X-WR-CALNAME"))
            if _email(name):
                owner = _email(name)
        tz_comps = [c for cal in cals for c in cal.subcomponents if c.name == "VTIMEZONE"]
    else:
        owner = ""
        m = re.search(r"^X-WR-CALNAME:(.*)$", text, re.MULTILINE)
        if m and _email(m[1]):
            owner = _email(m[1])
        head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(
            "\r\n".join(t for _, t in z.lines) + "\r\n" for z in zones)
        pairs, tz_comps = [], []
        try:
            tz_cal = icalendar.Calendar.from_ical(head + "END:VCALENDAR\r\n")
            tz_comps = [c for c in tz_cal.subcomponents if c.name == "VTIMEZONE"]
        except Exception as exc:  # noqa: BLE001
            line = zones[0].start if zones else 1
            out.problems.append(Problem(source, line, f"time zones cannot be read ({_short(exc)}); "
                                                      "times are read as written"))
        for b in blocks:
            try:
                one = icalendar.Calendar.from_ical("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n".join(
                    t for _, t in b.lines) + "\r\nEND:VCALENDAR\r\n")
                pairs.extend((b, c) for c in one.subcomponents if c.name == "VEVENT")
            except Exception as exc:  # noqa: BLE001
                out.problems.append(Problem(source, b.start, f"event cannot be read: {_short(exc)}; skipped"))
    for b, comp in pairs:
        errors = getattr(comp, "errors", None) or []
        if errors:
            prop, why = errors[0][0] or "a line", errors[0][1]
            out.problems.append(Problem(source, _line_of(b, prop) if b.lines else 0,
                                        f"{prop}: {_short(why)}; event skipped"))
            continue
        start = comp.get("DTSTART")
        if start is None or isinstance(start, list) or not isinstance(getattr(start, "dt", None), _dt.date):
            out.problems.append(Problem(source, b.start, "event without a start (DTSTART); skipped"))
            continue
        if not _text(comp.get("UID")):
            # no UID: a stable one from what identifies it, so that a second import finds it
            key = f"{_recurrence_id(start.dt)}|{_text(comp.get('SUMMARY'))}"
            comp["UID"] = "plainnet-" + hashlib.sha1(key.encode()).hexdigest()[:16]
        good.append((b, comp))
    out.events = len(good)
    lines = {}
    for b, comp in good:
        rid = comp.get("RECURRENCE-ID")
        key = (_text(comp.get("UID")), _recurrence_id(rid.dt) if rid is not None and hasattr(rid, "dt") else "")
        lines.setdefault(key, b.start)
        lines.setdefault((key[0], ""), b.start)
    # recurring-ical-events gives every occurrence a RECURRENCE-ID, single events too: only a series
    # is told apart by it (a moved single event keeps its identity, its UID)
    series = {_text(c.get("UID")) for _b, c in good
              if c.get("RRULE") is not None or c.get("RDATE") is not None or c.get("RECURRENCE-ID") is not None}
    for comp in _expand(good, tz_comps, since, until, source, out, lines):
        out.occurrences.append(_occurrence(comp, source, lines, owner, tz, series))
    out.occurrences.sort(key=lambda o: (o.day, o.line, o.recurrence_id))
    return out


def _short(exc) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def _expand(good, tz_comps, since, until, source, out, lines):
    """Occurrences of the components in `good` between since and until (both days included):
    all at once, or, when a series cannot be expanded, series by series (reporting the broken)."""
    import icalendar
    import recurring_ical_events

    def calendar(comps):
        cal = icalendar.Calendar()
        cal.add("VERSION", "2.0")
        for z in tz_comps:
            cal.add_component(z)
        for c in comps:
            cal.add_component(c)
        return cal

    end = until + _dt.timedelta(days=1)
    try:
        return list(recurring_ical_events.of(calendar([c for _, c in good])).between(since, end))
    except Exception:  # noqa: BLE001
        pass
    series: dict[str, list] = {}
    for _b, c in good:
        series.setdefault(_text(c.get("UID")), []).append(c)
    found = []
    for uid, comps in series.items():
        try:
            found.extend(recurring_ical_events.of(calendar(comps)).between(since, end))
        except Exception as exc:  # noqa: BLE001
            out.problems.append(Problem(source, lines.get((uid, ""), 0),
                                        f"recurrence cannot be expanded: {_short(exc)}; event skipped"))
    return found


def _occurrence(comp, source: str, lines: dict, owner: str, tz, series: set) -> Occurrence:
    uid = _text(comp.get("UID"))
    rid = comp.get("RECURRENCE-ID") if uid in series else None
    rid_text = _recurrence_id(rid.dt) if rid is not None and hasattr(rid, "dt") else ""
    line = lines.get((uid, rid_text)) or lines.get((uid, ""), 0)
    people = []
    org = comp.get("ORGANIZER")
    if org is not None and not isinstance(org, list):
        people.append(_person(org, organizer=True))
    attendees = comp.get("ATTENDEE")
    if attendees is not None and not isinstance(attendees, list):
        attendees = [attendees]
    for a in attendees or []:
        people.append(_person(a))
    return Occurrence(source, line, uid, rid_text, _stamp(comp["DTSTART"].dt, tz), _text(comp.get("SUMMARY")),
                      _text(comp.get("LOCATION")), _text(comp.get("STATUS")).upper(), people,
                      bool(attendees), owner)
