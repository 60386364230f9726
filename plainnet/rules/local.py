"""Per-note checks: they need only the note and the vault's settings, so the index caches them.

Habit rules apply only to plainnet's types (contact, event, group, pitch): an ordinary note never
gets a habit finding. Checks that depend on today or on other notes live in habits.py.

Rules here: the pitch-* rules (delegated to pitch.py), event-no-objectives, pitch-meeting,
promise-untracked (spoken promises in the text), list-without-consent, one-sided and
group-no-purpose. Each one is a small function `(note, cx) -> None` that calls `cx.add`.
"""
from __future__ import annotations

import re

from plainnet.rules.registry import RULES, severity as _severity, thresholds as _thresholds
from plainnet.rules.wordlists import WordListError, load_wordlists
from plainnet.notes.findings import Finding
from plainnet.network import ONE_TO_ONE, filled, text_list
from plainnet.notes.parse import NOTE_TYPES, Note

#: an objective that is about selling to or pitching at the person you meet. Imperative verbs at
#: the start ("pitch our retainer", "sell her the workshop"), "my/our (new, sales) pitch" anywhere,
#: and a few fixed phrases. Not "learn about her sales team" or "hear his pitch".
_PITCHY = re.compile(
    r"^\s*(?:to\s+)?(?:pitch|sell|upsell|cross-sell|demo)\b"
    r"|\b(?:my|our)\s+(?:(?:new|sales|elevator|updated|revised|latest)\s+)*pitch\b"
    r"|\bsales\s+pitch\b"
    r"|\b(?:pitch|pitching|sell|selling|upsell|upselling)\s+(?:(?:him|her|them|my|our|the|a|an)\b|\w+\s+on\b)"
    r"|\b(?:try|trying|test|testing|practi[sc]e|practi[sc]ing|rehearse|rehearsing)\s+(?:out\s+)?(?:my|our|a|the)\s+"
    r"(?:(?:new|sales|elevator)\s+)*(?:pitch|sales|offer|spiel)\b"
    r"|\bclos(?:e|ing)\s+(?:the|a)\s+(?:deal|sale)\b"
    r"|\bsign\s+(?:him|her|them)\s+up\b",
    re.I,
)
#: why_joined reasons that are about company, not purpose (“10 Signs That You’re Doing Networking Wrong”, sign 6)
_FRIENDS = re.compile(r"\b(friends?|mates|buddies|pals|co-?workers?|colleagues?|people i know|everyone i know|"
                      r"(?:sounds?|seemed|looked) (?:like )?fun|for fun|it'?s fun)\b", re.I)
_FALSE = {"false", "no", "0", "off", "none", "n", ""}
_CANCELLED = {"cancelled", "canceled"}
#: `consent:` values that record no consent yet (anything else is read as how and when they agreed)
_NO_CONSENT = _FALSE | {"pending", "asked", "not yet", "unknown", "tbd", "maybe", "?", "waiting", "requested",
                        "not asked", "declined", "refused", "withdrawn", "unsubscribed"}


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE
    return bool(value)


class Settings:
    """What the per-note rules read from the vault's settings: its word lists, and each rule's
    thresholds and severity, worked out on first use and kept (they walk the config's tables, which
    cost more than most rules). For one config, which nothing changes while it is in use."""

    def __init__(self, config):
        self.config = config
        wl = config["wordlists"] if config is not None else {}
        try:
            self.words = load_wordlists(wl.get("extend") or None, wl.get("remove") or None)
        except WordListError:  # reported by the engine as a configuration error (exit 2)
            self.words = load_wordlists()
        self._severity: dict[str, str] = {}
        self._thresholds: dict[str, dict] = {}

    def severity(self, rule: str) -> str:
        value = self._severity.get(rule)
        if value is None:
            try:
                value = _severity(rule, self.config)
            except ValueError:  # a bad `severity =` is reported by the engine (exit 2)
                value = RULES[rule].severity
            self._severity[rule] = value
        return value

    def thresholds(self, rule: str) -> dict:
        """The rule's thresholds (shared: read them, do not change them)."""
        value = self._thresholds.get(rule)
        if value is None:
            value = self._thresholds[rule] = _thresholds(rule, self.config)
        return value


