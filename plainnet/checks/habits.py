"""Checks that depend on today or on other notes, run over the Network at query time.

Each rule is a small function `rule(cx) -> None` that calls `cx.add(path, line, rule, message)`;
`HABIT_RULES` maps rule ids to them and `habit_findings` runs the ones asked for.

What the rules share is computed once, in linear time, by `_Cx`: open follow-ups and planned
meetings per contact. Who a follow-up is about, and that a done follow-up counts as contact, is
decided by the Network (plainnet/network.py), so the agenda and these rules agree.

Precision first: a contact whose dates plainnet could not read (a `data-date` or `data-yaml`
finding) gets no card-stack or stay-in-touch finding on top of the data error, since "nothing
since" would only repeat that the date is unreadable.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

from plainnet.notes.findings import make_finding
from plainnet.rules.registry import RULES, severity as _severity, thresholds as _thresholds
from plainnet.notes.dates import parse_cadence, try_date
from plainnet.notes.findings import Finding
from plainnet.network import _WORD, Network, filled

#: event kinds that are gatherings (so meeting only known people there is the habit of “10 Signs That You’re Doing Networking Wrong”
#: signs 3-4), as opposed to one-to-ones where meeting someone you know is the point
GATHERINGS = {"conference", "meetup", "mixer", "networking", "happy hour", "workshop", "seminar", "summit",
              "expo", "fair", "party", "reception", "drinks", "event", "panel", "talk", "webinar", "breakfast club"}


#: meetings where you chose whom to meet: knowing them already is the point, never the habit
PRIVATE = {"call", "video call", "phone", "phone call", "zoom", "1:1", "one-to-one", "coffee", "meeting"}


class _Cx:
    def __init__(self, net: Network, config, unreadable=frozenset(), scheduled_tasks=frozenset(),
                 groups_recorded: bool | None = None):
        self.net, self.config, self.today = net, config, net.today
        self.groups_recorded = groups_recorded  # whether the vault links events to groups (None: ask net)
        self.unreadable = unreadable  # contact paths whose dates could not be read
        self.scheduled_tasks = scheduled_tasks  # (path, line) of tasks with only a ⏳/🛫 date
        self.out: list[Finding] = []
        self._sev: dict[str, str] = {}
        self._card_stack: list | None = None
        typed = net.people.keys() | net.events.keys() | net.groups.keys() | net.pitches.keys()
        self.typed = typed
        # per contact: open follow-ups, dates of done ones, planned meetings (each built once)
        self.open_fu: dict[str, list] = defaultdict(list)
        self.planned: dict[str, list] = defaultdict(list)
        # who a follow-up is about, as the network decided it (note, only attendee, link, or name)
        self.about: dict[int, str | None] = {id(f): f.person for f in net.follow_ups}
        for f in net.follow_ups:
            if f.person is not None and not f.done:
                self.open_fu[f.person].append(f)
        for ev in net.events.values():
            if ev.planned:
                for a in ev.attendees:
                    self.planned[a].append(ev)

    def severity(self, rule: str) -> str:
        if rule not in self._sev:
            try:
                self._sev[rule] = _severity(rule, self.config)
            except ValueError:  # reported by the engine as a configuration error
                self._sev[rule] = RULES[rule].severity
        return self._sev[rule]

    def thresholds(self, rule: str) -> dict:
        return _thresholds(rule, self.config)

    def add(self, path: str, line: int, rule: str, message: str) -> None:
        self.out.append(make_finding(path, line, rule, message, self.severity(rule), 1))

    def card_stack(self) -> list:
        """Contacts met more than `days` ago with no interaction since, no open follow-up and no planned meeting."""
        if self._card_stack is None:
            days = int(self.thresholds("card-stack").get("days", 14))
            out = []
            for p in self.net.people.values():
                met = p.met
                if met is None or (self.today - met).days <= days or p.path in self.unreadable:
                    continue
                if p.archived or p.untriaged or p.triaged or p.snoozed(self.today):
                    continue
                if self.open_fu.get(p.path) or self.planned.get(p.path):
                    continue
                last = p.last_contact  # done follow-ups count as contact (network)
                if last is not None and last > met:
                    continue
                out.append(p)
            self._card_stack = out
        return self._card_stack


def _has(note, key) -> bool:
    """Whether a front-matter key is filled in, from the note's indexed facts when they say (no
    JSON decode of the whole front matter)."""
    facts = getattr(note, "facts", None)
    if isinstance(facts, dict) and isinstance(facts.get(key), bool):
        return facts[key]
    return filled(note.front_matter.get(key))


# ---------------------------------------------------------------- the rules


def followup_overdue(cx: _Cx) -> None:
    grace = timedelta(days=int(cx.thresholds("followup-overdue").get("grace_days", 0)))
    for f in cx.net.follow_ups:
        if f.path in cx.typed and not f.done and f.due and f.due + grace < cx.today and not cx.net.archived(f.person):
            days = (cx.today - f.due).days
            cx.add(f.path, f.line, "followup-overdue", f"follow-up {f.what!r} was due {f.due} ({days} day"
                   f"{'s' if days != 1 else ''} ago): do it, or give it a new date")


def promise_untracked(cx: _Cx) -> None:
    """Undated open tasks in the note of an event that has happened (or has no date): a promise
    made there that will never reach the agenda. Tasks in a planned event are its preparation.
    (Spoken promises in the text are checked per note, in local.py.)"""
    for f in cx.net.follow_ups:
        if f.due is not None or f.done or f.source != "task" or (f.path, f.line) in cx.scheduled_tasks:
            continue
        ev = cx.net.events.get(f.path)
        if ev is None or ev.planned or getattr(ev, "cancelled", False):
            continue
        cx.add(f.path, f.line, "promise-untracked",
               "undated promise: give this task a due date (📅 YYYY-MM-DD) so it reaches your agenda")


def card_stack(cx: _Cx) -> None:
    for p in cx.card_stack():
        where = f" at {cx.net.titles.get(p.met_event, '')}" if p.met_event else ""
        cx.add(p.path, p.note.line_of("met"), "card-stack", f"met {(cx.today - p.met).days} days ago{where} and "
               "nothing since: add a follow-up, an offer/need, or log the contact you had")


def meeting_no_homework(cx: _Cx) -> None:
    days = int(cx.thresholds("meeting-no-homework").get("days", 14))
    horizon = cx.today + timedelta(days=days)
    for ev in cx.net.events.values():
        if not ev.planned or ev.date is None or not (cx.today <= ev.date <= horizon):
            continue
        missing = []
        for a in ev.attendees:
            p = cx.net.people[a]
            if p.archived:
                continue
            lack = [k for k in ("offer", "need") if not _has(p.note, k)]
            if lack:
                missing.append(f"{p.name} (no {' or '.join(lack)})")
        if missing:
            cx.add(ev.path, ev.note.line_of("attendees"), "meeting-no-homework",
                   f"meeting on {ev.date} and no homework on {_some(missing)}: write down what you can "
                   "offer them (`offer:`) and what you need from them (`need:`) in their notes")


def stay_in_touch(cx: _Cx) -> None:
    skip = {p.path for p in cx.card_stack()}
    for p in cx.net.people.values():
        if p.cadence is None or p.path in skip or p.path in cx.unreadable:
            continue
        if p.archived or p.untriaged or p.snoozed(cx.today):
            continue
        touched = p.last_contact
        last = touched or p.met
        if last is None or last + p.cadence >= cx.today or cx.planned.get(p.path):
            continue
        since = (cx.today - last).days
        what = "last contact" if touched else "you met"
        line = p.note.line_of("cadence") if "cadence" in p.note.fm_lines else p.note.line_of("last_contact")
        cx.add(p.path, line, "stay-in-touch", f"{since} days since {what}, cadence {p.cadence_text}: get in touch")


def only_known_people(cx: _Cx) -> None:
    """A past gathering where everyone you noted you had met before. Calls, coffees and meetings
    (PRIVATE) and one-to-ones (one attendee, not at a conference, meetup or group meeting) are
    skipped: there, knowing the person is the point. An attendee without a note may be someone
    new, so that event is not judged either."""
    want = float(cx.thresholds("only-known-people").get("min_new_people", 1))
    for ev in cx.net.events.values():
        if ev.planned or ev.date is None or ev.date > cx.today or not ev.attendees or ev.unresolved:
            continue
        if getattr(ev, "cancelled", False):
            continue
        if ev.kind in PRIVATE or (len(ev.attendees) == 1 and not ev.group and ev.kind not in GATHERINGS):
            continue
        new = sum(1 for a in ev.attendees if not _known_before(cx.net, a, ev))
        if new < want:
            if new == 0:
                names = _some([cx.net.people[a].name for a in ev.attendees])
                text = f"everyone you noted at this event you already knew ({names}): next time meet someone new"
            else:
                text = (f"you met {new} new {'person' if new == 1 else 'people'} at this event, fewer than the "
                        f"{want} you aim for: next time meet someone new")
            cx.add(ev.path, ev.note.line_of("attendees"), "only-known-people", text)


def _some(names: list, n: int = 5) -> str:
    """At most n names, then how many more."""
    return ", ".join(names[:n]) + (f" and {len(names) - n} more" if len(names) > n else "")


def _known_before(net: Network, person: str, ev) -> bool:
    p = net.people[person]
    if p.met is not None:
        return p.met < ev.date
    return any(d < ev.date for d, _ in p.interactions)


def social_only_followup(cx: _Cx) -> None:
    """A contact whose open follow-ups (wherever written) are all friend or connection requests,
    reported where the first one is written; and an event whose open follow-ups are all such
    requests, some about no one in particular ("friend requests to everyone from tonight")."""
    from plainnet.rules.phrases import find_phrases

    phrases = _words(cx.config).friend_request_phrases
    maybe = _prefilter(phrases)
    social: dict[int, bool] = {}

    def is_social(f) -> bool:
        if id(f) not in social:
            social[id(f)] = bool(maybe(f.what) and find_phrases(f.what, phrases))
        return social[id(f)]

    seen = set()
    for person, fus in cx.open_fu.items():
        fus = [f for f in fus if f.what]
        if fus and all(is_social(f) for f in fus):
            f = min(fus, key=lambda f: (f.path != person, f.path, f.line))
            seen.add((f.path, f.line))
            name = cx.net.people[person].name
            cx.add(f.path, f.line, "social-only-followup",
                   f"the only next step with {name} is a friend or connection request: add a real follow-up "
                   "(a call, a coffee, something to send)")
    by_event: dict[str, list] = defaultdict(list)
    for f in cx.net.follow_ups:
        if not f.done and f.what and f.path in cx.net.events:
            by_event[f.path].append(f)
    for path, fus in by_event.items():
        # every follow-up written at this event is a friend request, some are about no one in
        # particular (the rest are reported on their contact), and none is about someone who has
        # a real next step elsewhere
        if any(cx.about.get(id(f)) is None for f in fus) and all(is_social(f) for f in fus) and all(
                cx.about.get(id(f)) is None or all(is_social(g) for g in cx.open_fu[cx.about[id(f)]] if g.what)
                for f in fus):
            f = min(fus, key=lambda f: f.line)
            if (f.path, f.line) not in seen:
                cx.add(f.path, f.line, "social-only-followup",
                       "the only follow-ups from this event are friend or connection requests: plan a real "
                       "next step with the people you met (a call, a coffee, something to send)")


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


def _prefilter(phrases):
    """A cheap test a text must pass before the phrase matcher can find anything in it: one
    regex over the longest literal word of each phrase. (Wildcards and gaps are left out; a phrase
    with no literal word disables the shortcut.)"""
    anchors = set()
    for ph in phrases:
        words = [w for tok in _fold(ph).split() if not tok.endswith("*") and tok != "\u2026"
                 for w in _WORD.findall(tok)]
        if not words:
            return lambda text: True
        anchors.add(max(words, key=len))
    rx = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, anchors), key=len, reverse=True)) + r")(?!\w)")
    return lambda text: rx.search(_fold(text)) is not None


def _words(config):
    from plainnet.rules.wordlists import WordListError, load_wordlists

    wl = config["wordlists"] if config is not None else {}
    try:
        return load_wordlists(wl.get("extend") or None, wl.get("remove") or None)
    except WordListError:
        return load_wordlists()


def group_lapsed(cx: _Cx) -> None:
    """A group attended fewer than `min_attended` times since joining, or not for longer than
    `factor` times its `meets` interval. Attendance is the vault's events with `group:` links, so a
    vault that never links an event to a group is not judged (it does not record attendance)."""
    attended: dict[str, list] = defaultdict(list)
    recorded = False
    for e in cx.net.events.values():
        if e.group in cx.net.groups:
            recorded = True
            if e.date and e.date <= cx.today and not e.planned and not getattr(e, "cancelled", False):
                attended[e.group].append(e.date)
    if cx.groups_recorded is not None:  # a network of part of the vault: the vault's answer
        recorded = cx.groups_recorded
    if not recorded:
        return
    th = cx.thresholds("group-lapsed")
    min_attended, factor = int(th.get("min_attended", 2)), float(th.get("factor", 2))
    for path, g in cx.net.groups.items():
        fm = g.front_matter
        meets = parse_cadence(fm.get("meets"))
        joined = try_date(fm.get("joined"))
        dates = sorted(attended.get(path, ()))
        if joined is None and not dates:
            continue
        start = joined or dates[0]
        since = [d for d in dates if d >= start]
        window = (meets or timedelta(days=30)) * factor
        if cx.today - start <= window:
            continue  # too new to judge
        if len(since) < min_attended:
            cx.add(path, g.line_of("joined") if "joined" in g.fm_lines else 1, "group-lapsed",
                   f"attended {len(since)} time{'s' if len(since) != 1 else ''} since joining on {start}: "
                   "go regularly or leave; referrals come from being seen")
        elif meets and cx.today - since[-1] > meets * factor:
            cx.add(path, g.line_of("meets"), "group-lapsed",
                   f"last attended {since[-1]} ({(cx.today - since[-1]).days} days ago) though it meets every "
                   f"{fm.get('meets')}: go again or leave")


HABIT_RULES = {
    "followup-overdue": followup_overdue,
    "promise-untracked": promise_untracked,
    "card-stack": card_stack,
    "meeting-no-homework": meeting_no_homework,
    "stay-in-touch": stay_in_touch,
    "only-known-people": only_known_people,
    "social-only-followup": social_only_followup,
    "group-lapsed": group_lapsed,
}


def habit_findings(net: Network, config, *, rules=None, unreadable=frozenset(),
                   scheduled_tasks=frozenset(), groups_recorded: bool | None = None) -> list[Finding]:
    """Findings of the query-time rules (`rules`: the ids to run, default all) over a Network.

    `unreadable`: contact paths whose dates could not be read; `scheduled_tasks`: (path, line) of
    open tasks that have a scheduled or start date but no due date (not undated promises);
    `groups_recorded`: whether the whole vault links events to groups, for a network of part of it
    (None: the network's own events decide)."""
    cx = _Cx(net, config, unreadable, scheduled_tasks, groups_recorded)
    for rule_id, fn in HABIT_RULES.items():
        if rules is None or rule_id in rules:
            fn(cx)
    return cx.out
