"""Recording without fear: create notes, log interactions, mark follow-ups done.

Every change goes through plainnet.write.edit (re-read, precise splice, atomic write, conflict check);
nothing here writes from index data.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from plainnet.write import edit
from plainnet.write.edit import EditError

FORBIDDEN = set('*"\\/<>:|?')
DEFAULT_FOLDERS = {"contact": "people", "event": "events", "group": "groups", "pitch": ""}


class Ambiguous(EditError):
    """Several notes or follow-ups match; `candidates` lists them (the CLI exits 2)."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message + "".join(f"\n  {c}" for c in candidates))
        self.candidates = candidates


@dataclass
class Change:
    path: str
    what: list[str] = field(default_factory=list)


def check_name(name: str) -> str:
    """A note name that is safe as a file name in the vault (Obsidian's rules, no way out)."""
    # NFC, as the index compares names: `new` with a decomposed spelling (é as e + U+0301) finds
    # the existing note instead of creating a second file that looks the same
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean:
        raise EditError("the name is empty")
    bad = sorted({c for c in clean if c in FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(repr(c)[1:-1] if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        raise EditError(f"{name!r}: a note name cannot contain {shown} (Obsidian forbids * \" \\ / < > : | ?)")
    if clean in (".", "..") or clean.startswith(".") or ".." in clean.split(" "):
        raise EditError(f"{name!r}: a note name cannot start with '.' or be '..'")
    if len(clean.encode("utf-8")) > 240:
        raise EditError(f"{name!r}: too long for a file name")
    return clean


_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def date_in_name(title: str) -> date | None:
    """The date a note's name starts with (`2026-12-08 Coffee with Linus`), or None. An impossible
    one (`2026-13-45 …`) is refused: the note would be filed under a day that does not exist."""
    m = _NAME_DATE.match(title)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise EditError(f"{title!r} starts with {m.group(0)}, which is not a date; "
                        "name it YYYY-MM-DD followed by the title") from None


def folder_for(kind: str, config) -> str:
    for folder, t in config["folders"].items():
        if t == kind:
            return folder.strip("/")
    return DEFAULT_FOLDERS[kind]


def template_text(root: Path, config, kind: str) -> str:
    """The vault's template for kind, else the built-in one. A template (or templates folder) that
    is a symlink out of the vault is refused: its content would be copied into a note."""
    from plainnet.vault.files import OutsideVault, check_inside, open_regular

    own = root / config["templates"] / f"{kind}.md"
    if os.path.lexists(own) or os.path.lexists(own.parent):
        try:
            check_inside(root, own.parent, "the templates folder")
            check_inside(root, own, "a template")
        except OutsideVault as exc:
            raise EditError(str(exc)) from None
    if own.is_file():
        try:
            with open_regular(own) as f:
                data = f.read()
        except OSError as exc:
            raise EditError(f"{own}: cannot read the template: {exc.strerror or exc}") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EditError(f"{own}: the template is not UTF-8 (byte {exc.start})") from None
    return resources.files("plainnet").joinpath("templates", f"{kind}.md").read_text(encoding="utf-8")


def note_text(root: Path, config, kind: str, title: str, today: date) -> str:
    """A new note's text: the template with `{{name}}`, `{{title}}`, `{{today}}` and `{{date}}`
    filled; `{{date}}` is the date a name starting `YYYY-MM-DD` gives, else today."""
    day = today.isoformat()
    text = template_text(root, config, kind)
    return text.replace("{{name}}", title).replace("{{title}}", title).replace("{{today}}", day) \
        .replace("{{date}}", (date_in_name(title) or today).isoformat())


#: fields that hold a list: `--set` given twice for one of them adds both values
LIST_FIELDS = {"tags", "aliases", "attendees", "objectives", "links", "emails", "phones"}


def parse_set(values: tuple[str, ...]) -> dict:
    """`key=value` pairs; values are read as YAML scalars/lists, links stay quoted strings.

    A key given twice is kept whole: a list field (`tags`, `aliases`, `attendees`, …) gets every
    value; any other field is refused (which one did you mean?), never silently the last one."""
    out = {}
    for item in values:
        key, value = _one_set(item)
        if key not in out:
            out[key] = value
        elif key in LIST_FIELDS:
            have = out[key] if isinstance(out[key], list) else [] if out[key] is None else [out[key]]
            out[key] = have + (value if isinstance(value, list) else [] if value is None else [value])
        else:
            raise EditError(f"--set {key}= is given twice; a {key!r} holds one value (give a list as "
                            f"--set '{key}=[a, b]' if you mean both)")
    return out


def _one_set(item: str):
    """One `key=value` of --set as (key, value)."""
    import yaml

    if "=" not in item:
        raise EditError(f"--set {item!r}: use key=value")
    key, raw = item.split("=", 1)
    key = key.strip()
    if not key:
        raise EditError(f"--set {item!r}: the key is empty")
    if "[[" in raw:
        links = [f"[[{m}]]" for m in re.findall(r"\[\[([^\[\]]+)\]\]", raw)]
        return key, links if key in ("attendees", "links", "aliases") or len(links) > 1 else raw.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return key, value if isinstance(value, (str, int, float, bool, list, date)) or value is None else raw


def new_note(vault, kind: str, name: str, sets: dict | None = None) -> Change:
    """Create a contact/event/group/pitch note from the vault's template (or the built-in one)."""
    if kind not in DEFAULT_FOLDERS:
        raise EditError(f"unknown note type {kind!r}: contact, event, group or pitch")
    title = check_name(name)
    folder = folder_for(kind, vault.config)
    rel = f"{folder}/{title}.md" if folder else f"{title}.md"
    target = vault.root / rel
    from plainnet.vault.files import OutsideVault, check_inside

    try:
        check_inside(vault.root, target.parent, "the folder for new notes")
    except OutsideVault as exc:
        raise EditError(str(exc)) from None
    existing = _same_name_in(target.parent, title) if target.parent.is_dir() else None
    if existing:
        shown = Path(existing).relative_to(vault.root).as_posix()
        raise EditError(f"{shown} already exists; plainnet will not overwrite it")
    named = date_in_name(title)
    data = note_text(vault.root, vault.config, kind, title, vault.today).encode("utf-8")
    if kind == "event" and named and "date" not in (sets or {}):
        data = edit.set_field(data, "date", named)  # also under a template that says `date: {{today}}`
    for key, value in (sets or {}).items():
        data = edit.set_field(data, key, value)
    edit.create_new(target, data)
    return Change(rel, [f"created {rel}"])


def _same_name_in(folder: Path, title: str) -> str | None:
    """An existing file that the new note would collide with (also case-insensitively)."""
    want = unicodedata.normalize("NFC", title + ".md").casefold()
    for p in folder.iterdir():
        if unicodedata.normalize("NFC", p.name).casefold() == want:
            return str(p)
    return None


def find_contact(vault, name: str) -> str:
    """A contact by title, alias or email; an unknown or ambiguous name lists the candidates."""
    from plainnet.api import AmbiguousNote, NoteNotFound

    if "@" in name:
        want = name.strip().casefold()
        hits = sorted(n.path for n in vault.contacts() if want in (n.facts or {}).get("emails", ()))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise Ambiguous(f"{name!r} is the email of {len(hits)} contacts:", hits)
    name = unicodedata.normalize("NFC", name)
    try:
        path = vault.lookup(name)
    except AmbiguousNote as exc:
        raise Ambiguous(f"{name!r} could mean several notes:", exc.candidates) from None
    except NoteNotFound as exc:
        import difflib

        contacts = {n.title: n.path for n in vault.contacts()}
        near = difflib.get_close_matches(name, list(contacts), n=5, cutoff=0.5) or exc.candidates
        raise Ambiguous(f"no contact called {name!r}" + ("; did you mean:" if near else ""),
                        [contacts.get(t, t) for t in near]) from None
    _only_contacts(vault, path)
    return path


def _several(value, one=str) -> list:
    """One value or several (a repeated option) as a list; None gives []. `one` tells a single
    value from a list of them: a string for gave/got, a (date, what) pair for follow-ups."""
    if value is None:
        return []
    if one is str and isinstance(value, str):
        return [value]
    if one is tuple and isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], date):
        return [value]
    return list(value)


def note_type(vault, path: str) -> str | None:
    rows = vault.index.query("SELECT type FROM notes WHERE path = ?", (path,))
    return rows[0][0] if rows else None


def people_of(vault, path: str) -> list[str]:
    """The contacts an event or group is about: an event's attendees; a group's contacts that
    link to it and the attendees of its events. Paths, sorted."""
    q = vault.index.query
    kind = note_type(vault, path)
    events = [path] if kind == "event" else []
    people: set[str] = set()
    if kind == "group":
        for (src,) in q("SELECT DISTINCT path FROM links WHERE resolved = ?", (path,)):
            t = note_type(vault, src)
            if t == "contact":
                people.add(src)
            elif t == "event":
                events.append(src)
    for ev in events:
        for (p,) in q("SELECT DISTINCT resolved FROM links WHERE path = ? AND key = 'attendees' "
                      "AND resolved IS NOT NULL", (ev,)):
            if note_type(vault, p) == "contact":
                people.add(p)
    return sorted(people)


def _only_contacts(vault, path: str) -> None:
    """log records contact with a person: an event or group (or any other note) is refused, naming
    the people it could log instead."""
    kind = note_type(vault, path)
    if kind == "contact":
        return
    what = f"an {kind}" if kind in ("event",) else f"a {kind}" if kind else "not a contact note"
    people = people_of(vault, path) if kind in ("event", "group") else []
    titles = [Path(p).stem for p in people]
    if people:
        who = "attendees" if kind == "event" else "members"
        shown = " ".join(f'"{t}"' if " " in t else t for t in titles[:8])
        raise Ambiguous(f"{path} is {what}, not a contact; log the interaction with its {who} instead, "
                        f"e.g. plainnet log {shown} -m \"…\":", titles)
    hint = {"event": "it names no attendees that are contacts", "group": "no contact links to it"}.get(kind, "")
    raise EditError(f"{path} is {what}, not a contact; plainnet logs interactions with people"
                    + (f" ({hint})" if hint else ""))


class FutureDate(EditError):
    """A log dated after today: what has not happened yet is a plan (`planned=True`), not contact."""


def read_for_edit(vault, path: str) -> "edit.Snapshot":
    """The note's bytes for an edit, refused when they look caught mid-write by another program:
    empty, or front matter never closed, while the index knew it as a larger note (before this
    command's sync saw it shrink, or now)."""
    snap = edit.read_snapshot(vault.root / path, settle=None)
    why = edit.torn(snap.data)
    if why:
        knew = getattr(vault.index, "shrunk", {}).get(path)
        if knew is None:
            rows = vault.index.query("SELECT size FROM notes WHERE path = ?", (path,))
            knew = rows[0][0] if rows else 0
        if knew and knew > len(snap.data):
            raise edit.ConflictError(
                f"{path}: {why} now, but held {knew} bytes when plainnet last indexed it: another program "
                f"is probably writing it; nothing written -- run the command again (if you emptied it "
                f"yourself, the next run goes ahead)")
    return snap


def log_interaction(vault, name: str, text: str, *, when: date | None = None,
                    follow_up=None, gave=None, got=None, planned: bool = False) -> Change:
    """Append `- DATE: text` under `## Log`, move `last_contact` forward, add follow-ups/gave/got.

    `follow_up` is one `(due, what)` pair or a list of them; `gave` and `got` one text or a list:
    every value given is recorded (a repeated option keeps them all).

    Only something that happened is contact: the log line, `gave` or `got` move `last_contact`; a
    follow-up alone does not. A date after today is refused (FutureDate) unless `planned`: then
    `text` becomes a follow-up due that date, and nothing is logged.
    """
    return log_interactions(vault, [name], text, when=when, follow_up=follow_up, gave=gave, got=got,
                            planned=planned)[0]


def log_interactions(vault, names, text: str, *, when: date | None = None,
                     follow_up=None, gave=None, got=None, planned: bool = False) -> list[Change]:
    """One interaction with several people (log_interaction for each, the same line in each note).

    Every name is resolved and every note's new bytes are made before anything is written, so an
    unknown name or a note that cannot take the edit writes nothing."""
    when = when or vault.today
    if planned:
        if gave or got:
            raise EditError("--planned records a plan (a follow-up); --gave and --got record what happened")
        if not text:
            raise EditError("--planned needs the text of what you plan to do")
    elif when > vault.today:
        raise FutureDate(f"{when.isoformat()} is after today ({vault.today.isoformat()}): log records what "
                         f"happened; add --planned to record it as a follow-up due {when.isoformat()}")
    paths: list[str] = []
    for name in names:
        path = find_contact(vault, name)
        if path not in paths:  # the same person by name and alias: one line, not two
            paths.append(path)
    plans = []
    for path in paths:
        snap = read_for_edit(vault, path)
        try:
            data, change = _logged(path, snap.data, text, when, follow_up, gave, got, planned)
        except edit.ConflictError:
            raise
        except EditError as e:  # say which note
            raise type(e)(f"{path}: {e}") from None
        plans.append((snap, data, change))
    done: list[Change] = []
    for snap, data, change in plans:
        try:
            edit.write_atomic(snap, data)
        except EditError as e:
            if done:
                raise EditError(f"{e}\n(already written: {', '.join(c.path for c in done)})") from None
            raise
        done.append(change)
    return done


def _logged(path: str, data: bytes, text: str, when: date, follow_up, gave, got,
            planned: bool = False) -> tuple[bytes, Change]:
    """log_interaction's edits of one note's bytes."""
    from plainnet.notes.dates import try_date

    change = Change(path)
    if planned:
        data = edit.append_list_item(data, "follow_ups", {"due": when, "what": text, "done": False})
        change.what.append(f"planned: follow-up due {when.isoformat()}: {text}")
        text = ""
    if text:
        data = edit.append_under_heading(data, "## Log", f"- {when.isoformat()}: {text}")
        change.what.append(f"logged {when.isoformat()}: {text}")
    if text or gave or got:  # planning is not contact: a follow-up alone leaves last_contact
        current = _front_matter(path, data).get("last_contact")
        current_date = try_date(current)
        if current_date is None or when > current_date:
            data = edit.set_field(data, "last_contact", when)
            change.what.append(f"last_contact: {when.isoformat()}")
    for due, what in _several(follow_up, tuple):
        data = edit.append_list_item(data, "follow_ups", {"due": due, "what": what, "done": False})
        change.what.append(f"follow-up due {due.isoformat()}: {what}")
    for key, values in (("gave", gave), ("got", got)):
        for value in _several(values):
            if value:
                data = edit.append_list_item(data, key, {"date": when, "what": value})
                change.what.append(f"{key}: {value}")
    return data, change


def _front_matter(path: str, data: bytes) -> dict:
    from plainnet.notes.parse import parse_note

    return parse_note(path, data).front_matter


@dataclass
class OpenItem:
    label: str
    line: int
    text: str
    index: int | None  # follow_ups index, or None for a body task


def open_items(path: str, data: bytes) -> list[OpenItem]:
    from plainnet.notes.facts import front_matter_follow_ups
    from plainnet.notes.parse import parse_note

    note = parse_note(path, data)
    items = [OpenItem(f"{path}:{line}", line, what, i)
             for line, what, status, _due, _done, i in front_matter_follow_ups(note) if status == " "]
    items += [OpenItem(f"{path}:{t.line}", t.line, t.text, None) for t in note.tasks if t.is_open]
    return sorted(items, key=lambda i: i.line)


def mark_done(vault, note_name: str, text: str | None = None, when: date | None = None) -> Change:
    """Mark the one open follow-up in a note whose text contains `text` done, on `when` (today).

    The date is written where each format keeps it, so review can tell on time from late: a
    front-matter follow-up gets `done: DATE`, a Tasks task `✅ DATE`, a Dataview task
    `[completion:: DATE]`. A date after today is refused."""
    from plainnet.api import AmbiguousNote

    when = when or vault.today
    if when > vault.today:
        raise FutureDate(f"{when.isoformat()} is after today ({vault.today.isoformat()}): "
                         f"a follow-up is done when it is done")
    try:
        path = vault.lookup(unicodedata.normalize("NFC", note_name))
    except AmbiguousNote as exc:
        raise Ambiguous(f"{note_name!r} could mean several notes:", exc.candidates) from None
    snap = read_for_edit(vault, path)
    items = open_items(path, snap.data)
    if text:
        want = text.casefold()
        items = [i for i in items if want in i.text.casefold()]
    if not items:
        raise EditError(f"{path}: no open follow-up" + (f" containing {text!r}" if text else ""))
    if len(items) > 1:
        raise Ambiguous(f"{path}: {len(items)} open follow-ups match; add words to pick one:",
                        [f"{i.label}: {i.text}" for i in items])
    item = items[0]
    try:
        if item.index is not None:
            data = edit.set_list_item_field(snap.data, "follow_ups", item.index, "done", when)
        else:
            data = edit.mark_task_done(snap.data, item.line, when)
    except edit.ConflictError:
        raise
    except EditError as e:  # say which note
        raise type(e)(f"{path}: {e}") from None
    edit.write_atomic(snap, data)
    return Change(path, [f"done {when.isoformat()}: {item.text} ({item.label})"])
