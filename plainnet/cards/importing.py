"""`plainnet import` and `plainnet export vcf`: the vault half of importing a stack of cards.

The importers (`plainnet.cards.formats`) turn vCard and CSV files into `Card`s; this module decides
what each card means for the vault and writes it, only ever through `plainnet.write.edit`:

    plan = plan_import(vault, ["cards.vcf"], tag="cards", met="2026-11-03")   # reads, matches
    print(plan.summary())                    # nothing written yet (this is what --dry-run shows)
    apply_import(plan)                       # creates and merges, atomically per note
    text, count = export_vcf(vault, tag="cards")

Matching (built once per import, so 10,000 cards cost 10,000 dict lookups):

1. by email: every address of the card, stripped and case-folded, against `email` and `emails` of
   every contact (a string or a list);
2. else by name: the card's name against each contact's title, `name` and `aliases`, NFC,
   case-folded, inner whitespace collapsed.

A card that matches two different contacts is skipped and reported (merge those notes first).
Cards earlier in the same import count as contacts too, so duplicates inside one file, or across
the files of one import, merge into one note.

Merging never overwrites: an empty field (missing, `key:`, `""`, `[]`) is filled; an equal value
(case, spacing and, for phones, punctuation ignored) is left alone; a different value is kept and
reported as a conflict (`kept "Acme" in company, card says "Acme Ltd"`). Extra addresses go into the
list fields the importers' mapping uses: `emails`, `phones`, `addresses` (or into `email`/`phone`
itself when the user already wrote that as a list), extra aliases and links are appended, and the
card's NOTE is added under `## Notes` unless that text is already in the note. `met` is only set on
new notes: an existing contact was met before this import. The `--tag` is added to every contact
the import touched or matched, new or old.

New notes start from the vault's contact template (`templates/contact.md`, else the built-in one)
with `{{name}}`, `{{title}}`, `{{today}}` and `{{date}}` substituted, then the card's fields set with
`edit.set_field` / `edit.append_list_item`. Doing that per card costs ~50 ms of pure-Python YAML
work, so new notes are rendered from a per-shape skeleton instead: the same edit calls are run once
per combination of keys with placeholder values, the placeholders are replaced by
`edit.render_scalar` of the real values, and the result is loaded again and compared with what was
intended (a mismatch falls back to the edit calls for that note). The tests check that both ways
give identical bytes. Files are created with `edit.create_new` from a small thread pool (the cost
is fsync, which releases the GIL).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from plainnet.write import edit
from plainnet.write.edit import EditError
from plainnet.record import FORBIDDEN, check_name, folder_for, template_text

__all__ = [
    "ImportPlan",
    "Outcome",
    "plan_import",
    "apply_import",
    "resolve_met",
    "export_vcf",
    "note_title",
]

Progress = Callable[[str, int, int], None]  # (phase, done, total)

MULTI = (("email", "emails"), ("phone", "phones"), ("address", "addresses"))  # first value, the others


# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What happened to one card (or one unreadable card/row, action "skipped")."""

    source: str  # the file as given on the command line
    line: int
    name: str
    action: str  # "new", "merged", "unchanged", "skipped", "failed"
    path: str = ""  # vault-relative note the card became or merged into
    matched_by: str = ""  # "email jane@x.org", "name", "" for new notes
    changes: list[str] = field(default_factory=list)  # "role: Engineer", "emails: + b@x.org"
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    why: str = ""  # for skipped and failed

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass
class _Target:
    """A note the import writes: an existing contact (loaded on first change) or a new one."""

    path: str
    title: str
    fm: dict  # front matter as it will be after the import (index copy until loaded)
    new: bool
    body: str = ""
    snapshot: edit.Snapshot | None = None
    data: bytes | None = None  # existing notes: planned bytes once something changes
    fields: dict = field(default_factory=dict)  # new notes: key -> value set by the import
    notes: list[str] = field(default_factory=list)  # new notes: blocks for `## Notes`
    loaded: bool = False
    changed: bool = False
    error: str = ""
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class ImportPlan:
    vault: Any
    files: list[tuple[str, str, int]]  # (file, kind, cards + problems)
    outcomes: list[Outcome]
    targets: dict[str, _Target]
    tag: tuple[str, ...] | str | None  # the tags added to every contact (--tag, repeatable)
    met: Any
    folder: str
    dry_run: bool = True  # until apply_import has written
    written: int = 0
    cannot_write: list = field(default_factory=list)  # "cannot write FILE: reason" (the disk said no)
    met_given: bool = False  # --met was given: it wins over a card's own date (LinkedIn's Connected On)
    history: dict = field(default_factory=dict)  # file -> its new contacts wait for triage

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("new", "merged", "unchanged", "skipped", "failed")}
        for o in self.outcomes:
            out[o.action] += 1
        out["conflicts"] = sum(len(o.conflicts) for o in self.outcomes)
        return out

    def skipped_reasons(self) -> list[tuple[str, int]]:
        reasons: dict[str, int] = {}
        for o in self.outcomes:
            if o.action in ("skipped", "failed"):
                key = _short_reason(o.why)
                reasons[key] = reasons.get(key, 0) + 1
        return sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))

    def summary(self) -> str:
        """`12 new, 3 merged, 1 conflict, 2 skipped: 2 no name, organisation or email address`."""
        c = self.counts()
        parts = [f"{c['new']} new", f"{c['merged']} merged"]
        if c["unchanged"]:
            parts.append(f"{c['unchanged']} unchanged")
        parts.append(f"{c['conflicts']} conflict" + ("" if c["conflicts"] == 1 else "s"))
        skipped = f"{c['skipped']} skipped"
        if c["failed"]:
            parts.append(skipped)
            skipped = f"{c['failed']} failed"
        reasons = self.skipped_reasons()
        if reasons:
            skipped += ": " + "; ".join(f"{n} {why}" for why, n in reasons)
        parts.append(skipped)
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """The report, one card per line (details indented), in file order; no summary."""
        out = []
        for o in self.outcomes:
            if o.action == "new":
                out.append(f"new       {o.path}  ({o.where})")
            elif o.action == "merged":
                out.append(f"merged    {o.path}  ({o.where}, by {o.matched_by})")
            elif o.action == "unchanged":
                out.append(f"unchanged {o.path}  ({o.where}, by {o.matched_by})")
            elif o.action == "failed":
                out.append(f"failed    {o.where}: {o.why}")
            else:
                out.append(f"skipped   {o.where}: {re.sub(r'^(vCard|row) skipped: ', '', o.why)}")
            out.extend(f"  + {c}" for c in o.changes)
            out.extend(f"  ! {c}" for c in o.conflicts)
            out.extend(f"  warning: {w}" for w in o.warnings)
        return out


