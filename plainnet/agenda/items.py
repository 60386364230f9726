"""What to do next: pure functions from a Network to agenda items, most urgent first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the cached agenda, the everyday path, never builds a network)
    from plainnet.network import Network

SECTIONS = ("overdue", "today", "upcoming", "homework", "dates", "stay-in-touch", "no-next-step")

#: the check rule each agenda section tells the same thing as: `plainnet_ignore: [rule]` in a
#: note silences both (the section's own name works too)
SECTION_RULES = {"overdue": "followup-overdue", "homework": "meeting-no-homework", "stay-in-touch": "stay-in-touch",
                 "no-next-step": "card-stack"}


@dataclass(slots=True)
class Item:
    section: str
    due: date | None
    what: str
    note: str  # title of the note the item lives in
    path: str
    line: int
    why: str = ""
    person: str | None = None  # name of the contact it is about
    person_path: str | None = None
    uid_key: str = ""  # stable identity for calendar exports

    def to_json(self) -> dict:
        return {"section": self.section, "due": self.due.isoformat() if self.due else None, "what": self.what,
                "note": self.note, "path": self.path, "line": self.line, "why": self.why, "person": self.person}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def follow_up_items(net: Network, days: int) -> list[Item]:
    today, horizon = net.today, net.today + timedelta(days=days)
    out = []
    seen: dict[tuple, int] = {}
    for f in net.follow_ups:
        if f.done or f.due is None:
            continue
        if f.due < today:
            section, why = "overdue", f"{_plural((today - f.due).days, 'day')} late"
        elif f.due == today:
            section, why = "today", "due today"
        elif f.due <= horizon:
            section, why = "upcoming", f"due in {_plural((f.due - today).days, 'day')}"
        else:
            section, why = "later", f"due {f.due.isoformat()}"
        person = net.people.get(f.person) if f.person else None
        if person is not None and person.archived:
            continue  # archived: off the agenda, follow-ups about them included
        key = (f.path, f.what)
        seen[key] = seen.get(key, 0) + 1
        out.append(Item(section, f.due, f.what or "(follow-up)", net.titles.get(f.path, f.path), f.path, f.line, why,
                        person.name if person else None, f.person, f"fu:{f.path}:{f.what}:{seen[key]}"))
    return out


def homework_items(net: Network, window: int) -> list[Item]:
    from plainnet.network import filled, text_list

    today, horizon = net.today, net.today + timedelta(days=window)
    out = []
    for ev in net.events.values():
        if not ev.planned or ev.date is None or not (today <= ev.date <= horizon):
            continue
        problems = []
        fm = ev.note.front_matter
        if not text_list(fm.get("objectives")):
            problems.append("no objectives")
        for a in ev.attendees:
            p = net.people[a]
            if p.archived:
                continue
            missing = [k for k in ("offer", "need") if not filled(p.note.front_matter.get(k))]
            if missing:
                problems.append(f"{p.name} has no {' or '.join(missing)}")
        if not problems:
            continue
        line = ev.note.line_of("objectives") if "no objectives" in problems[:1] and "objectives" in ev.note.fm_lines else \
            ev.note.line_of("attendees") if len(problems) > ("no objectives" in problems) else 1
        days = (ev.date - today).days
        when = "today" if days == 0 else f"in {_plural(days, 'day')}"
        person = net.people[ev.attendees[0]] if len(ev.attendees) == 1 else None
        out.append(Item("homework", ev.date, f"prepare {ev.note.title}: " + "; ".join(problems), ev.note.title,
                        ev.path, line, f"meeting {when}", person.name if person else None,
                        person.path if person else None, f"hw:{ev.path}"))
    return out


def stay_in_touch_items(net: Network, skip: set = frozenset()) -> list[Item]:
    out = []
    for p in net.people.values():
        if p.cadence is None or p.path in skip or p.archived or p.untriaged or p.snoozed(net.today):
            continue
        last = p.last_contact or p.met
        if last is None:
            continue
        due = last + p.cadence
        if due >= net.today:
            continue
        if net.planned_meetings(p.path):
            continue  # already meeting them
        since = (net.today - last).days
        what_since = "last contact" if p.last_contact else "you met"
        line = p.note.line_of("cadence") if "cadence" in p.note.fm_lines else p.note.line_of("last_contact")
        out.append(Item("stay-in-touch", due, f"get in touch with {p.name}", p.note.title, p.path, line,
                        f"{since} days since {what_since}, cadence {p.cadence_text}", p.name, p.path, f"sit:{p.path}"))
    return out


def dates_items(net: Network, days: int) -> list[Item]:
    """Birthdays and anniversaries of contacts from today to `days` ahead (archived ones left out)."""
    from plainnet.notes.yearly import describe, next_on, parse_yearly

    today, horizon = net.today, net.today + timedelta(days=days)
    out = []
    for p in net.people.values():
        if p.archived or not p.yearly:
            continue
        for kind, text, what, index in p.yearly:
            parsed = parse_yearly(text)
            if parsed is None:
                continue
            on = next_on(parsed[1], parsed[2], today)
            if on > horizon:
                continue
            n = (on - today).days
            why = "today" if n == 0 else f"in {_plural(n, 'day')}"
            line = p.note.line_of("birthday") if kind == "birthday" else p.note.line_of("anniversaries", index)
            out.append(Item("dates", on, describe(p.name, kind, text, what, on), p.note.title, p.path, line, why,
                            p.name, p.path, f"yd:{p.path}:{kind}:{index}"))
    return out


def has_next_step(net: Network, person: str) -> bool:
    return bool(net.open_follow_ups(person) or net.planned_meetings(person))


def card_stack(net: Network, days: int) -> list:
    """Contacts met more than `days` ago with no interaction since, no open follow-up, no planned meeting."""
    out = []
    for p in net.people.values():
        if p.met is None or (net.today - p.met).days <= days:
            continue
        if p.archived or p.untriaged or p.triaged or p.snoozed(net.today):
            continue  # put away, asleep, waiting in the triage pile, or decided on in triage
        if any(d > p.met for d, _ in p.interactions):
            continue
        if has_next_step(net, p.path):
            continue
        out.append(p)
    return out


def no_next_step_items(net: Network, days: int) -> list[Item]:
    out = []
    for p in card_stack(net, days):
        age = (net.today - p.met).days
        where = f" at {net.titles.get(p.met_event, '')}" if p.met_event else ""
        out.append(Item("no-next-step", None, f"decide a next step with {p.name}", p.note.title, p.path,
                        p.note.line_of("met"), f"met {age} days ago{where}; no contact since, no follow-up, no meeting",
                        p.name, p.path, f"nns:{p.path}"))
    return out


def build_agenda(net: Network, *, days: int = 7, homework_days: int = 14, card_stack_days: int = 14,
                 include_later: bool = False) -> list[Item]:
    items = follow_up_items(net, days)
    if not include_later:
        items = [i for i in items if i.section != "later"]
    cards = no_next_step_items(net, card_stack_days)
    # a contact with no next step at all is told once, as that (the more specific advice)
    items += homework_items(net, homework_days) + dates_items(net, days) + \
        stay_in_touch_items(net, {i.path for i in cards}) + cards
    items = [i for i in items if not silenced_item(net, i)]
    order = {s: i for i, s in enumerate(SECTIONS + ("later",))}
    far = date.max
    return sorted(items, key=lambda i: (order[i.section], i.due or far, i.path, i.line))


def silenced_item(net: Network, item: Item) -> bool:
    """An item whose note, or whose contact's note, says `plainnet_ignore: [its rule]` (or `all`)."""
    rule = SECTION_RULES.get(item.section, item.section)
    if item.section in ("today", "upcoming", "later"):
        return False
    for path in {item.path, item.person_path}:
        ignore = net.ignores(path)
        if ignore and (rule in ignore or item.section in ignore or "all" in ignore):
            return True
    return False


