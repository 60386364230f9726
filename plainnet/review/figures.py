"""plainnet review: the networking self-analysis, measured from the vault instead of from memory.

Pure computation: a Network (and facts about the pitch notes) plus a period in, a `Scorecard` out.
Nothing here prints; `plainnet.cli.review` renders the scorecard for the terminal and
`plainnet.review.html` as a page.

Periods are inclusive on both ends: `Period(since, until)` holds every date d with
since <= d <= until. The default period is the 90 days up to --today; the previous period is the
same number of days just before it. Every habit below is one `_habit_*` function that measures one
period; the scorecard calls it for the period, the previous period and each calendar month shown
in the charts, so a figure, its trend and its sparkline always mean the same thing.

Habits (the precise definitions are in each function's docstring). Sources: A is "Why your
Networking is not Delivering Results", B is "10 Signs That You're Doing Networking Wrong" (after
Ivan Misner).

| id | figure | better | source |
|---|---|---|---|
| objectives | share of events in the period with at least one objective | higher | A mistake 1 |
| homework | share of meetings whose every attendee has `offer` and `need` | higher | A mistake 2 |
| follow-through | share of follow-ups due in the period done by their due date | higher | A mistake 3 |
| reciprocity | share given of the things given and received in the period | higher | A mistake 4 |
| new-people | share of attendances at past events that were first meetings | higher | A mistake 5, B signs 3-4 |
| card-stack | contacts with no next step at the end of the period | lower | B sign 1 |
| consent | people on the mailing list without recorded consent (now) | lower | B sign 2 |
| groups | group meetings attended of those their `meets` interval implies | higher | B signs 6-7 |
| pitch | open pitch-statement findings (now), with words and seconds | lower | A (Forbes), B signs 8, 10 |
| network | share of contacts with a cadence in touch at the end of the period | higher | A "nurture every relationship" |

A figure that cannot be computed (nothing to measure) is None with a `reason`, never a division
by zero.
"""
from __future__ import annotations

import re

import bisect
import calendar
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from plainnet.notes.dates import parse_cadence, try_date
from plainnet.notes.links import display_text
from plainnet.network import Network, filled, text_list

DEFAULT_DAYS = 90

WHY_NOT_DELIVERING = "“Why your Networking is not Delivering Results”"
TEN_SIGNS = "“10 Signs That You're Doing Networking Wrong” (after Ivan Misner)"

_FALSE = {"false", "no", "0", "off", "none", "n"}
_CANCELLED = {"cancelled", "canceled"}
PITCH_STATEMENT_RULES = ("pitch-length", "pitch-who", "pitch-problem", "pitch-ask", "pitch-vague-client",
                         "pitch-title-only", "pitch-jargon", "pitch-sentence")
#: what review says when it can measure nothing (text and page alike)
NOTHING_TO_ADVISE = ("Nothing to measure yet, so no advice: record your events, follow-ups and contacts "
                     "in your notes and review again.")


# ---------------------------------------------------------------------------------------------
# periods
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The dates from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, d) -> bool:
        return d is not None and self.start <= d <= self.end

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def to_json(self) -> dict:
        return {"since": self.start.isoformat(), "until": self.end.isoformat(), "days": self.days}


def default_period(today: date, since: date | None = None, until: date | None = None) -> Period:
    """--since/--until as a Period: until defaults to today, since to the 90 days up to until."""
    until = until or today
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    return Period(since, until)