class _Cx:
    """What every per-note rule needs: the note, its findings, the vault's lists and settings."""

    def __init__(self, note: Note, settings: Settings):
        self.note, self.settings, self.out = note, settings, []
        self.words = settings.words
        self.thresholds = settings.thresholds

    def add(self, line: int, rule: str, message: str, col: int = 1) -> None:
        self.out.append(Finding(self.note.path, line, rule, message, self.settings.severity(rule), col))

    def key_line(self, key: str, index: int | None = None) -> int:
        """The line of a front-matter key (or of one of its list items); 1 when the key is absent."""
        return self.note.line_of(key, index) if key in self.note.fm_lines else 1


def _has_open_dated(note: Note) -> bool:
    for item in note.front_matter.get("follow_ups") or []:
        if isinstance(item, dict) and item.get("due") and not _truthy(item.get("done")):
            return True
    return any(t.is_open and t.due for t in note.tasks)


# ---------------------------------------------------------------- the rules


def pitch_statement(note: Note) -> tuple[str, int, dict, dict] | None:
    """(text, first line, front matter, key lines) of the pitch a note holds: a pitch note's body,
    or an event's own `pitch:` text; None for other notes (a linked pitch is read in its note)."""
    fm = note.front_matter
    if note.type == "pitch":
        return note.body or "", note.body_line, fm, note.fm_lines
    if note.type == "event" and isinstance(fm.get("pitch"), str) and fm["pitch"].strip() \
            and "[[" not in fm["pitch"]:
        return fm["pitch"], note.line_of("pitch"), {"seconds": fm.get("seconds")}, {}
    return None


def _pitch(note: Note, cx: _Cx) -> None:
    """pitch-*: a pitch note's body, or an event's `pitch:` text (a link to a pitch note is checked there)."""
    from plainnet.rules.pitch import check_pitch

    text, first, pfm, plines = pitch_statement(note)
    cfg = {**cx.thresholds("pitch-length"), **cx.thresholds("pitch-sentence")}
    for f in check_pitch(note.path, text, first, pfm, plines, cfg, cx.words):
        cx.add(f.line, f.rule, f.message, f.column)


def _event_no_objectives(note: Note, cx: _Cx) -> None:
    fm = note.front_matter
    if str(fm.get("status") or "").strip().lower() in _CANCELLED:
        return  # a cancelled meeting needs no objectives
    need = int(cx.thresholds("event-no-objectives").get("min_objectives", 1))
    have = len(text_list(fm.get("objectives")))
    if have < need:
        what = "no objectives" if have == 0 else f"{have} objective{'s' if have != 1 else ''} (at least {need} wanted)"
        cx.add(cx.key_line("objectives"), "event-no-objectives",
               f"this event has {what}: add `objectives:` with what you want to come away with "
               "(who to meet, what to learn, what to offer)")


def _pitch_meeting(note: Note, cx: _Cx) -> None:
    fm = note.front_matter
    kind = str(fm.get("kind") or "").strip().lower()
    if kind not in ONE_TO_ONE:
        return
    for i, obj in enumerate(text_list(fm.get("objectives"))):
        if _PITCHY.search(obj):
            cx.add(note.line_of("objectives", i), "pitch-meeting",
                   f"a {kind} is for getting to know the other person, not for selling or practising a pitch "
                   f"(objective: {obj!r}); make the objective about them")
            return


def _promise_in_text(note: Note, cx: _Cx) -> None:
    """A spoken promise ("I'll send…") in the text of a note with no open dated follow-up.

    One finding per note (the first promise): one dated follow-up answers them all. Task lines
    are skipped: a task is already a follow-up (undated ones are checked in habits.py)."""
    if _has_open_dated(note):
        return
    from plainnet.rules.phrases import find_phrases

    task_lines = {t.line for t in note.tasks}
    for hit in find_phrases(note.body, cx.words.promise_phrases, note.body_line):
        if hit.line not in task_lines:
            cx.add(hit.line, "promise-untracked", f"“{hit.phrase}” is a promise with no dated follow-up in this "
                   "note: add `- [ ] … 📅 YYYY-MM-DD` or a follow_ups entry", hit.col)
            return


