"""Per-note checks: they need only the note and the vault's settings, so the index caches them.

Habit rules apply only to plainnet's types (contact, event, group, pitch): an ordinary note never
gets a habit finding. Checks that depend on today or on other notes live in habits.py.
"""
from __future__ import annotations

import re

from plainnet.checks.rules import severity, thresholds
from plainnet.checks.wordlists import load_wordlists
from plainnet.findings import Finding
from plainnet.network import ONE_TO_ONE, filled, text_list
from plainnet.note import NOTE_TYPES, Note

_PITCHY = re.compile(r"\b(pitch(?:es|ing)?|sell(?:ing)?|sales|close (?:the|a) deal|demo my|practi[sc]e my)\b", re.I)
_FRIENDS = re.compile(r"\b(friends?|mates|buddies|co-?workers?|colleagues|people i know|everyone i know)\b", re.I)
_FALSE = {"false", "no", "0", "off", "none", "n"}


def _words(config):
    wl = config["wordlists"] if config is not None else {}
    return load_wordlists(wl.get("extend") or None, wl.get("remove") or None)


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE and bool(value.strip())
    return bool(value)


def _open_dated(note: Note) -> bool:
    for item in note.front_matter.get("follow_ups") or []:
        if isinstance(item, dict) and item.get("due") and not _truthy(item.get("done")):
            return True
    return any(t.is_open and t.due for t in note.tasks)


def _open_follow_up_texts(note: Note) -> list[str]:
    out = []
    for item in note.front_matter.get("follow_ups") or []:
        if isinstance(item, dict) and not _truthy(item.get("done")):
            out.append(str(item.get("what") or ""))
        elif isinstance(item, str):
            out.append(item)
    out += [t.text for t in note.tasks if t.is_open]
    return [t for t in out if t.strip()]


def local_findings(note: Note, config) -> list[Finding]:
    if note.type not in NOTE_TYPES or not note.yaml_ok:
        return []
    words = _words(config)
    out: list[Finding] = []
    fm = note.front_matter
    p = note.path

    def add(line, rule, message, col=1):
        out.append(Finding(p, line, rule, message, severity(rule, config), col))

    if note.type == "pitch" or (note.type == "event" and isinstance(fm.get("pitch"), str)
                                and fm["pitch"].strip() and "[[" not in fm["pitch"]):
        from plainnet.checks.pitch import check_pitch

        if note.type == "pitch":
            text, first = note.body, note.body_line
            pfm, plines = fm, note.fm_lines
        else:  # an event's pitch text, checked as said at that event
            text, first = fm["pitch"], note.line_of("pitch")
            pfm, plines = {"seconds": fm.get("seconds")}, {}
        cfg = {**thresholds("pitch-length", config), **thresholds("pitch-sentence", config)}
        for f in check_pitch(p, text, first, pfm, plines, cfg, words):
            out.append(Finding(f.path, f.line, f.rule, f.message, severity(f.rule, config), f.column))

    if note.type == "event":
        if not text_list(fm.get("objectives")):
            add(note.line_of("objectives") if "objectives" in note.fm_lines else 1, "event-no-objectives",
                "this event has no objectives: add `objectives:` with what you want to come away with "
                "(who to meet, what to learn, what to offer)")
        kind = str(fm.get("kind") or "").strip().lower()
        if kind in ONE_TO_ONE:
            for i, obj in enumerate(text_list(fm.get("objectives"))):
                m = _PITCHY.search(obj)
                if m:
                    add(note.line_of("objectives", i), "pitch-meeting",
                        f"a {kind} is for getting to know the other person, not for selling or practising a pitch "
                        f"(objective: {obj!r}); make the objective about them")
                    break
        # undated open tasks in an event note are promises nobody will be reminded of
        for t in note.tasks:
            if t.is_open and not t.due:
                add(t.line, "promise-untracked", "undated promise: give this task a due date (📅 YYYY-MM-DD) "
                    "so it reaches your agenda")

    if note.type in ("contact", "event"):
        if not _open_dated(note):
            from plainnet.checks.pitch import find_phrases

            task_lines = {t.line for t in note.tasks}
            for hit in find_phrases(note.body, words.promise_phrases, note.body_line):
                if hit.line in task_lines:
                    continue
                add(hit.line, "promise-untracked", f"“{hit.phrase}” is a promise with no dated follow-up in this note: "
                    "add `- [ ] … 📅 YYYY-MM-DD` or a follow_ups entry", hit.col)
                break

    if note.type == "contact":
        if _truthy(fm.get("mailing_list")) and not _truthy(fm.get("consent")):
            add(note.line_of("mailing_list"), "list-without-consent",
                "on your mailing list without recorded consent: ask first, then note when and how in `consent:`")
        gave, got = _count(fm.get("gave")), _count(fm.get("got"))
        th = thresholds("one-sided", config)
        min_got, ratio = float(th.get("min_got", 3)), float(th.get("ratio", 3))
        if got >= min_got and gave < got / ratio:
            add(note.line_of("got"), "one-sided", f"you got {got} things from {note.title} and gave {gave}: "
                "find something to give (an introduction, a referral, a useful article)")
        texts = _open_follow_up_texts(note)
        if texts:
            from plainnet.checks.pitch import find_phrases

            social = [t for t in texts if find_phrases(t, words.friend_request_phrases)]
            if len(social) == len(texts):
                add(note.line_of("follow_ups") if "follow_ups" in note.fm_lines else 1, "social-only-followup",
                    "the only next step is a friend or connection request: add a real follow-up "
                    "(a call, a coffee, something to send)")

    if note.type == "group":
        if not (filled(fm.get("purpose")) or text_list(fm.get("objectives"))):
            add(note.line_of("purpose") if "purpose" in note.fm_lines else 1, "group-no-purpose",
                "this group has no `purpose:` or `objectives:`: write down what you want from it, or leave it")
        why = fm.get("why_joined")
        if isinstance(why, str) and _FRIENDS.search(why):
            add(note.line_of("why_joined"), "group-no-purpose",
                f"joined because {why.strip()!r}: groups joined for friends rarely bring new contacts; "
                "give it a purpose of its own")
    return out


def _count(value) -> int:
    return len(value) if isinstance(value, list) else 0