def months_between(start: date, end: date) -> list[Period]:
    """Calendar months from the month of `start` to the month of `end`; the last one stops at `end`."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        first = date(y, m, 1)
        last = date(y, m, calendar.monthrange(y, m)[1])
        out.append(Period(first, min(last, end)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# ---------------------------------------------------------------------------------------------
# the scorecard
# ---------------------------------------------------------------------------------------------


@dataclass
class Ref:
    """A note behind a figure: where it is and why it is listed."""

    path: str
    line: int
    title: str
    why: str = ""

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "title": self.title, "why": self.why}


@dataclass
class Measure:
    """One habit measured over one period."""

    value: float | int | None  # the headline figure (a share is 0..1)
    text: str  # the figure as a person reads it
    score: float | None = None  # 0..1, higher is better: the bar and the colour
    figures: dict = field(default_factory=dict)  # every number behind the headline
    notes: list = field(default_factory=list)  # [Ref]
    reason: str | None = None  # why value is None

    def to_json(self) -> dict:
        return {"value": _round(self.value), "text": self.text, "score": _round(self.score), "reason": self.reason,
                "figures": _jsonable(self.figures)}


@dataclass
class Suggestion:
    text: str  # what to do, concretely
    quote: str  # the sentence of the article it comes from
    source: str  # which article, which mistake or sign

    def to_json(self) -> dict:
        return {"text": self.text, "quote": self.quote, "source": self.source}


@dataclass
class Trend:
    delta: float | None  # value(period) - value(previous); a share's delta is in 0..1 units
    direction: str | None  # "up", "down", "same"
    verdict: str | None  # "better", "worse", "same"
    reason: str | None = None

    def to_json(self) -> dict:
        return {"delta": _round(self.delta), "direction": self.direction, "verdict": self.verdict, "reason": self.reason}


@dataclass
class Row:
    id: str
    title: str
    question: str
    definition: str
    unit: str  # "share" (value 0..1) or "count"
    better: str  # "higher" or "lower"
    current: Measure
    previous: Measure | None
    trend: Trend
    monthly: list  # [(Period, value or None)]
    suggestion: Suggestion
    history: bool = True  # False: the notes only say how things are now

    @property
    def status(self) -> str:
        """good, fair, poor or none, from the score (or, for counts without one, from zero or not)."""
        s = self.current.score
        if self.current.value is None and s is None:
            return "none"
        if s is None:
            return "good" if not self.current.value else "poor"
        return "good" if s >= 0.8 else "fair" if s >= 0.5 else "poor"

    def to_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "question": self.question, "definition": self.definition,
            "unit": self.unit, "better": self.better, "status": self.status, "history": self.history,
            **self.current.to_json(),
            "previous": self.previous.to_json() if self.previous else None,
            "trend": self.trend.to_json(),
            "monthly": [{"month": p.start.strftime("%Y-%m"), "value": _round(v)} for p, v in self.monthly],
            "notes": [r.to_json() for r in self.current.notes],
            "suggestion": self.suggestion.to_json() if self.status != "none" else None,
        }


@dataclass
class Charts:
    months: list  # [Period]
    events: list  # held events per month
    new_people: list  # contacts first met per month
    on_time: list  # follow-ups due that month done by their due date
    late: list  # ... done after it, or still open and past it
    given: list
    received: list
    totals: dict = field(default_factory=dict)  # the same counts over the exact period
    previous_totals: dict = field(default_factory=dict)  # ... and over the previous period

    def to_json(self) -> dict:
        return {"months": [m.start.strftime("%Y-%m") for m in self.months], "events": self.events,
                "new_people": self.new_people, "follow_ups_on_time": self.on_time, "follow_ups_late": self.late,
                "given": self.given, "received": self.received, "totals": self.totals,
                "previous_totals": self.previous_totals}


@dataclass
class Scorecard:
    today: date
    vault: str
    period: Period
    previous: Period
    rows: list  # [Row]
    charts: Charts
    counts: dict  # notes of each type
    message: str | None = None  # set when there is nothing to review

    @property
    def empty(self) -> bool:
        return self.message is not None

    def row(self, habit: str) -> Row:
        return next(r for r in self.rows if r.id == habit)

    def by_priority(self) -> list:
        """The rows in the order to act on them: poor, fair, none, good; scorecard order within each."""
        rank = {"poor": 0, "fair": 1, "none": 2, "good": 3}
        return sorted(self.rows, key=lambda r: rank[r.status])

    def advice(self) -> list:
        """by_priority without the habits marked n/a: with nothing to measure there is nothing to
        advise (and "keep it up" about events that never happened would be nonsense)."""
        return [r for r in self.by_priority() if r.status != "none"]

    def summary(self) -> dict:
        out = {"good": 0, "fair": 0, "poor": 0, "none": 0}
        for r in self.rows:
            out[r.status] += 1
        return out

    def to_json(self) -> dict:
        return {"today": self.today.isoformat(), "vault": self.vault, "period": self.period.to_json(),
                "previous": self.previous.to_json(), "empty": self.empty, "message": self.message,
                "counts": self.counts, "summary": self.summary(), "habits": [r.to_json() for r in self.rows],
                "charts": self.charts.to_json()}


def _round(x):
    return round(x, 4) if isinstance(x, float) else x


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Ref):
        return value.to_json()
    return _round(value)


# ---------------------------------------------------------------------------------------------
# what the habits read: an index over the network
# ---------------------------------------------------------------------------------------------


@dataclass
class PitchFacts:
    """One pitch note as said aloud: its words, the seconds they take and its open findings."""

    path: str
    title: str
    words: int
    seconds: float  # words at the vault's speaking rate (wpm, default 150)
    slot: float  # the pitch's `seconds:` (default 30)
    findings: list  # [Finding] of the pitch-statement rules


class _Data:
    """The network with look-ups the habits need, built once per scorecard."""

    def __init__(self, net: Network, config=None, pitches: list | None = None):
        self.net = net
        self.today = net.today
        self.config = config
        self.pitches = pitches or []
        cfg = config or {}
        self.card_days = int(_threshold(cfg, "card-stack", "days", cfg.get("card_stack_days", 14)))
        self.min_got = float(_threshold(cfg, "one-sided", "min_got", cfg.get("one_sided_min_got", 3)))
        self.ratio = float(_threshold(cfg, "one-sided", "ratio", cfg.get("one_sided_ratio", 3)))
        self.cancelled = {p for p, e in net.events.items()
                          if str(e.note.front_matter.get("status") or "").strip().lower() in _CANCELLED}
        typed = set(net.people) | set(net.events) | set(net.groups) | set(net.pitches)
        # follow-ups that are networking promises: written in a contact, event, group or pitch note,
        # or about a contact (a plain note's shopping list is not a follow-up)
        self.follow_ups = [f for f in net.follow_ups if f.due is not None and (f.path in typed or f.person)]
        self.fu_by_person: dict[str, list] = {}
        for f in net.follow_ups:
            if f.person:
                self.fu_by_person.setdefault(f.person, []).append(f)
        self.events_by_person: dict[str, list] = {}
        for e in net.events.values():
            for a in e.attendees:
                self.events_by_person.setdefault(a, []).append(e)
        self.dated_events = sorted((e for e in net.events.values() if e.date is not None and e.path not in self.cancelled),
                                   key=lambda e: (e.date, e.path))
        self.event_dates = [e.date for e in self.dated_events]
        self.ledger = {p: (_dated(person.note.front_matter.get("gave")), _dated(person.note.front_matter.get("got")))
                       for p, person in net.people.items()}
        # sorted dates, so that counting what falls in a period is two binary searches
        self.gave_dates = sorted(dt for g, _ in self.ledger.values() for dt, _ in g if dt is not None)
        self.got_dates = sorted(dt for _, r in self.ledger.values() for dt, _ in r if dt is not None)
        self.undated_ledger = sum(1 for g, r in self.ledger.values() for dt, _ in g + r if dt is None)
        self.met_dates = sorted(p.met for p in net.people.values() if p.met is not None)
        self.contact_dates = {p: sorted(dt for dt, _ in person.interactions) for p, person in net.people.items()}

    # events
    def events_in(self, period: Period) -> list:
        """Events dated in the period that are not cancelled (held or planned), by date."""
        lo = bisect.bisect_left(self.event_dates, period.start)
        hi = bisect.bisect_right(self.event_dates, period.end)
        return self.dated_events[lo:hi]

    def held_in(self, period: Period) -> list:
        """Events in the period that have taken place: not planned, not cancelled, not after today."""
        return [e for e in self.events_in(period) if not e.planned and e.date <= self.today]

    def ref(self, path: str, line: int = 1, why: str = "") -> Ref:
        return Ref(path, line, self.net.titles.get(path, path), why)

    def name(self, person: str) -> str:
        return self.net.people[person].name

    # state at a date
    def planned_at(self, person: str, when: date) -> bool:
        """A meeting with `person` was ahead at `when` (today: a planned event; before: any later event)."""
        for e in self.events_by_person.get(person, ()):
            if e.path in self.cancelled or e.date is None:
                continue
            if when >= self.today:
                if e.planned:
                    return True
            elif e.date > when:
                return True
        return False

    def open_at(self, f, when: date) -> bool:
        """A follow-up was open at `when`: not done, or done after `when` (done without a date: done)."""
        return not f.done or (f.done_date is not None and f.done_date > when)


def _count_in(dates: list, period: Period) -> int:
    """How many of the sorted `dates` fall in the period."""
    return bisect.bisect_right(dates, period.end) - bisect.bisect_left(dates, period.start)


def _threshold(cfg, rule: str, key: str, default):
    try:
        from plainnet.rules.registry import thresholds

        return thresholds(rule, cfg).get(key, default)
    except (KeyError, TypeError, ValueError, AttributeError):  # a bare dict without the rule tables
        return default


def _dated(value) -> list:
    """A gave/got ledger as [(date or None, what)]."""
    out = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            out.append((try_date(item.get("date")), str(item.get("what") or "").strip()))
        elif item is not None and str(item).strip():
            out.append((None, str(item).strip()))
    return out


def _truthy(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip()) and value.strip().lower() not in _FALSE
    return bool(value)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(x * 100)}%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _share(num: int, den: int) -> float | None:
    return num / den if den else None


# ---------------------------------------------------------------------------------------------
# the habits
# ---------------------------------------------------------------------------------------------


def _habit_objectives(d: _Data, period: Period) -> Measure:
    """objectives = events with at least one objective / events in the period.

    Events: every event note dated in the period that is not `status: cancelled`, held or still
    planned (objectives are written before you go). An objective is a non-empty `objectives:`
    entry (a string counts as one). Notes behind it: the events without objectives."""
    events = d.events_in(period)
    with_obj = [e for e in events if text_list(e.note.front_matter.get("objectives"))]
    without = [e for e in events if e not in with_obj]
    value = _share(len(with_obj), len(events))
    notes = [d.ref(e.path, e.note.line_of("objectives") if "objectives" in e.note.fm_lines else 1,
                   f"{e.date}: no objectives") for e in without]
    if value is None:
        return Measure(None, "no events", reason="no events in the period", figures={"events": 0, "with_objectives": 0})
    return Measure(value, f"{_pct(value)} · {len(with_obj)} of {_plural(len(events), 'event')}", value,
                   {"events": len(events), "with_objectives": len(with_obj), "share": value}, notes)


def _habit_homework(d: _Data, period: Period) -> Measure:
    """homework = meetings where every attendee has `offer` and `need` / meetings in the period.

    Meetings: events in the period (as for objectives) with at least one attendee who resolves to
    a contact. Prepared: every such attendee's note has a non-empty `offer:` and `need:`. The
    notes keep no history, so "beforehand" is read as "filled in now"; a meeting you prepared for
    after the fact still counts. Notes behind it: the attendees missing one or both."""
    meetings = [e for e in d.events_in(period) if e.attendees]
    prepared, notes, missing_people = 0, [], {}
    for e in meetings:
        lacking = []
        for a in e.attendees:
            fm = d.net.people[a].note.front_matter
            missing = [k for k in ("offer", "need") if not filled(fm.get(k))]
            if missing:
                lacking.append(a)
                missing_people.setdefault(a, missing)
        if lacking:
            notes.append(d.ref(e.path, e.note.line_of("attendees"), f"{e.date}: no homework on "
                               + ", ".join(f"{d.name(a)} ({' or '.join(missing_people[a])})" for a in lacking)))
        else:
            prepared += 1
    for a, missing in missing_people.items():
        p = d.net.people[a]
        notes.append(d.ref(a, p.note.line_of(missing[0]) if missing[0] in p.note.fm_lines else 1,
                           f"no {' or '.join(missing)}"))
    value = _share(prepared, len(meetings))
    figures = {"meetings": len(meetings), "prepared": prepared, "share": value,
               "people_missing_homework": [d.name(a) for a in missing_people]}
    if value is None:
        return Measure(None, "no meetings", reason="no events with attendees in the period", figures=figures)
    return Measure(value, f"{_pct(value)} · {prepared} of {_plural(len(meetings), 'meeting')}", value, figures, notes)


def _what(f) -> str:
    return display_text(f.what) if f.what else "follow-up"


def _classify(d: _Data, f) -> tuple[str, int]:
    """A follow-up as ("on_time"|"late"|"overdue"|"pending", days late)."""
    if f.done:
        if f.done_date is None or f.done_date <= f.due:
            return "on_time", 0
        return "late", (f.done_date - f.due).days
    if f.due < d.today:
        return "overdue", (d.today - f.due).days
    return "pending", 0


def _habit_follow_through(d: _Data, period: Period) -> Measure:
    """follow-through = follow-ups done by their due date / follow-ups due in the period and judged.

    Follow-ups: dated ones (front-matter `follow_ups` with `due:`, body tasks with `📅` or
    `[due:: ]`) written in a contact, event, group or pitch note or about a contact; cancelled
    tasks are not follow-ups. Judged: due in the period, except open ones whose due date has not
    passed yet (today included). The done date is `✅ DATE` on a task or a date in front-matter
    `done:`. Done on time: done on or before the due date. A follow-up marked done without a date
    (`- [x]`, `done: true`) counts as done on time: you ticked it, and plainnet cannot know better
    (their number is reported as `done_undated`). Late: done after the due date, or still open
    after it (`open_overdue`). Median days late: over the late ones, done − due for those done and
    today − due (so far) for those still open."""
    judged = {"on_time": [], "late": [], "overdue": []}
    lateness, undated = [], 0
    for f in d.follow_ups:
        if f.due not in period:
            continue
        kind, days = _classify(d, f)
        if kind == "pending":
            continue
        judged[kind].append(f)
        if kind == "on_time" and f.done_date is None:
            undated += 1
        if days:
            lateness.append(days)
    total = sum(len(v) for v in judged.values())
    on_time = len(judged["on_time"])
    value = _share(on_time, total)
    median = statistics.median(lateness) if lateness else None
    notes = [d.ref(f.path, f.line, f"{_what(f)}: due {f.due}, still open ({(d.today - f.due).days} days late)")
             for f in sorted(judged["overdue"], key=lambda f: f.due)]
    notes += [d.ref(f.path, f.line, f"{_what(f)}: due {f.due}, done {f.done_date} "
                    f"({(f.done_date - f.due).days} days late)") for f in sorted(judged["late"], key=lambda f: f.due)]
    figures = {"judged": total, "on_time": on_time, "done_late": len(judged["late"]),
               "open_overdue": len(judged["overdue"]), "done_undated": undated, "share_on_time": value,
               "median_days_late": median}
    if value is None:
        return Measure(None, "no follow-ups due", reason="no follow-ups due in the period", figures=figures)
    extra = []
    if median is not None:
        extra.append(f"median {median:g} days late")
    if judged["overdue"]:
        extra.append(f"{len(judged['overdue'])} still open")
    if undated:  # `done: true` or `- [x]` without a date: counted on time, but plainnet cannot know
        extra.append(f"{undated} done without a date (could not be timed)")
    text = f"{_pct(value)} on time · {on_time} of {total}" + (f" · {', '.join(extra)}" if extra else "")
    return Measure(value, text, value, figures, notes)


def _one_sided(d: _Data, until: date) -> list[dict]:
    """Contacts where you got much more than you gave (all entries up to `until`, undated ones too)."""
    out = []
    for path, (gave, got) in d.ledger.items():
        if len(got) < d.min_got:
            continue
        g = sum(1 for dt, _ in gave if dt is None or dt <= until)
        r = sum(1 for dt, _ in got if dt is None or dt <= until)
        if r >= d.min_got and g < r / d.ratio:
            out.append({"name": d.name(path), "path": path, "gave": g, "got": r})
    return sorted(out, key=lambda x: (x["gave"] - x["got"], x["name"]))


def _habit_reciprocity(d: _Data, period: Period) -> Measure:
    """reciprocity = things given / (given + received), counting dated `gave:` and `got:` entries.

    An entry counts in the period of its `date:`; undated entries count in no period (they are
    reported as `undated`). 50% is an even balance; the article's advice is to give first, so higher
    is better and the score is min(1, share / 0.5). The most one-sided relationships use the
    `one-sided` rule over every entry up to the period's end: got ≥ min_got (3) and gave < got / ratio (3)."""
    gave, got, undated = _count_in(d.gave_dates, period), _count_in(d.got_dates, period), d.undated_ledger
    one_sided = _one_sided(d, period.end)
    notes = [d.ref(o["path"], d.net.people[o["path"]].note.line_of("got"),
                   f"got {o['got']}, gave {o['gave']}") for o in one_sided]
    value = _share(gave, gave + got)
    figures = {"given": gave, "received": got, "share_given": value, "undated": undated, "one_sided": one_sided}
    if value is None:
        return Measure(None, "nothing recorded", reason="no dated gave: or got: entries in the period",
                       figures=figures, notes=notes)
    return Measure(value, f"{_pct(value)} given · {gave} given, {got} received", min(1.0, value / 0.5), figures, notes)


