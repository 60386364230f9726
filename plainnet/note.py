"""Parse one Markdown file into a Note: front matter, links, tags, tasks, log lines and data findings.

No I/O beyond the bytes handed in. YAML is read with libyaml's safe loader (no Python object tags);
links, tags and tasks are found by a line scanner that skips code fences, inline code and HTML
comments, as Obsidian does (checked against Obsidian's own parse in tests/test_obsidian_fidelity.py).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

from plainnet.dates import BadDate, parse_date
from plainnet.findings import Finding
from plainnet.links import Link, markdown_links_in, wikilinks_in

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NOTE_TYPES = ("contact", "event", "group", "pitch")
DATE_KEYS = {"last_contact", "date", "joined"}
BOM = "\ufeff"


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """libyaml's safe loader, except that an impossible date stays a string (a finding, not a crash)."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass
class Task:
    line: int
    text: str
    status: str  # the character between the brackets
    due: str | None = None
    done_date: str | None = None
    scheduled: str | None = None
    start: str | None = None
    cancelled: bool = False

    @property
    def done(self) -> bool:
        return self.status in "xX" or self.done_date is not None

    @property
    def is_open(self) -> bool:
        return not self.done and not self.cancelled and self.status != "-"

    def to_json(self) -> dict:
        return {"line": self.line, "text": self.text, "done": self.done or self.cancelled or self.status == "-",
                "due": self.due, "status": self.status, "scheduled": self.scheduled, "start": self.start,
                "done_date": self.done_date}


@dataclass
class LogEntry:
    date: str
    text: str
    line: int


@dataclass
class Note:
    path: str  # vault-relative, `/`-separated, NFC
    title: str
    type: str | None
    front_matter: dict = field(default_factory=dict)
    fm_lines: dict = field(default_factory=dict)  # top-level key -> 1-based line
    item_lines: dict = field(default_factory=dict)  # top-level key -> lines of its block-list items
    body_line: int = 1  # first line of the body
    aliases: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    links: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    log: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    body: str = ""
    yaml_ok: bool = True

    def line_of(self, key: str, index: int | None = None) -> int:
        if index is not None:
            items = self.item_lines.get(key) or []
            if index < len(items):
                return items[index]
        return self.fm_lines.get(key, 1)

    def add(self, line: int, rule: str, message: str, severity: str = "error", column: int = 1) -> None:
        self.findings.append(Finding(self.path, line, rule, message, severity, column))


# ---------------------------------------------------------------- decoding and splitting


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes -> text without BOM; a second value explains a decoding problem (then text is lossy)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            return data.decode("utf-16", "replace"), f"invalid UTF-16 ({exc.reason})"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return data.decode("utf-8", "replace"), f"line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); read with replacement characters"
    if text.startswith(BOM):
        text = text[1:]
    return text, None


def split_front_matter(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) 0-based indexes of the front matter's content lines, or None.

    Like Obsidian: the file's first line is exactly `---` (trailing blanks allowed) and the block
    ends at the next line that is exactly `---`. `----` or `--- x` open no front matter.
    """
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return 1, i - 1
    return None


# ---------------------------------------------------------------- front matter


_KEY_RE = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:,\[\]{}&*!|>%@`][^:]*?|-[^\s:][^:]*?))\s*:(?:\s|$)""")
_ITEM_RE = re.compile(r"^(\s*)-(\s|$)")


def _key_lines(fm_lines: list[str], first_line: int) -> tuple[dict, dict]:
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    current = None
    item_indent = None
    for i, raw in enumerate(fm_lines):
        lineno = first_line + i
        if raw[:1] not in (" ", "\t", "-", "#", "") or raw.startswith('"') or raw.startswith("'"):
            m = _KEY_RE.match(raw)
            if m:
                current = next(g for g in m.groups() if g is not None)
                keys.setdefault(current, lineno)
                item_indent = None
                continue
        if current is None:
            # JSON front matter: `"key": value` lines inside braces
            m = re.match(r'^\s*"([^"]+)"\s*:', raw)
            if m:
                keys.setdefault(m.group(1), lineno)
            continue
        m = _ITEM_RE.match(raw)
        if m:
            indent = len(m.group(1))
            if item_indent is None:
                item_indent = indent
            if indent == item_indent:
                items.setdefault(current, []).append(lineno)
    return keys, items


def _jsonable(value):
    """Front-matter values as JSON can hold them: dates as ISO strings, keys as strings."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes") if not value.second else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _yaml_message(exc: yaml.YAMLError, first_line: int, fm_lines: list[str]) -> tuple[int, int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = first_line + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 1
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    msg = f"invalid YAML in front matter: {problem}" + (f" ({context})" if context else "")
    src = fm_lines[mark.line] if mark and mark.line < len(fm_lines) else ""
    if "{{" in src or "unhashable" in msg:
        msg += "; a template placeholder like {{date}} must be quoted"
    elif "[[" in src:
        msg += '; quote links in front matter: "[[Name]]"'
    elif "could not determine a constructor" in msg:
        msg = "front matter uses a YAML tag plainnet refuses to run (" + problem + ")"
    return line, col, msg


def _string_list(value) -> list[str]:
    """Obsidian's reading of aliases/tags: a list, or one string taken whole."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value).strip()] if str(value).strip() else []


