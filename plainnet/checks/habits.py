"""Checks that depend on today or on other notes, run over the Network at query time."""
from __future__ import annotations

from datetime import timedelta

from plainnet.agenda import card_stack, homework_items, stay_in_touch_items
from plainnet.checks.rules import severity, thresholds
from plainnet.dates import parse_cadence, try_date
from plainnet.findings import Finding
from plainnet.network import Network, filled


def habit_findings(net: Network, config) -> list[Finding]:
    out: list[Finding] = []
    today = net.today

    def add(path, line, rule, message):
        out.append(Finding(path, line, rule, message, severity(rule, config)))

    typed = set(net.people) | set(net.events) | set(net.groups) | set(net.pitches)
    for f in net.follow_ups:
        if f.path in typed and not f.done and f.due and f.due < today:
            days = (today - f.due).days
            add(f.path, f.line, "followup-overdue", f"follow-up {f.what!r} was due {f.due} ({days} day"
                f"{'s' if days != 1 else ''} ago): do it, or give it a new date")

    cs_days = int(thresholds("card-stack", config).get("days", 14))
    for p in card_stack(net, cs_days):
        add(p.path, p.note.line_of("met"), "card-stack", f"met {(today - p.met).days} days ago and nothing since: "
            "add a follow-up, an offer/need, or log the contact you had")

    hw_days = int(thresholds("meeting-no-homework", config).get("days", 14))
    for item in homework_items(net, hw_days):
        ev = net.events[item.path]
        missing = [net.people[a].name for a in ev.attendees
                   if not (filled(net.people[a].note.front_matter.get("offer"))
                           and filled(net.people[a].note.front_matter.get("need")))]
        if missing:
            add(ev.path, ev.note.line_of("attendees"), "meeting-no-homework",
                f"meeting on {ev.date} and no homework on {', '.join(missing)}: write down what you can offer "
                "them (`offer:`) and what you need (`need:`)")

    for item in stay_in_touch_items(net, {p.path for p in card_stack(net, cs_days)}):
        add(item.path, item.line, "stay-in-touch", f"{item.why}: get in touch")

    # only-known-people: a past event where everyone noted had been met before it
    for ev in net.events.values():
        if ev.planned or ev.date is None or ev.date > today or not ev.attendees:
            continue
        if all(_known_before(net, a, ev) for a in ev.attendees):
            names = ", ".join(net.people[a].name for a in ev.attendees)
            add(ev.path, ev.note.line_of("attendees"), "only-known-people",
                f"everyone you noted at this event you already knew ({names}): next time meet someone new")

    # group-lapsed
    for path, g in net.groups.items():
        fm = g.front_matter
        meets = parse_cadence(fm.get("meets"))
        joined = try_date(fm.get("joined"))
        attended = sorted(e.date for e in net.events.values()
                          if e.group == path and e.date and e.date <= today and not e.planned)
        if joined is None and not attended:
            continue
        start = joined or attended[0]
        since = [d for d in attended if d >= start]
        grace = (meets or timedelta(days=30)) * 2
        if today - start <= grace:
            continue  # too new to judge
        if len(since) <= 1:
            add(path, g.line_of("joined") if "joined" in g.fm_lines else 1, "group-lapsed",
                f"attended {len(since)} time{'s' if len(since) != 1 else ''} since joining on {start}: "
                "go regularly or leave; referrals come from being seen")
        elif meets and today - since[-1] > meets * 2:
            add(path, g.line_of("meets"), "group-lapsed",
                f"last attended {since[-1]} ({(today - since[-1]).days} days ago) though it meets every "
                f"{fm.get('meets')}: go again or leave")
    return out


def _known_before(net: Network, person: str, ev) -> bool:
    p = net.people[person]
    if p.met is not None:
        return p.met < ev.date
    return any(d < ev.date for d, _ in p.interactions)