def _known_before(d: _Data, person: str, when: date) -> bool:
    """Whether you knew `person` before `when`: met earlier, or (no met) any earlier interaction."""
    p = d.net.people[person]
    if p.met is not None:
        return p.met < when
    return any(dt < when for dt, _ in p.interactions)


def _habit_new_people(d: _Data, period: Period) -> Measure:
    """new people = attendances that were first meetings / attendances at past events in the period.

    Past events: events in the period that took place (not planned, not cancelled, not after today)
    with at least one attendee. An attendee is new at an event unless you knew them before its
    date (their `met` is earlier, or without `met`, an interaction is earlier): the same test as
    the `only-known-people` rule, whose events (everyone already known) are listed as notes.
    Also reported: `people_met`, the contacts whose `met` date falls in the period."""
    events = [e for e in d.held_in(period) if e.attendees]
    attendances = new = 0
    without = []
    per_event = []
    for e in events:
        fresh = [a for a in e.attendees if not _known_before(d, a, e.date)]
        attendances += len(e.attendees)
        new += len(fresh)
        per_event.append({"path": e.path, "attendees": len(e.attendees), "new": len(fresh)})
        if not fresh:
            without.append(e)
    value = _share(new, attendances)
    notes = [d.ref(e.path, e.note.line_of("attendees"), f"{e.date}: everyone there you already knew") for e in without]
    figures = {"events": len(events), "attendances": attendances, "new": new, "share_new": value,
               "events_without_new": len(without), "people_met": _count_in(d.met_dates, period), "per_event": per_event}
    if value is None:
        return Measure(None, "no events", reason="no past events with attendees in the period", figures=figures)
    text = f"{_pct(value)} new · {new} of {attendances}"
    if without:
        text += f" · {_plural(len(without), 'event')} with none"
    return Measure(value, text, value, figures, notes)