def _fm_links(note: Note, raw: str) -> None:
    for key, value in note.front_matter.items():
        _walk_fm_value(note, key, value, note.line_of(key), 0, raw=raw)


def _walk_fm_value(note: Note, key: str, value, line: int, depth: int, top: bool = False, raw: str = "") -> None:
    if isinstance(value, str):
        note.links.extend(wikilinks_in(value, line, where="front_matter", key=key))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            item_line = note.line_of(key, i) if depth == 0 else line
            # `key: [[Jane]]` or `- [[Jane]]` unquoted: YAML reads a list holding one string
            if isinstance(v, list) and len(v) == 1 and isinstance(v[0], str) and f"[[{v[0]}]]" in raw:
                name = v[0].strip()
                note.links.append(Link(name, None, None, item_line, "front_matter", key, unquoted=True))
                note.add(item_line, "data-link-unquoted",
                         f'unquoted link in "{key}": YAML reads [[{name}]] as a nested list; write "[[{name}]]"', "warning")
            else:
                _walk_fm_value(note, key, v, item_line, depth + 1, raw=raw)
    elif isinstance(value, dict) and depth < 8:
        for v in value.values():
            _walk_fm_value(note, key, v, line, depth + 1, raw=raw)


# ---------------------------------------------------------------- body scanning

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->")
_TASK_RE = re.compile(r"^(\s*(?:>\s*)*)(?:[-*+]|\d+[.)])\s+\[(.)\](?:\s+(.*?))?\s*$")
_TAG_RE = re.compile(r"(?:(?<=\s)|^)#([^\s#!-,./:-@\[-^`{-~\u2000-\u206f\u3000-\u303f][^\s!-,.:-@\[-^`{-~\u2000-\u206f\u3000-\u303f]*|[\w\-/]*[^\W\d_][\w\-/]*)", re.UNICODE)
_DATE = r"(\d{4}-\d{2}-\d{2})"
_DUE_RE = re.compile(r"(?:📅|📆|🗓️?)\s*" + _DATE + r"|[\[(]due::\s*" + _DATE + r"\s*[\])]")
_DONE_RE = re.compile(r"✅\s*" + _DATE + r"|[\[(]completion::\s*" + _DATE + r"\s*[\])]")
_CANCEL_RE = re.compile(r"❌\s*" + _DATE)
_SCHED_RE = re.compile(r"(?:⏳|⌛)\s*" + _DATE + r"|[\[(]scheduled::\s*" + _DATE + r"\s*[\])]")
_START_RE = re.compile(r"🛫\s*" + _DATE + r"|[\[(]start::\s*" + _DATE + r"\s*[\])]")
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LOG_RE = re.compile(r"^\s*[-*+]\s+(?:\[\[)?" + _DATE + r"(?:\]\])?\s*[:\u2013\u2014-]?\s*(.*)$")
_BAD_DATE_RE = re.compile(r"(?:📅|📆)\s*(\S+)|[\[(]due::\s*([^\])]*)[\])]")


def _first(m):
    return next((g for g in m.groups() if g), None) if m else None


def _scan_body(note: Note, lines: list[str], start: int) -> None:
    fence = None
    in_comment = False
    log_level = None
    for i in range(start, len(lines)):
        raw = lines[i]
        lineno = i + 1
        if fence:
            s = raw.lstrip()
            if s.startswith(fence) and s.rstrip() == fence[0] * len(s.rstrip()):
                fence = None
            continue
        if in_comment:
            end = raw.find("-->")
            if end < 0:
                continue
            raw = " " * (end + 3) + raw[end + 3:]
            in_comment = False
        m = _FENCE_RE.match(raw)
        if m:
            fence = m.group(1)
            continue
        line = _HTML_COMMENT_RE.sub(lambda mm: " " * len(mm.group(0)), raw)
        c = line.find("<!--")
        if c >= 0:
            line = line[:c]
            in_comment = True
        if "`" in line:
            line = _INLINE_CODE_RE.sub(lambda mm: " " * len(mm.group(0)), line)
        hm = _HEADING_RE.match(line)
        if hm:
            level = len(hm.group(1))
            if log_level is not None and level <= log_level:
                log_level = None
            if hm.group(2).strip().lower() in ("log", "interactions", "history"):
                log_level = level
        if "[" in line:
            note.links.extend(wikilinks_in(line, lineno))
            if "](" in line:
                note.links.extend(markdown_links_in(line, lineno))
        if "#" in line and not hm or (hm and "#" in hm.group(2)):
            text = hm.group(2) if hm else line
            for tm in _TAG_RE.finditer(text):
                tag = tm.group(1).rstrip("/")
                if tag and not tag.isdigit():
                    note.tags.append(tag)
        tm = _TASK_RE.match(line)
        if tm:
            _task(note, lineno, tm.group(2), tm.group(3) or "")
        elif log_level is not None:
            lm = _LOG_RE.match(line)
            if lm:
                try:
                    parse_date(lm.group(1))
                    note.log.append(LogEntry(lm.group(1), lm.group(2).strip(), lineno))
                except BadDate as exc:
                    note.add(lineno, "data-date", f"log date {exc}")