def _short_reason(why: str) -> str:
    why = re.sub(r"^(vCard|row) skipped: ", "", why)
    why = re.sub(r" \(only .*\)$", "", why)  # what the card held may itself hold `)`
    if why.startswith("matches "):
        return "ambiguous match"
    if why.startswith("cannot merge into "):
        return "note could not be merged"
    if ": " in why and why.split(": ", 1)[0].endswith(".md"):
        return "note could not be written"
    return why


# ------------------------------------------------------------------------------------------------
# Normalising for comparison
# ------------------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    """Names compare NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def email_key(text: str) -> str:
    t = str(text).strip()
    if t.lower().startswith("mailto:"):
        t = t[7:]
    return unicodedata.normalize("NFC", t.strip().strip("<>")).casefold()


def phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", str(text))
    return digits or name_key(text)


_KEYS = {"email": email_key, "emails": email_key, "phone": phone_key, "phones": phone_key}


def _key_for(key: str) -> Callable[[str], str]:
    return _KEYS.get(key, name_key)


def _text(value) -> str:
    """A front-matter value as the text a person reads (dates ISO, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value).strip()


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {} or (
        isinstance(value, str) and not value.strip())


def _items(value) -> list[str]:
    """Strings in a scalar-or-list field (wikilinks written unquoted, dicts: skipped)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [t for t in (_text(v) for v in value if not isinstance(v, (list, tuple, dict))) if t]
    t = _text(value)
    return [t] if t else []


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


# ------------------------------------------------------------------------------------------------
# File names
# ------------------------------------------------------------------------------------------------

_MAX_TITLE_BYTES = 200


def note_title(name: str) -> str:
    """A file name (without .md) for a person: unicode kept, `* " \\ / < > : | ?` and control
    characters replaced by spaces, spaces collapsed, no leading dot, at most 200 bytes."""
    clean = "".join(" " if (c in FORBIDDEN or ord(c) < 32 or c in "\x7f\u2028\u2029") else c
                    for c in unicodedata.normalize("NFC", name))
    clean = " ".join(clean.split())
    clean = clean.lstrip(". ")
    clean = " ".join(w if w != ".." else "-" for w in clean.split(" "))
    while len(clean.encode("utf-8")) > _MAX_TITLE_BYTES:
        clean = clean[:-1]
    clean = clean.rstrip(" .")
    try:
        return check_name(clean)
    except EditError:
        return "Contact"