def _habit_card_stack(d: _Data, period: Period) -> Measure:
    """card stack = contacts with no next step at the end of the period (its `until`).

    A contact is in the stack at a date T when it was first met (`met`) more than card_stack_days
    (14) days before T, with no interaction after meeting up to T, no follow-up about them open at
    T (open: not done, or done after T) and no meeting ahead at T. At today this is exactly the
    `card-stack` rule. Score: the share of contacts met more than 14 days before T that have had
    contact or have a next step. Notes behind it: the stacked contacts, oldest first."""
    t = min(period.end, d.today)
    eligible, stack = 0, []
    for path, p in d.net.people.items():
        if p.met is None or p.met > t or (t - p.met).days <= d.card_days:
            continue
        eligible += 1
        if any(p.met < dt <= t for dt, _ in p.interactions):
            continue
        if any(d.open_at(f, t) for f in d.fu_by_person.get(path, ())):
            continue
        if d.planned_at(path, t):
            continue
        stack.append(p)
    stack.sort(key=lambda p: (p.met, p.name))
    ages = [(t - p.met).days for p in stack]
    notes = [d.ref(p.path, p.note.line_of("met"), f"met {p.met} ({(t - p.met).days} days before {t}), nothing since")
             for p in stack]
    figures = {"as_of": t, "unprocessed": len(stack), "eligible": eligible,
               "median_age_days": statistics.median(ages) if ages else None, "oldest_age_days": max(ages, default=None)}
    if not eligible:
        return Measure(None, "no cards", None, figures, notes,
                       f"no contact met more than {d.card_days} days before {t}")
    text = f"{len(stack)} without a next step" + (f" · oldest {max(ages)} days" if ages else "")
    return Measure(len(stack), text, 1 - len(stack) / eligible, figures, notes)