def _task(note: Note, lineno: int, status: str, text: str) -> None:
    task = Task(lineno, text, status)
    task.due = _first(_DUE_RE.search(text))
    task.done_date = _first(_DONE_RE.search(text))
    task.cancelled = status == "-" or bool(_CANCEL_RE.search(text))
    task.scheduled = _first(_SCHED_RE.search(text))
    task.start = _first(_START_RE.search(text))
    for label, value in (("due", task.due), ("done", task.done_date), ("scheduled", task.scheduled), ("start", task.start)):
        if value:
            try:
                parse_date(value)
            except BadDate as exc:
                note.add(lineno, "data-date", f"task {label} date {exc}")
                if label == "due":
                    task.due = None
    if task.due is None and not _DUE_RE.search(text):
        bad = _BAD_DATE_RE.search(text)
        if bad and _first(bad):
            note.add(lineno, "data-date", f"task due date {_first(bad)!r} is not a date (use 📅 YYYY-MM-DD)")
    note.tasks.append(task)


# ---------------------------------------------------------------- the whole note


def _check_dates(note: Note) -> None:
    fm = note.front_matter
    for key in DATE_KEYS | {"met"}:
        if key not in fm:
            continue
        value = fm[key]
        if key == "met" and isinstance(value, (str, list)) and "[[" in str(value) or isinstance(value, list):
            continue  # met may be a link to the event
        if key == "met" and isinstance(value, str) and not re.match(r"^\s*\d", value):
            continue
        try:
            parse_date(value)
        except BadDate as exc:
            note.add(note.line_of(key), "data-date", f"{key}: {exc}")
    for key in ("follow_ups", "gave", "got"):
        items = fm.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                field_name = "due" if key == "follow_ups" else "date"
                if item.get(field_name) not in (None, ""):
                    try:
                        parse_date(item[field_name])
                    except BadDate as exc:
                        note.add(note.line_of(key, i), "data-date", f"{key}[{i + 1}].{field_name}: {exc}")


def parse_note(path: str, data: bytes, folder_type=None) -> Note:
    """Parse the bytes of one file. `folder_type(path)` gives the type the folder mapping implies."""
    # the path stays as the file system spells it (so it can be opened); names compare NFC elsewhere
    name = path.rsplit("/", 1)[-1]
    title = name[:-3] if name.lower().endswith(".md") else name
    note = Note(path=path, title=title, type=None)
    text, problem = decode(data)
    if problem:
        note.add(1, "data-file", problem, "warning")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    span = split_front_matter(lines)
    body_start = 0
    fm_raw = ""
    if span is not None:
        first, last = span
        fm_text_lines = lines[first:last + 1]
        fm_raw = "\n".join(fm_text_lines)
        body_start = last + 2
        note.fm_lines, note.item_lines = _key_lines(fm_text_lines, first + 1)
        try:
            loaded = yaml.load(fm_raw, Loader=_Loader) if fm_raw.strip() else None
        except yaml.YAMLError as exc:
            line, col, msg = _yaml_message(exc, first + 1, fm_text_lines)
            note.add(line, "data-yaml", msg, "error", col)
            note.yaml_ok = False
            loaded = None
        except (ValueError, TypeError, RecursionError) as exc:  # pragma: no cover - libyaml oddities
            note.add(first + 1, "data-yaml", f"invalid YAML in front matter: {exc}")
            note.yaml_ok = False
            loaded = None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            note.add(first + 1, "data-yaml", f"front matter must be 'key: value' lines, not a {type(loaded).__name__}")
            note.yaml_ok = False
            loaded = {}
        note.front_matter = {str(k): v for k, v in loaded.items()}
    note.body_line = body_start + 1
    note.body = "\n".join(lines[body_start:])
    fm = note.front_matter
    t = fm.get("type")
    note.type = str(t).strip().lower() if isinstance(t, str) and t.strip() else (folder_type(path) if folder_type else None)
    note.aliases = _string_list(fm.get("aliases", fm.get("alias")))
    for key in ("tags", "tag"):
        if key in fm:
            v = fm[key]
            if isinstance(v, str) and "," in v:
                continue  # Obsidian reads a comma string as no tags
            note.tags.extend(t.lstrip("#") for t in _string_list(v) if t.lstrip("#"))
    _check_dates(note)
    _fm_links(note, fm_raw)
    _scan_body(note, lines, body_start)
    note.front_matter = _jsonable(fm)
    return note