# ------------------------------------------------------------------------------------------------
# --met
# ------------------------------------------------------------------------------------------------


def resolve_met(vault, text: str | None):
    """`--met`: None (the vault's today), a date, or an event note (path, title or alias), which
    becomes a "[[Title]]" link. Raises EditError for an unknown note or one that is not an event."""
    from plainnet.api import AmbiguousNote, NoteNotFound

    if text is None or not str(text).strip():
        return vault.today
    raw = str(text).strip()
    try:
        return _dt.date.fromisoformat(raw)
    except ValueError:
        pass
    name = raw[2:-2] if raw.startswith("[[") and raw.endswith("]]") else raw
    name = name.split("|", 1)[0].strip()
    try:
        path = vault.lookup(name)
    except AmbiguousNote as exc:
        raise EditError(f"--met {raw!r} could mean several notes: {', '.join(exc.candidates)}") from None
    except NoteNotFound as exc:
        near = f" (did you mean: {', '.join(exc.candidates[:5])})" if exc.candidates else ""
        raise EditError(f"--met {raw!r}: no event note by that name{near}; give a date (YYYY-MM-DD) "
                        f"or create the event first (plainnet new event ...)") from None
    row = vault.index.query("SELECT type, title FROM notes WHERE path = ?", (path,))
    kind, title = (row[0] if row else (None, Path(path).stem))
    if kind != "event":
        raise EditError(f"--met {raw!r} is {path}, a {kind or 'plain'} note, not an event")
    target = title if vault.resolve(title, "") == path else path[:-3]
    return f"[[{target}]]"


# ------------------------------------------------------------------------------------------------
# Merging one card into one note's front matter
# ------------------------------------------------------------------------------------------------