def _habit_consent(d: _Data, period: Period) -> Measure:
    """consent = contacts with a true `mailing_list:` and an empty `consent:`, as the notes are now.

    The notes do not record when someone joined the list, so this figure has no history and no
    trend. Score: the share of list members with consent."""
    on_list = [p for p in d.net.people.values() if _truthy(p.note.front_matter.get("mailing_list"))]
    without = [p for p in on_list if not _truthy(p.note.front_matter.get("consent"))]
    notes = [d.ref(p.path, p.note.line_of("mailing_list"), "on your mailing list, no consent recorded") for p in without]
    figures = {"on_list": len(on_list), "without_consent": len(without),
               "share_with_consent": _share(len(on_list) - len(without), len(on_list))}
    if not on_list:
        return Measure(None, "nobody on your list", None, figures, notes, "nobody has mailing_list: true")
    return Measure(len(without), f"{len(without)} of {len(on_list)} on your list without consent",
                   figures["share_with_consent"], figures, notes)


def _habit_groups(d: _Data, period: Period) -> Measure:
    """groups = meetings attended / meetings expected, over groups with a `meets:` interval.

    For each group: the window is the period from its `joined:` date (if later); expected =
    whole `meets` intervals in the window (a 90-day window and `meets: 1m` (30 days) expect 3);
    attended = past events in the window whose `group:` links to it, counted up to the number
    expected. Groups without `meets`, joined after the period, or with a window shorter than one
    interval are listed but not scored."""
    groups, notes = [], []
    expected_total = attended_total = 0
    by_group: dict[str, list] = {}
    for e in d.held_in(period):
        if e.group:
            by_group.setdefault(e.group, []).append(e)
    for path, g in sorted(d.net.groups.items()):
        fm = g.front_matter
        meets = parse_cadence(fm.get("meets"))
        joined = try_date(fm.get("joined"))
        attended = by_group.get(path, [])
        row = {"name": g.title, "path": path, "meets": str(fm.get("meets") or "") or None, "attended": len(attended),
               "expected": None}
        if meets is None:
            row["skipped"] = "no meets: interval"
        elif joined and joined > period.end:
            row["skipped"] = "joined after the period"
        else:
            start = max(period.start, joined) if joined else period.start
            expected = ((period.end - start).days + 1) // meets.days
            if expected == 0:
                row["skipped"] = "too new to judge"
            else:
                row["expected"] = expected
                expected_total += expected
                attended_total += min(len(attended), expected)
                if len(attended) < expected:
                    line = g.line_of("meets") if "meets" in g.fm_lines else 1
                    notes.append(d.ref(path, line, f"meets every {fm.get('meets')}: went {len(attended)} of {expected}"))
        groups.append(row)
    value = _share(attended_total, expected_total)
    figures = {"expected": expected_total, "attended": attended_total, "share": value, "groups": groups}
    if value is None:
        why = "no groups" if not groups else "no group with a meets: interval to measure in the period"
        return Measure(None, "no groups to measure" if groups else "no groups", reason=why, figures=figures)
    return Measure(value, f"{_pct(value)} · {attended_total} of {_plural(expected_total, 'meeting')}", value,
                   figures, notes)


