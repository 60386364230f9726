"""The front-matter fields plainnet reads that take a value from a fixed set, checked at parse time.

Each value plainnet cannot use becomes a finding at its line (never a silent default):
`data-cadence` for a contact's `cadence:` and a group's `meets:`, `data-value` for an event's
`status:` and `kind:`, a pitch's `seconds:`, a contact's `mailing_list:`, a follow-up's `done:`,
and a `type:` that looks like a misspelt note type. Pure: a parsed note in, findings added to it.
"""
from __future__ import annotations

import re

from plainnet.notes.dates import cadence_error

EVENT_STATUSES = ("planned", "done", "cancelled", "canceled")
#: every kind a check reads (one-to-ones, private meetings, gatherings; see checks/habits.py and
#: network.ONE_TO_ONE, which a test keeps inside this set)
EVENT_KINDS = (
    "coffee", "lunch", "breakfast", "dinner", "drinks", "call", "video call", "phone", "phone call", "zoom",
    "1:1", "one-to-one", "meeting",
    "conference", "meetup", "mixer", "networking", "happy hour", "workshop", "seminar", "summit", "expo",
    "fair", "party", "reception", "event", "panel", "talk", "webinar", "breakfast club",
)
_YES = {"true", "yes", "y", "on", "1"}
_NO = {"false", "no", "n", "off", "0", "none"}
_SECONDS = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds)?\s*", re.I)
_TYPES = ("contact", "event", "group", "pitch")
#: list fields the rules read, and what one entry looks like
_LISTS = {"follow_ups": "{due, what, done}", "gave": "{date, what} or a text", "got": "{date, what} or a text"}


def _line(note, key: str, index: int | None = None) -> int:
    return note.line_of(key, index) if key in note.fm_lines else 1


def _near(value: str, choices) -> str:
    import difflib

    near = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


def flag(value) -> bool | None:
    """True/False for a yes-or-no field (YAML booleans, yes/no, on/off, 1/0), None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    return None


def seconds_value(value) -> float | None:
    """A pitch slot in seconds (`45`, `45s`, `45 seconds`), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        m = _SECONDS.fullmatch(value)
        if m and float(m.group(1)) > 0:
            return float(m.group(1))
    return None


def _type(note) -> None:
    t = note.front_matter.get("type")
    if not isinstance(t, str) or t.strip().lower() in _TYPES:
        return
    import difflib

    near = difflib.get_close_matches(t.strip().lower(), _TYPES, n=1, cutoff=0.75)
    if near:
        note.add(_line(note, "type"), "data-value",
                 f"type: {t!r} is not a plainnet note type, so this note is read as an ordinary note; "
                 f"did you mean {near[0]!r}? (the types are {', '.join(_TYPES)})", "warning")


def _cadence(note, key: str) -> None:
    fm = note.front_matter
    if key in fm:
        problem = cadence_error(fm[key])
        if problem:
            what = "stay in touch is off for this contact" if key == "cadence" else "its meetings are not counted"
            note.add(_line(note, key), "data-cadence", f"{key}: {problem} ({what} until it is fixed)")


def _event(note) -> None:
    fm = note.front_matter
    status = fm.get("status")
    if status not in (None, ""):
        s = str(status).strip().lower()
        if s not in EVENT_STATUSES:
            note.add(_line(note, "status"), "data-value",
                     f"status: {status!r} is not an event status plainnet knows (use planned, done or cancelled)"
                     f"{_near(s, EVENT_STATUSES)}; until then the date decides whether it is planned", "warning")
    kind = fm.get("kind")
    if kind not in (None, ""):
        k = str(kind).strip().lower()
        if not isinstance(kind, str) or k not in EVENT_KINDS:
            note.add(_line(note, "kind"), "data-value",
                     f"kind: {kind!r} is not a kind plainnet knows{_near(k, EVENT_KINDS)} (one-to-ones: coffee, "
                     "lunch, breakfast, dinner, call, meeting…; gatherings: conference, meetup, workshop, talk…); "
                     "the checks that depend on the kind of meeting cannot judge it", "warning")


def _seconds(note) -> None:
    fm = note.front_matter
    value = fm.get("seconds")
    if value not in (None, "") and seconds_value(value) is None:
        note.add(_line(note, "seconds"), "data-value",
                 f"seconds: {value!r} is not a time slot (use a number of seconds above 0, e.g. 30 or 45s); "
                 "the default slot is used", "warning")


def _contact(note) -> None:
    fm = note.front_matter
    met = fm.get("met")
    if isinstance(met, str) and met.strip() and "[[" not in met and not met.lstrip()[:1].isdigit():
        note.add(_line(note, "met"), "data-value",
                 f"met: {met!r} is neither a date nor a link to the event, so plainnet cannot tell when you met "
                 "(write `met: YYYY-MM-DD` or `met: \"[[Event note]]\"`; keep the words in the body)", "warning")
    value = fm.get("mailing_list")
    if value not in (None, "") and flag(value) is None:
        note.add(_line(note, "mailing_list"), "data-value",
                 f"mailing_list: {value!r} is not yes or no (use true or false); it is read as true", "warning")


def _follow_ups(note) -> None:
    from plainnet.notes.dates import try_date

    items = note.front_matter.get("follow_ups")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and "done" in item:
            done = item["done"]
            if done in (None, "") or flag(done) is not None or try_date(done) is not None:
                continue
            note.add(_line(note, "follow_ups", i), "data-value",
                     f"follow_ups[{i + 1}].done: {done!r} is not true, false or a date; it is read as done",
                     "warning")


def _shapes(note) -> None:
    """List fields given as something else (`follow_ups: call Bob`), which the rules would skip."""
    fm = note.front_matter
    for key, entry in _LISTS.items():
        value = fm.get(key)
        if value not in (None, "") and not isinstance(value, list):
            note.add(_line(note, key), "data-value",
                     f"{key}: must be a list (each item {entry}), got {value!r}; it is not read", "warning")


def _tags(note) -> None:
    for key in ("tags", "tag"):
        value = note.front_matter.get(key)
        if isinstance(value, str) and "," in value:
            note.add(_line(note, key), "data-value",
                     f"{key}: {value!r} is one text with commas, which Obsidian and plainnet read as no tags; "
                     f"write a list: {key}: [{', '.join(t.strip().lstrip('#') for t in value.split(',') if t.strip())}]",
                     "warning")


def _ignored_rules(note) -> None:
    """`plainnet_ignore:` ids that are no rule: the rule meant is not silenced."""
    value = note.front_matter.get("plainnet_ignore")
    if not value:
        return
    from plainnet.rules.registry import RULES

    items = value if isinstance(value, list) else [value]
    ids = [x for item in items if isinstance(item, str) for x in re.split(r"[\s,]+", item) if x]
    for rule in ids:
        if rule != "all" and rule not in RULES:
            note.add(_line(note, "plainnet_ignore"), "data-value",
                     f"plainnet_ignore: {rule!r} is not a rule, so it silences nothing{_near(rule, RULES)}",
                     "warning")


def check_values(note) -> None:
    """Add a finding for each value of a field plainnet reads that it cannot use."""
    _type(note)
    _tags(note)
    _ignored_rules(note)
    if note.type == "contact":
        _cadence(note, "cadence")
        _contact(note)
    elif note.type == "group":
        _cadence(note, "meets")
    elif note.type == "event":
        _event(note)
    if note.type in ("pitch", "event"):
        _seconds(note)
    if note.type in _TYPES:
        _follow_ups(note)
        _shapes(note)