def quiet_counts(vault) -> dict:
    """Contacts the agenda leaves out and counts in one line each: snoozed ones, and those
    imported as history still waiting for `plainnet triage` (one query over the indexed facts)."""
    today = vault.today.isoformat()
    rows = vault.index.query(  # (the WHERE is the index notes_quiet's: only those contacts are read)
        "SELECT json_extract(facts, '$.snooze_until'), json_extract(facts, '$.archived'), "
        "json_extract(facts, '$.untriaged') FROM notes WHERE type = 'contact' AND "
        "(json_extract(facts, '$.snooze_until') IS NOT NULL\n    OR json_extract(facts, '$.untriaged') != 0)")
    snoozed = sum(1 for s, a, _u in rows if s and s > today and not a)
    triage = sum(1 for s, a, u in rows if u and not a and not (s and s > today))
    return {"snoozed": snoozed, "to_triage": triage}


def quiet_lines(counts: dict) -> list[str]:
    out = []
    if counts.get("to_triage"):
        n = counts["to_triage"]
        out.append(f"{n} imported contact{'s' if n != 1 else ''} to triage — plainnet triage")
    if counts.get("snoozed"):
        n = counts["snoozed"]
        out.append(f"{n} snoozed contact{'s' if n != 1 else ''} (back on the agenda when their snooze_until passes)")
    return out