def _habit_pitch(d: _Data, period: Period) -> Measure:
    """pitch = open pitch-statement findings (pitch-length, -who, -problem, -ask, -vague-client,
    -title-only, -jargon, -sentence) in pitch notes and events' `pitch:` texts, as they are now.

    Also per pitch note: its spoken words (Markdown and headings removed, as pitch-length counts
    them) and the estimated seconds at the vault's `wpm` (150), against its `seconds:` slot (30).
    Pitches are not dated, so this figure has no history and no trend."""
    findings = [f for p in d.pitches for f in p.findings]
    pitches = [{"title": p.title, "path": p.path, "words": p.words, "seconds": round(p.seconds), "slot": p.slot,
                "findings": len(p.findings)} for p in d.pitches]
    notes = [d.ref(f.path, f.line, f"{f.rule}: {f.message}") for f in findings]
    figures = {"pitches": pitches, "findings": len(findings),
               "by_rule": {r: sum(1 for f in findings if f.rule == r) for r in sorted({f.rule for f in findings})}}
    if not d.pitches:
        return Measure(None, "no pitch", reason="no pitch note (type: pitch)", figures=figures)
    main = d.pitches[0]
    text = (f"{_plural(len(findings), 'finding')} · {main.title}: {main.words} words ≈ {round(main.seconds)} s "
            f"of {main.slot:g}")
    return Measure(len(findings), text, None, figures, notes)


def _habit_network(d: _Data, period: Period) -> Measure:
    """network = contacts in touch / contacts with a cadence, at the end of the period (its `until`).

    Contacts with a cadence (their own `cadence:` or the vault's `default_cadence`) and a last
    contact or `met` date on or before the date T. In touch at T: the last interaction up to T (or
    the meeting date when there is none) plus the cadence is T or later, or a meeting with them is
    ahead (as in the agenda's stay-in-touch section). Notes behind it: the lapsed, longest first."""
    t = min(period.end, d.today)
    tracked, lapsed = 0, []
    for path, p in d.net.people.items():
        if p.cadence is None:
            continue
        dates = d.contact_dates[path]
        i = bisect.bisect_right(dates, t)
        last = dates[i - 1] if i else None
        if last is None and p.met is not None and p.met <= t:
            last = p.met
        if last is None:
            continue
        tracked += 1
        if last + p.cadence >= t or d.planned_at(path, t):
            continue
        lapsed.append((last, p))
    lapsed.sort(key=lambda x: (x[0], x[1].name))
    notes = [d.ref(p.path, p.note.line_of("cadence") if "cadence" in p.note.fm_lines else 1,
                   f"{(t - last).days} days since last contact, cadence {p.cadence_text}") for last, p in lapsed]
    value = _share(tracked - len(lapsed), tracked)
    figures = {"as_of": t, "tracked": tracked, "in_touch": tracked - len(lapsed), "lapsed": len(lapsed), "share": value}
    if value is None:
        return Measure(None, "no cadences", reason="no contact with a cadence and a last contact", figures=figures)
    return Measure(value, f"{_pct(value)} in touch · {tracked - len(lapsed)} of {tracked}", value, figures, notes)


# ---------------------------------------------------------------------------------------------
# suggestions: one concrete next step per habit, each from a sentence of the two articles
# ---------------------------------------------------------------------------------------------


_PITCH_FIXES = {
    "pitch-vague-client": "name one kind of client instead of “anyone”",
    "pitch-title-only": "say whom you help and what changes for them, not only your title",
    "pitch-who": "say whom you help",
    "pitch-problem": "say the problem you solve or the result you bring",
    "pitch-ask": "end with what a good introduction for you looks like",
    "pitch-length": "cut it to fit its slot",
    "pitch-jargon": "swap the jargon for plain words",
    "pitch-sentence": "split the long sentences",
}


_QUOTED = re.compile("“([^”]+)”")


def _next_event(d: _Data, pred) -> object | None:
    ahead = sorted((e for e in d.net.events.values() if e.planned and e.date and e.path not in d.cancelled and pred(e)),
                   key=lambda e: e.date)
    return ahead[0] if ahead else None


def _names(items: list[str], n: int = 3) -> str:
    shown = items[:n]
    more = len(items) - len(shown)
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if shown else ""
    return text + (f" (and {more} more)" if more else "")