def _list_without_consent(note: Note, cx: _Cx) -> None:
    fm = note.front_matter
    if _truthy(fm.get("mailing_list")) and not _consented(fm.get("consent")):
        cx.add(note.line_of("mailing_list"), "list-without-consent",
               "on your mailing list without recorded consent: ask first, then note when and how in `consent:`")


def _consented(value) -> bool:
    """Whether `consent:` records consent: `pending`, `asked`, `declined`… do not."""
    if isinstance(value, str):
        return value.strip().lower().rstrip(".!") not in _NO_CONSENT
    return bool(value)


def _one_sided(note: Note, cx: _Cx) -> None:
    fm = note.front_matter
    gave, got = _count(fm.get("gave")), _count(fm.get("got"))
    th = cx.thresholds("one-sided")
    min_got, ratio = float(th.get("min_got", 3)), float(th.get("ratio", 3))
    if got >= min_got and gave < got / ratio:
        name = fm.get("name") if isinstance(fm.get("name"), str) and fm["name"].strip() else note.title
        cx.add(note.line_of("got"), "one-sided", f"you got {got} things from {name} and gave {gave}: "
               "find something to give (an introduction, a referral, a useful article)")


def _group_no_purpose(note: Note, cx: _Cx) -> None:
    """One finding per group: no purpose, and (on the why_joined line) when friends were the reason."""
    fm = note.front_matter
    if filled(fm.get("purpose")) or text_list(fm.get("objectives")):
        return  # a group with a purpose of its own may well have friends in it too
    why = fm.get("why_joined")
    m = _FRIENDS.search(why) if isinstance(why, str) else None
    if m:
        cx.add(note.line_of("why_joined"), "group-no-purpose",
               f"joined because {why.strip()!r} and no `purpose:`: groups joined for friends rarely bring "
               "new contacts; write down what you want from it, or leave it")
    else:
        cx.add(1, "group-no-purpose",
               "this group has no `purpose:` or `objectives:`: write down what you want from it, or leave it")


def _count(value) -> int:
    return len(value) if isinstance(value, list) else 0


def local_findings(note: Note, config, settings: Settings | None = None) -> list[Finding]:
    """Every per-note finding of one parsed note (cached in the index with the note). `settings`,
    if given, is Settings(config) kept from an earlier note."""
    if note.type not in NOTE_TYPES or not note.yaml_ok:
        return []
    cx = _Cx(note, settings if settings is not None and settings.config is config else Settings(config))
    fm = note.front_matter
    if note.type == "pitch" or (note.type == "event" and isinstance(fm.get("pitch"), str)
                                and fm["pitch"].strip() and "[[" not in fm["pitch"]):
        _pitch(note, cx)
    if note.type == "event":
        _event_no_objectives(note, cx)
        _pitch_meeting(note, cx)
    if note.type in ("contact", "event"):
        _promise_in_text(note, cx)
    if note.type == "contact":
        _list_without_consent(note, cx)
        _one_sided(note, cx)
    if note.type == "group":
        _group_no_purpose(note, cx)
    return cx.out


def pitch_reading(vault, path: str) -> dict | None:
    """The reading of the pitch in one note (see rules.pitch.pitch_report), with the vault's
    settings; the findings are those `check` reports (disabled and silenced rules left out).
    None when the note holds no pitch."""
    from plainnet.rules.pitch import pitch_report
    from plainnet.rules.registry import enabled, silenced

    note = vault.read(path)
    stmt = pitch_statement(note)
    if stmt is None:
        return None
    text, first, fm, lines = stmt
    config = vault.config
    report = pitch_report(path, text, first, fm, lines, config, Settings(config).words)
    quiet = silenced(note.front_matter, note.body or "")
    report["findings"] = [f for f in report["findings"]
                          if enabled(f["rule"], config) and "all" not in quiet and f["rule"] not in quiet]
    return report