def filter_items(vault, items: list[Item], *, person: str | None = None, tag: str | None = None,
                 sections: tuple = ()) -> list[Item]:
    """Items of some `sections`, about `person` (a contact's path: written in their note or about
    them) or about a contact or event with `tag` (or a tag below it)."""
    if sections:
        items = [i for i in items if i.section in sections]
    if person:
        people = {person} if isinstance(person, str) else set(person)  # several: any of them
        items = [i for i in items if i.person_path in people or i.path in people]
    if tag:
        tagged = tagged_paths(vault, tag)
        items = [i for i in items if i.person_path in tagged or i.path in tagged]
    return items


def tagged_paths(vault, tag) -> set[str]:
    """The contacts and events with `tag` (or a tag below it; several tags: any of them)."""
    import json

    from plainnet.api import has_tag

    return {p for p, tags in vault.index.query("SELECT path, tags FROM notes WHERE type IN ('contact', 'event')")
            if has_tag(json.loads(tags or "[]"), tag)}


def item_from_json(d: dict, person_path: str | None = None, uid_key: str = "") -> Item:
    """An Item from its `agenda --json` object and what the JSON leaves out (kept beside it)."""
    due = date.fromisoformat(d["due"]) if d["due"] else None
    return Item(d["section"], due, d["what"], d["note"], d["path"], d["line"], d["why"], d["person"],
                d.get("person_path", person_path), d.get("uid_key", uid_key))


def agenda_for(vault, *, days: int | None = None, person: str | None = None, tag: str | None = None,
               sections: tuple = (), include_later: bool = False) -> tuple[list[Item], "Network"]:
    """The agenda of an opened vault, computed from scratch: what `plainnet agenda` shows (and,
    with `include_later`, the follow-ups due after its window, in a "later" section)."""
    from plainnet.network import build_network

    cfg = vault.config
    net = build_network(vault)
    # `[rules.<id>] days` wins over the flat setting, as in `check` (read here without the rule registry)
    rules = cfg["rules"] or {}
    homework = (rules.get("meeting-no-homework") or {}).get("days", cfg["homework_days"])
    cards = (rules.get("card-stack") or {}).get("days", cfg["card_stack_days"])
    items = build_agenda(net, days=cfg["agenda_days"] if days is None else days, homework_days=homework,
                         card_stack_days=cards, include_later=include_later)
    person_path = vault.lookup(person) if person else None
    return filter_items(vault, items, person=person_path, tag=tag, sections=sections), net