def _suggest(habit: str, d: _Data, m: Measure) -> Suggestion:
    fig = m.figures
    if habit == "objectives":
        ev = _next_event(d, lambda e: not text_list(e.note.front_matter.get("objectives")))
        if ev:
            text = f"Before “{ev.note.title}” ({ev.date}), write under objectives: what you want to come away with."
        elif m.notes:
            text = "Add objectives to the events listed, then give every next event one before you go."
        else:
            text = "Keep it up: before each event, write one line saying what you want to come away with."
        return Suggestion(text, "When making new contacts or meeting existing ones, it is always worth asking what "
                          "you hope to achieve from the conversation.", f"{WHY_NOT_DELIVERING}, mistake 1")
    if habit == "homework":
        people = fig.get("people_missing_homework") or []
        if people:
            text = f"Write down what you can offer and what you need (offer:, need:) for {_names(people)}."
        else:
            text = "Before each meeting, fill in offer: and need: for everyone you will see."
        return Suggestion(text, "It is important that when you want to meet a new contact, you can clearly articulate "
                          "what you can offer them and or what it is that you need from them.", f"{WHY_NOT_DELIVERING}, mistake 2")
    if habit == "follow-through":
        open_now = sorted((f for f in d.follow_ups if not f.done and f.due < d.today), key=lambda f: f.due)
        if open_now:
            f = open_now[0]
            text = (f"Do the oldest open follow-up today — “{_what(f)}”, {(d.today - f.due).days} days "
                    f"late — or give it a new date" + (f"; {_plural(len(open_now) - 1, 'more is', 'more are')} overdue."
                                          if len(open_now) > 1 else "."))
        else:
            text = "Whenever you promise something, add it with a due date (- [ ] … 📅 DATE) so it comes back to you."
        return Suggestion(text, "Always ensure that you do what you said you would do, when you said you would do it.",
                          f"{WHY_NOT_DELIVERING}, mistake 3")
    if habit == "reciprocity":
        one = fig.get("one_sided") or []
        if one:
            o = one[0]
            text = (f"Give {o['name']} something before you ask again — an introduction, a referral, a useful "
                    f"article: you got {o['got']} and gave {o['gave']}.")
        else:
            text = "For each person you meet, note one thing you can do for them (offer:) and log it under gave: when you do."
        return Suggestion(text, "Forget about what you can get and focus on what you can provide.",
                          f"{WHY_NOT_DELIVERING}, mistake 4 (Hitek Consulting)")
    if habit == "new-people":
        ev = _next_event(d, lambda e: e.kind not in ("coffee", "lunch", "call", "dinner"))
        where = f"At “{ev.note.title}” ({ev.date}), " if ev else "At your next event, "
        return Suggestion(where + "talk to at least one person you have never met, and note them as an attendee.",
                          "Scan the room for the people that look lost and ask them if you can help and then see what "
                          "happens.", f"{WHY_NOT_DELIVERING}, mistake 5 (Todd Pillars); {TEN_SIGNS}, signs 3–4")
    if habit == "card-stack":
        stack = [r.title for r in m.notes]
        if stack:
            text = (f"Decide a next step for {_names(stack)}: a dated follow-up, a meeting, a logged contact — "
                    "or let the card go.")
        else:
            text = f"Within {d.card_days} days of meeting someone, give them a next step or log that you were in touch."
        return Suggestion(text, "You have a stack of business cards you’ve collected in your car…on your dresser…on "
                          "your desk…in your purse…with no idea what to do with them.", f"{TEN_SIGNS}, sign 1")
    if habit == "consent":
        names = [r.title for r in m.notes]
        if names:
            text = f"Ask {_names(names)} whether they want your emails; note when and how under consent:, or take them off."
        else:
            text = "Before adding someone to your list, ask, and note when and how under consent:."
        return Suggestion(text, "You’ve added everyone you’ve met to your email list. After all, their email address "
                          "was on their card so they must want to hear from you.", f"{TEN_SIGNS}, sign 2")
    if habit == "groups":
        weak = [g for g in fig.get("groups", []) if g.get("expected") and g["attended"] < g["expected"]]
        weak.sort(key=lambda g: g["attended"] / g["expected"])
        if weak:
            g = weak[0]
            text = (f"Go to the next {g['name']} meeting, or leave the group: it meets every {g['meets']} and you "
                    f"went {g['attended']} of {g['expected']} times.")
        else:
            text = "Keep showing up: referrals come from being seen meeting after meeting."
        return Suggestion(text, "You’re wondering why you’re not getting any business referrals. After all, you "
                          "attended one meeting a month ago and told people about your business.", f"{TEN_SIGNS}, sign 7")
    if habit == "pitch":
        if m.notes:
            first = next(p for p in d.pitches if p.findings)
            fixes = []
            vague = []  # the vague words the pitch actually uses, quoted instead of a stock "anyone"
            for f in first.findings:
                fix = _PITCH_FIXES.get(f.rule)
                said = _QUOTED.search(f.message) if f.rule == "pitch-vague-client" else None
                if said and said.group(1) not in vague:
                    vague.append(said.group(1))
                if fix and fix not in fixes:
                    fixes.append(fix)
            if vague:
                fixes[fixes.index(_PITCH_FIXES["pitch-vague-client"])] = \
                    "name one kind of client instead of " + " and ".join(f"“{v}”" for v in vague)
            text = (f"Rework “{first.title}” ({first.words} words ≈ {round(first.seconds)} s for a {first.slot:g} s "
                    f"slot): {_names(fixes, 4)}; then run plainnet check \"{first.path}\".")
        elif d.pitches:
            text = "Say your pitch aloud to a timer once a week; keep it inside its slot."
        else:
            text = "Write your introduction in pitch.md: whom you help, the problem you solve, and your ask."
        return Suggestion(text, "Introduce yourself with a prepared statement that gives people enough information to "
                          "act on your behalf without putting them to sleep.", f"{WHY_NOT_DELIVERING}, mistake 2 (Forbes); "
                          f"{TEN_SIGNS}, signs 8 and 10")
    if habit == "network":
        names = [r.title for r in m.notes]
        if names:
            text = f"Get back in touch with {_names(names)} — a short note or a call is enough."
        else:
            text = "Give the people who matter a cadence: (e.g. 1m) so plainnet can tell you when to reach out."
        return Suggestion(text, "You need to work hard to ensure that you continue to build and nurture every "
                          "relationship.", f"{WHY_NOT_DELIVERING}, mistake 3")
    raise KeyError(habit)


# ---------------------------------------------------------------------------------------------
# putting it together
# ---------------------------------------------------------------------------------------------

# id, title, question, unit, better, function, has history
HABITS = (
    ("objectives", "Objectives", "Do you go to events knowing what you want from them?", "share", "higher",
     _habit_objectives, True),
    ("homework", "Homework", "Do you know what you can offer and what you need before a meeting?", "share", "higher",
     _habit_homework, True),
    ("follow-through", "Follow-through", "Do you do what you said, when you said?", "share", "higher",
     _habit_follow_through, True),
    ("reciprocity", "Reciprocity", "Do you give as much as you get?", "share", "higher", _habit_reciprocity, True),
    ("new-people", "New people", "Do you meet people you don't already know?", "share", "higher", _habit_new_people,
     True),
    ("card-stack", "Card stack", "Does everyone you meet get a next step?", "count", "lower", _habit_card_stack, True),
    ("consent", "Consent", "Did everyone on your list ask to be there?", "count", "lower", _habit_consent, False),
    ("groups", "Groups", "Do you show up to the groups you joined?", "share", "higher", _habit_groups, True),
    ("pitch", "Pitch", "Can people act on your introduction?", "count", "lower", _habit_pitch, False),
    ("network", "Network", "Are you in touch with the people you mean to be?", "share", "higher", _habit_network, True),
)
HABIT_IDS = tuple(h[0] for h in HABITS)