_NOTE_ESCAPES = (
    (re.compile(r"^(\s*)#"), r"\1\\#"),  # not a heading
    (re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[(.)\]"), r"\1\\[\2]"),  # not a task
    (re.compile(r"^(\s*)(---+|===+|\*\*\*+)\s*$"), r"\1\\\2"),  # not a rule or setext underline
)


def note_block(text: str) -> str:
    """A card's NOTE as body lines: kept as written, minus what Markdown would turn into a
    heading, a task (a follow-up on the agenda!) or a rule."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        for rx, sub in _NOTE_ESCAPES:
            line = rx.sub(sub, line)
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Op:
    kind: str  # "set", "append", "note"
    key: str
    value: Any


def merge_card(fm: dict, title: str, body: str, card, *, tag: str | tuple | None, first: bool = False):
    """(ops, changes, conflicts) that bring `card` into a note whose front matter is `fm`.

    Pure: nothing is written; `fm` is not modified. `first` marks the card a new note is made
    from: the note takes its name. Any other card leaves the name alone (a conflict if it
    differs from the note's title, `name` and aliases)."""
    from plainnet.cards.formats import card_to_front_matter

    want = card_to_front_matter(card)
    for key in ("birthday", "connected_on"):  # ISO dates as YAML dates (Obsidian's Date property)
        if key in want and re.fullmatch(r"\d{4}-\d{2}-\d{2}", want[key]):
            try:
                want[key] = _dt.date.fromisoformat(want[key])
            except ValueError:
                pass
    ops: list[_Op] = []
    changes: list[str] = []
    conflicts: list[str] = []

    # the name: a new note takes the card's; an old one keeps its own
    have_name = _text(fm.get("name")) or title
    if first:
        if fm.get("name") != card.name:
            ops.append(_Op("set", "name", card.name))
    else:
        known = {name_key(title), name_key(have_name)} | {name_key(a) for a in _items(fm.get("aliases"))}
        if name_key(card.name) not in known:
            conflicts.append(f"kept {_quote(have_name)} as the name, card says {_quote(card.name)}")

    # aliases: the card's nicknames that are not already a name of the note (its aliases are
    # compared in _add_to_list)
    known = {name_key(title), name_key(have_name), name_key(card.name)}
    extra = [a for a in want.get("aliases", []) if name_key(a) not in known]
    if extra:
        _add_to_list(fm, "aliases", extra, ops, changes, conflicts)

    for key in ("company", "role"):
        _fill_scalar(fm, key, want.get(key), ops, changes, conflicts)

    for one, many in MULTI:
        values = [want[one]] if one in want else []
        values += want.get(many, [])
        if not values:
            continue
        norm = _key_for(one)
        present = {norm(v) for v in _items(fm.get(one)) + _items(fm.get(many))}
        missing = []
        for v in values:
            if norm(v) not in present:
                present.add(norm(v))
                missing.append(v)
        if not missing:
            continue
        if _empty(fm.get(one)):
            ops.append(_Op("set", one, missing[0]))
            changes.append(f"{one}: {missing[0]}")
            missing = missing[1:]
        if missing:
            list_key = one if isinstance(fm.get(one), list) else many
            _add_to_list(fm, list_key, missing, ops, changes, conflicts, norm=norm)

    if want.get("links"):
        _add_to_list(fm, "links", want["links"], ops, changes, conflicts, norm=lambda s: s.strip().casefold())

    for key in ("birthday", "connected_on"):
        _fill_scalar(fm, key, want.get(key), ops, changes, conflicts)

    added: list[str] = []
    for tag in (tag,) if isinstance(tag, str) else tag or ():
        tags = fm.get("tags")
        if _empty(tags) or isinstance(tags, list):
            have = {str(t).lstrip("#").casefold() for t in (tags or []) if isinstance(t, (str, int))}
            if tag.casefold() not in have and tag.casefold() not in added:
                added.append(tag.casefold())
                ops.append(_Op("append", "tags", tag))
                changes.append(f"tags: + {tag}")
        elif str(tags).strip().lstrip("#").casefold() != tag.casefold():
            conflicts.append(f"kept {_quote(_text(tags))} in tags (not a list), so the tag {tag!r} was not added")

    if card.note:
        block = note_block(card.note)
        if block.strip() and _squash(block) not in _squash(body):
            ops.append(_Op("note", "## Notes", block))
            first = block.split("\n", 1)[0]
            more = "..." if len(first) > 60 or len(first) < len(block) else ""
            changes.append(f"note: {first[:60]}{more}")
    return ops, changes, conflicts


def _fill_scalar(fm, key, value, ops, changes, conflicts) -> None:
    if not value:
        return
    have = fm.get(key)
    if _empty(have):
        ops.append(_Op("set", key, value))
        changes.append(f"{key}: {_text(value)}")
    elif name_key(_text(have)) != name_key(_text(value)):
        conflicts.append(f"kept {_quote(_text(have))} in {key}, card says {_quote(_text(value))}")


def _add_to_list(fm, key, values, ops, changes, conflicts, norm=name_key) -> None:
    have = fm.get(key)
    if not (_empty(have) or isinstance(have, list)):
        for v in values:
            if norm(v) != norm(_text(have)):
                conflicts.append(f"kept {_quote(_text(have))} in {key} (not a list), card also has {_quote(v)}")
        return
    present = {norm(v) for v in _items(have)}
    for v in values:
        if norm(v) in present:
            continue
        present.add(norm(v))
        ops.append(_Op("append", key, v))
        changes.append(f"{key}: + {v}")


def _apply_to_dict(fm: dict, op: _Op) -> None:
    if op.kind == "set":
        fm[op.key] = op.value
    elif op.kind == "append":
        cur = fm.get(op.key)
        fm[op.key] = (list(cur) if isinstance(cur, list) else []) + [op.value]


def _apply_to_bytes(data: bytes, op: _Op) -> bytes:
    if op.kind == "set":
        return edit.set_field(data, op.key, op.value)
    if op.kind == "append":
        return edit.append_list_item(data, op.key, op.value)
    return edit.append_under_heading(data, op.key, op.value)


# ------------------------------------------------------------------------------------------------
# New notes from the template
# ------------------------------------------------------------------------------------------------

_SLOT = "PLAINNETSLOT{:05d}Z"
_SLOT_RE = re.compile(r"PLAINNETSLOT(\d{5})Z")
_TITLE_SLOT = "PLAINNETTITLESLOTZ"
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
_PLAIN_LETTER = re.compile(r"[^\W\d_][\w .,'@&()+/-]*\Z")
_PLAIN_SPACED = re.compile(r"[\w+(][\w .,'@&()+/-]* [\w .,'@&()+/-]*\Z")


def fast_plain(s: str, flow: bool = False) -> bool:
    """A cheap, conservative test: True only when `edit.render_scalar(s, flow=flow)` is `s`
    itself (a plain scalar). Starting with a letter (or holding a space, so no number, date or
    time) and made of letters, digits, spaces and `.,'@&()+/-` only; no `,` in flow."""
    if not s or s[-1] == " " or (flow and "," in s) or s.casefold() in _YAML_WORDS:
        return False
    return bool(_PLAIN_LETTER.match(s) or _PLAIN_SPACED.match(s))


_RENDERED: dict[tuple[str, bool], str] = {}


def _render_value(value, flow: bool) -> str:
    if isinstance(value, str):
        if fast_plain(value, flow):
            return value
        key = (value, flow)
        got = _RENDERED.get(key)
        if got is None:
            if len(_RENDERED) > 50_000:
                _RENDERED.clear()
            got = _RENDERED[key] = edit.render_scalar(value, flow=flow)
        return got
    return edit.render_scalar(value, flow=flow)


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _load_fm(text: str) -> tuple[dict, int, int] | None:
    """(front matter, offset where its YAML starts, offset of its closing line) of note text."""
    import yaml

    if not text.startswith("---\n"):
        return None
    m = _FM_CLOSE.search(text, 4)
    if not m:
        return None
    try:
        data = yaml.load(text[4:m.start()], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return None
    if data is None:
        data = {}
    return (data, 4, m.start()) if isinstance(data, dict) else None


class NoteFactory:
    """Renders new notes of a `kind` (contacts, events for calendar imports) from the vault's
    template; see the module docstring."""

    def __init__(self, root: Path, config, today: _dt.date, kind: str = "contact"):
        self.today = today.isoformat()
        self.template = template_text(root, config, kind)
        raw = self._substitute(self.template, _TITLE_SLOT)
        loaded = _load_fm(raw)
        # a template the fast path cannot read (JSON or flow front matter, odd YAML): edit calls
        self.fast = loaded is not None and not raw[4:].lstrip().startswith("{") and _TITLE_SLOT not in (
            "".join(str(k) for k in loaded[0]))
        self.template_fm = loaded[0] if loaded else {}
        self._skeletons: dict[tuple, tuple[str, int, dict] | None] = {}
        self._prefixes: dict[tuple, bytes] = {}
        self.fallbacks = 0  # notes rendered with the plain edit calls (the fast path declined)

    def _substitute(self, text: str, title: str) -> str:
        return text.replace("{{name}}", title).replace("{{title}}", title) \
            .replace("{{today}}", self.today).replace("{{date}}", self.today)

    def base_fm(self, title: str) -> dict:
        """The template's front matter for a note called `title` (what merges compare against)."""
        if self.fast:
            return _retitle(self.template_fm, title)
        loaded = _load_fm(self._substitute(self.template, title))
        return loaded[0] if loaded else {}

    def ops_for(self, fields: dict, title: str) -> list[_Op]:
        base = self.base_fm(title)
        ops = []
        for key, value in fields.items():
            old = base.get(key)
            if isinstance(value, list) and isinstance(old, list) and _same(value[:len(old)], old):
                ops.extend(_Op("append", key, v) for v in value[len(old):])
            elif not _same(old, value) or key not in base:
                ops.append(_Op("set", key, value))
        return ops

    def render_slow(self, title: str, fields: dict, notes: list[str]) -> bytes:
        """The reference: template, then one edit call per field (what `plainnet new` does)."""
        self.fallbacks += 1
        data = self._substitute(self.template, title).encode("utf-8")
        for op in self.ops_for(fields, title):
            data = _apply_to_bytes(data, op)
        for block in notes:
            data = edit.append_under_heading(data, "## Notes", block)
        return data

    def render(self, title: str, fields: dict, notes: list[str]) -> bytes:
        if not self.fast:
            return self.render_slow(title, fields, notes)
        ops = self.ops_for(fields, title)
        shape = tuple((op.kind, op.key, len(op.value) if isinstance(op.value, list) else -1) for op in ops)
        if shape not in self._skeletons:
            self._skeletons[shape] = self._skeleton(ops)
        skel = self._skeletons[shape]
        if skel is None:
            return self.render_slow(title, fields, notes)
        text, fm_end, flow = skel
        values = []
        for op in ops:
            values.extend(op.value if isinstance(op.value, list) else [op.value])
        try:
            head = _SLOT_RE.sub(lambda m: _render_value(values[int(m[1])], flow[int(m[1])]), text[:fm_end])
        except EditError:
            return self.render_slow(title, fields, notes)
        out = (head + text[fm_end:]).replace(_TITLE_SLOT, title)
        loaded = _load_fm(out)
        expected = self.base_fm(title)
        for op in ops:
            _apply_to_dict(expected, op)
        if loaded is None or not _same(loaded[0], expected):
            return self.render_slow(title, fields, notes)
        data = out.encode("utf-8")
        for block in notes:
            data = edit.append_under_heading(data, "## Notes", block)
        return data

    def _skeleton(self, ops: list[_Op]) -> tuple[str, int, dict] | None:
        """The template after the edit calls with placeholder values, where its front matter
        ends, and whether each placeholder sits inside a flow collection (`[a, b]`), where
        quoting rules differ."""
        # shapes share prefixes (every card sets name, company, role, email...): cache the
        # bytes after each prefix so that a new shape costs only the edit calls it adds
        data = self._substitute(self.template, _TITLE_SLOT).encode("utf-8")
        n = 0
        shape: tuple = ()
        try:
            for op in ops:
                size = len(op.value) if isinstance(op.value, list) else -1
                shape += ((op.kind, op.key, size),)
                cached = self._prefixes.get(shape)
                if cached is None:
                    if size >= 0:
                        value = [_SLOT.format(n + i) for i in range(size)]
                    else:
                        value = _SLOT.format(n)
                    cached = self._prefixes[shape] = _apply_to_bytes(data, _Op(op.kind, op.key, value))
                data = cached
                n += size if size >= 0 else 1
        except EditError:
            return None
        text = data.decode("utf-8")
        m = _FM_CLOSE.search(text, 4)
        if not m or _SLOT_RE.search(text, m.start()):
            return None
        flow = {}
        for s in _SLOT_RE.finditer(text, 0, m.start()):
            before = text[:s.start()].rstrip(" ")
            after = text[s.end():].lstrip(" ")
            flow[int(s[1])] = before[-1:] in ("[", ",") and after[:1] in ("]", ",")
        if sorted(flow) != list(range(n)):
            return None
        return text, m.start(), flow


def _retitle(value, title: str):
    if isinstance(value, str):
        return value.replace(_TITLE_SLOT, title)
    if isinstance(value, list):
        return [_retitle(v, title) for v in value]
    if isinstance(value, dict):
        return {k: _retitle(v, title) for k, v in value.items()}
    return value


# ------------------------------------------------------------------------------------------------
# Planning
# ------------------------------------------------------------------------------------------------


class _Index:
    """email -> paths and name -> paths, for the vault's contacts and the notes planned so far."""

    def __init__(self):
        self.email: dict[str, set[str]] = {}
        self.name: dict[str, set[str]] = {}

    def add_email(self, email: str, path: str) -> None:
        if "@" in email:
            self.email.setdefault(email_key(email), set()).add(path)

    def add_name(self, name: str, path: str) -> None:
        k = name_key(name)
        if k:
            self.name.setdefault(k, set()).add(path)

    def add_note(self, path: str, title: str, fm: dict, aliases=()) -> None:
        for e in _items(fm.get("email")) + _items(fm.get("emails")):
            self.add_email(e, path)
        self.add_name(title, path)
        if _text(fm.get("name")):
            self.add_name(_text(fm.get("name")), path)
        for a in list(aliases) + _items(fm.get("aliases")):
            self.add_name(a, path)


HISTORY_KINDS = ("linkedin", "google")  # whole address books: imported as history by default


def plan_import(vault, files: Iterable[str | os.PathLike], *, tag: str | Iterable[str] | None = None, met=None,
                progress: Progress | None = None, as_history: bool | None = None) -> ImportPlan:
    """Read every file and decide what each card does; nothing is written.

    `as_history`: new contacts get `triage: pending`, so that they wait for `plainnet triage`
    instead of each becoming a "decide a next step" item (None: for LinkedIn and Google exports,
    which hold a whole address book, not a stack of cards from last week, unless `met` says where
    you just met them).

    Raises ImportFormatError (an unknown CSV: nothing is planned) and EditError (a bad --met or
    contact template)."""
    from plainnet.cards.formats import read_file

    files = [str(f) for f in files]
    tags = []
    for t in (tag,) if isinstance(tag, str) else tag or ():  # one tag, or several (--tag is repeatable)
        t = t.strip().lstrip("#")
        if not t or any(c.isspace() for c in t):
            raise EditError(f"--tag {t!r}: a tag is one word (letters, digits, - _ /), no spaces")
        tags.append(t)
    tag = tuple(tags) or None
    met_value = met if isinstance(met, _dt.date) else resolve_met(vault, met)
    factory = NoteFactory(vault.root, vault.config, vault.today)
    folder = folder_for("contact", vault.config)

    results = []
    for i, f in enumerate(files):
        if progress:
            progress(f"reading {Path(f).name}", 0, 1)
        results.append((f, read_file(f)))  # ImportFormatError stops the import before any write
        if progress:
            progress(f"reading {Path(f).name}", 1, 1)

    # notes another program is writing right now: wait for them once, before any is read
    walked = vault.index.walk.notes if vault.index.walk else {}
    import time

    recent = time.time() - edit.SETTLE_SECONDS - 1
    edit.settle_many([vault.root / p for p, (_size, mtime) in walked.items() if mtime / 1e9 > recent])
    index = _Index()
    targets: dict[str, _Target] = {}
    for n in vault.notes("contact", with_front_matter=True):
        fm = n.front_matter if isinstance(n.front_matter, dict) else {}
        targets[n.path] = _Target(n.path, n.title, fm, new=False)
        index.add_note(n.path, n.title, fm, n.aliases)
    taken = _taken_names(vault.root / folder if folder else vault.root)

    outcomes: list[Outcome] = []
    total = sum(len(r.cards) for _, r in results)
    done = 0
    plan = ImportPlan(vault, [(f, r.kind, len(r.cards) + len(r.problems)) for f, r in results], outcomes,
                      targets, tag, met_value, folder, met_given=met is not None,
                      history={f: (r.kind in HISTORY_KINDS and met is None if as_history is None else as_history)
                               for f, r in results})
    for f, result in results:
        items = [(c.line, 0, c) for c in result.cards] + [(p.line, 1, p) for p in result.problems]
        for _line, is_problem, item in sorted(items, key=lambda t: (t[0], t[1])):
            if is_problem:
                outcomes.append(Outcome(f, item.line, "", "skipped", why=item.message))
                continue
            outcomes.append(_plan_card(plan, factory, index, taken, f, item))
            done += 1
            if progress and (done % 200 == 0 or done == total):
                progress("matching", done, total)
    return plan


def _taken_names(folder: Path) -> set[str]:
    try:
        return {name_key(n) for n in os.listdir(folder)}
    except OSError:
        return set()


def _plan_card(plan: ImportPlan, factory: NoteFactory, index: _Index, taken: set[str], source: str, card) -> Outcome:
    out = Outcome(source, card.line, card.name, "new", warnings=list(card.warnings))
    # 1. email
    hits: set[str] = set()
    for e in card.emails:
        hits |= index.email.get(email_key(e), set())
    matched_by = ""
    if len(hits) > 1:
        out.action, out.why = "skipped", f"matches {len(hits)} contacts by email ({', '.join(sorted(hits))}); merge them first"
        return out
    if hits:
        matched_by = "email"
    else:
        hits = set(index.name.get(name_key(card.name), set()))
        if len(hits) > 1:
            out.action, out.why = "skipped", f"matches {len(hits)} contacts by name ({', '.join(sorted(hits))}); merge them first"
            return out
        if hits:
            matched_by = "name"
    if hits:
        path = next(iter(hits))
        target = plan.targets[path]
        out.path, out.matched_by = path, matched_by
        try:
            ops, out.changes, out.conflicts = merge_card(target.fm, target.title, target.body, card,
                                                         tag=plan.tag)
            if ops and not target.new and not target.loaded:
                _load(plan, target)  # the index said something is missing: decide again on the file
                ops, out.changes, out.conflicts = merge_card(target.fm, target.title, target.body, card,
                                                             tag=plan.tag)
            ops = [_Op("note", op.key, "\n" + op.value) if op.kind == "note" else op for op in ops]
            if not target.new:
                data = target.data
                for op in ops:  # every edit is checked; one refused leaves the note as it was
                    data = _apply_to_bytes(data, op)
                target.data = data
        except EditError as exc:
            out.action, out.why = "skipped", f"cannot merge into {path}: {exc}"
            out.changes, out.conflicts = [], []
            return out
        for op in ops:
            if op.kind == "note":
                target.body += "\n" + op.value
                if target.new:
                    target.notes.append(op.value)
            else:
                _apply_to_dict(target.fm, op)
                if target.new:
                    target.fields[op.key] = target.fm[op.key]
        out.action = "merged" if ops else "unchanged"
        if ops:
            target.changed = True
        target.outcomes.append(out)
        index.add_name(card.name, path)  # later cards with this name join this note too
        index.add_note(path, target.title, target.fm)
        for e in card.emails:
            index.add_email(e, path)
        return out
    # 2. a new note
    title = note_title(card.name)
    if title == "Contact" and card.emails:
        title = note_title(card.emails[0])
    base, n = title, 1
    while name_key(title + ".md") in taken:  # at most 200 bytes and " 2": far below a file name's 255
        n += 1
        title = f"{base} {n}"
    taken.add(name_key(title + ".md"))
    path = f"{plan.folder}/{title}.md" if plan.folder else f"{title}.md"
    target = _Target(path, title, factory.base_fm(title), new=True)
    ops, _changes, out.conflicts = merge_card(target.fm, title, "", card, tag=plan.tag, first=True)
    for op in ops:
        if op.kind == "note":
            target.notes.append(op.value)
            target.body += "\n" + op.value
        else:
            _apply_to_dict(target.fm, op)
            target.fields[op.key] = target.fm[op.key]
    met = plan.met
    if not plan.met_given and card.connected_on:  # LinkedIn's Connected On: when you met
        try:
            met = _dt.date.fromisoformat(card.connected_on)
        except ValueError:
            pass
    if not _same(target.fm.get("met"), met):  # a date or a link: resolve_met never gives None
        target.fm["met"] = met
        target.fields["met"] = met
    if plan.history.get(source):
        target.fm["triage"] = "pending"
        target.fields["triage"] = "pending"
    if "type" not in target.fm and not plan.folder:
        target.fm["type"] = "contact"
        target.fields["type"] = "contact"
    target.changed = True
    plan.targets[path] = target
    out.path = path
    target.outcomes.append(out)
    index.add_note(path, title, target.fm, [card.name])
    return out


def _load(plan: ImportPlan, target: _Target) -> None:
    from plainnet.notes.parse import parse_note

    target.snapshot = edit.read_snapshot(plan.vault.root / target.path, settle=0)  # settled in plan_import
    target.data = target.snapshot.data
    note = parse_note(target.path, target.data)
    if not note.yaml_ok:
        raise EditError("its front matter cannot be read (see 'plainnet check'); not merged")
    target.fm = dict(note.front_matter)
    target.body = note.body
    target.loaded = True


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def apply_import(plan: ImportPlan, progress: Progress | None = None, workers: int = 32,
                 dry_run: bool = False) -> ImportPlan:
    """Write what the plan decided: new notes with edit.create_new, merges with edit.write_atomic
    (which refuses a note changed since it was read). A failed note is reported, the rest written.

    `dry_run` renders every note (so a template that cannot take a name shows up as "failed")
    and writes nothing."""
    from concurrent.futures import ThreadPoolExecutor

    factory = NoteFactory(plan.vault.root, plan.vault.config, plan.vault.today)
    todo = [t for t in plan.targets.values() if t.changed]
    total, done = len(todo), 0

    def write(target: _Target, data: bytes) -> None:
        if target.new:
            edit.create_new(plan.vault.root / target.path, data)
        else:
            edit.write_atomic(target.snapshot, data)

    def fail(target: _Target, exc: Exception) -> None:
        target.error = str(exc)
        for o in target.outcomes:
            if o.action in ("new", "merged"):
                o.action, o.why = "failed", f"{target.path}: {exc}"

    phase = "checking" if dry_run else "writing"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for target in todo:
            try:
                data = factory.render(target.title, target.fields, target.notes) if target.new else target.data
            except EditError as exc:
                fail(target, exc)
                data = None
            if data is not None and not dry_run:
                pending.append((target, pool.submit(write, target, data)))
            done += 1
            if progress and (done % 100 == 0 or done == total):
                progress(phase, done, total)
        for target, fut in pending:
            try:
                fut.result()
                plan.written += 1
            except (EditError, OSError) as exc:
                fail(target, exc)
                if isinstance(exc, edit.WriteError):
                    plan.cannot_write.append(str(exc))
                elif isinstance(exc, OSError):
                    plan.cannot_write.append(f"cannot write {target.path}: {exc.strerror or exc}")
    plan.dry_run = dry_run
    return plan


def render_new_notes(plan: ImportPlan) -> dict[str, bytes]:
    """The bytes each new note would get (for --dry-run checks and tests); nothing is written."""
    factory = NoteFactory(plan.vault.root, plan.vault.config, plan.vault.today)
    return {t.path: factory.render(t.title, t.fields, t.notes) for t in plan.targets.values() if t.new}


# ------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------


def export_vcf(vault, tag: str | Iterable[str] | None = None) -> tuple[str, int]:
    """(vCard 4.0 text with CRLF line ends, number of contacts) for the vault's contacts (with
    `tag`, or a tag below it; with any of several tags). The name is `name:`, else the note's title."""
    from plainnet.cards.formats import cards_to_vcard

    items = []
    for n in vault.notes("contact", tag=tag or None, with_front_matter=True):
        fm = dict(n.front_matter) if isinstance(n.front_matter, dict) else {}
        if not _text(fm.get("name")):
            fm["name"] = n.title
        items.append(fm)
    return cards_to_vcard(items), len(items)