def _trend(unit: str, better: str, cur: Measure, prev: Measure | None, history: bool) -> Trend:
    if not history:
        return Trend(None, None, None, "the notes record only how this is now, not how it was")
    if prev is None or prev.value is None:
        return Trend(None, None, None, f"no figure for the previous period ({prev.reason if prev else 'none'})")
    if cur.value is None:
        return Trend(None, None, None, f"no figure for this period ({cur.reason})")
    delta = cur.value - prev.value
    if abs(delta) < 1e-9:
        return Trend(0 if unit == "count" else 0.0, "same", "same")
    direction = "up" if delta > 0 else "down"
    good = (delta > 0) == (better == "higher")
    return Trend(delta, direction, "better" if good else "worse")


def build_scorecard(net: Network, period: Period, *, config=None, pitches: list | None = None,
                    vault_name: str = "", months: list | None = None) -> Scorecard:
    """The scorecard of `net` for `period`, compared with the period of the same length before it.

    `pitches` are the vault's PitchFacts (see `pitch_facts`); `months` the calendar months for the
    charts and sparklines (default: those from the previous period's start to the period's end)."""
    d = _Data(net, config, pitches)
    prev = period.previous()
    months = months if months is not None else months_between(prev.start, period.end)
    rows = []
    for hid, title, question, unit, better, fn, history in HABITS:
        cur = fn(d, period)
        before = fn(d, prev) if history else None
        monthly = [(m, fn(d, m).value) for m in months] if history else []
        rows.append(Row(hid, title, question, _doc(fn), unit, better, cur, before,
                        _trend(unit, better, cur, before, history), monthly, _suggest(hid, d, cur), history))
    counts = {"contacts": len(net.people), "events": len(net.events), "groups": len(net.groups),
              "pitches": len(net.pitches)}
    message = None
    if not any(counts.values()):
        message = ("Nothing to review yet: this vault has no contacts, events, groups or pitch. Add some "
                   "(plainnet new contact \"Jane Doe\", plainnet new event …) and run plainnet review again.")
    return Scorecard(net.today, vault_name, period, prev, rows, _charts(d, months, period, prev), counts, message)


def _doc(fn) -> str:
    return " ".join((fn.__doc__ or "").split())


def _counts(d: _Data, m: Period) -> dict:
    """What the monthly charts count, over one period.

    events: events that took place; new_people: contacts whose `met` date falls in it;
    on_time/late: follow-ups due in it, classified as for follow-through (late includes still
    open past the due date; open ones not yet due are left out); given/received: dated ledger entries."""
    on_time = late = 0
    for f in d.follow_ups:
        if f.due in m:
            kind, _ = _classify(d, f)
            on_time += kind == "on_time"
            late += kind in ("late", "overdue")
    return {"events": len(d.held_in(m)), "new_people": _count_in(d.met_dates, m), "on_time": on_time, "late": late,
            "given": _count_in(d.gave_dates, m), "received": _count_in(d.got_dates, m)}


def _charts(d: _Data, months: list, period: Period, prev: Period) -> Charts:
    c = Charts(months, [], [], [], [], [], [], _counts(d, period), _counts(d, prev))
    for m in months:
        n = _counts(d, m)
        for key in ("events", "new_people", "on_time", "late", "given", "received"):
            getattr(c, key).append(n[key])
    return c


def pitch_facts(vault, net: Network) -> list[PitchFacts]:
    """Words, seconds and open statement findings of each pitch note (the vault's `pitch.md` first)."""
    from plainnet.checks.engine import per_note_findings
    from plainnet.rules.phrases import count_words, strip_markdown
    from plainnet.rules.registry import thresholds

    cfg = vault.config
    th = thresholds("pitch-length", cfg)
    wpm = _positive(th.get("wpm"), 150)
    spoken = [p for p, ev in net.events.items() if isinstance(ev.note.front_matter.get("pitch"), str)]
    # (the pitch rules are per-note: no need to run the habit rules; a bad plainnet.toml: ConfigError, exit 2)
    findings = per_note_findings(vault, [*net.pitches, *spoken], select=PITCH_STATEMENT_RULES)
    by_path: dict[str, list] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    out = []
    for path in sorted(net.pitches, key=lambda p: (p.count("/"), p != "pitch.md", p)):
        note = vault.read(path)
        words = count_words(strip_markdown(note.body or "", keep_headings=False))
        slot = _positive(note.front_matter.get("seconds"), _positive(th.get("seconds"), 30))
        out.append(PitchFacts(path, note.title, words, words * 60 / wpm, slot, by_path.pop(path, [])))
    # an event's `pitch:` text is a statement too, checked as said at that event
    for path, ev in sorted(net.events.items()):
        text = ev.note.front_matter.get("pitch")
        if isinstance(text, str) and text.strip() and "[[" not in text:
            words = count_words(strip_markdown(text, keep_headings=False))
            slot = _positive(ev.note.front_matter.get("seconds"), _positive(th.get("seconds"), 30))
            out.append(PitchFacts(path, ev.note.title, words, words * 60 / wpm, slot, by_path.pop(path, [])))
    return out


def _positive(value, default: float) -> float:
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)) and value > 0:
        return float(value)
    if isinstance(value, str):
        try:
            v = float(value.strip().rstrip("s").strip())
            return v if v > 0 else default
        except ValueError:
            return default
    return default


def review(vault, since: date | None = None, until: date | None = None) -> Scorecard:
    """The scorecard of an opened (synced) vault: what `plainnet review` shows."""
    from plainnet.network import build_network

    net = build_network(vault)
    period = default_period(vault.today, since, until)
    return build_scorecard(net, period, config=vault.config, pitches=pitch_facts(vault, net),
                           vault_name=vault.root.name)
