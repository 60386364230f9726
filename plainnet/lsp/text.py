"""Where the cursor is in a note: the link, date, front-matter field or heading under it.

Pure functions over the buffer's text. Lines are 0-based, columns count code points (the server
converts to the client's encoding). Line ends are LF after `split_lines` (CRLF is treated as LF).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from plainnet.notes.links import MDLINK_SCAN_RE, WIKILINK_SCAN_RE, markdown_link_from, split_wikilink
from plainnet.notes.parse import front_matter_span, normalize_newlines

#: front-matter keys whose values are links (completion offers note names there)
LINK_FIELDS = {"attendees": "contact", "met": "event", "group": "group", "introduced_by": "contact",
               "links": None, "pitch": "pitch"}
_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")
_ITEM_RE = re.compile(r"^(\s*)-\s?(.*)$")
_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_UNQUOTED_RE = re.compile(r"(?<![\"'])\[\[([^\[\]\n]+)\]\](?![\"'])")


def split_lines(text: str) -> list[str]:
    return normalize_newlines(text).split("\n")


def front_matter_lines(text: str) -> tuple[int, int] | None:
    """(first, last) 0-based lines of the YAML between the `---` lines (last exclusive), or None."""
    text = normalize_newlines(text)
    span = front_matter_span(text)
    if span is None:
        return None
    start, end, _body = span
    first = text.count("\n", 0, start)
    return first, (text.count("\n", 0, end) + 1 if end > start else first)


def in_front_matter(text: str, line: int) -> bool:
    fm = front_matter_lines(text)
    return fm is not None and fm[0] <= line < fm[1]


@dataclass
class LinkAt:
    """A link under the cursor: what it names and where it is written (columns on `line`)."""

    target: str
    heading: str | None
    line: int
    start: int
    end: int
    markdown: bool = False


def link_at(lines: list[str], line: int, col: int) -> LinkAt | None:
    """The wikilink or Markdown link that covers (line, col), or None."""
    if not 0 <= line < len(lines):
        return None
    s = lines[line]
    for m in WIKILINK_SCAN_RE.finditer(s):
        if m.start() <= col <= m.end() and not (m.start() and s[m.start() - 1] == "\\"):
            target, heading, _display = split_wikilink(m.group(1))
            if target or heading:
                return LinkAt(target, heading, line, m.start(), m.end())
    for m in MDLINK_SCAN_RE.finditer(s):
        if m.start() <= col <= m.end():
            link = markdown_link_from(m.group(1), m.group(2), line)
            if link is not None and (link.target or link.heading):
                return LinkAt(link.target, link.heading, line, m.start(), m.end(), markdown=True)
    return None


def date_at(lines: list[str], line: int, col: int) -> tuple[date, int, int] | None:
    """The `YYYY-MM-DD` under the cursor, with its columns, or None (also for 2026-13-45)."""
    if not 0 <= line < len(lines):
        return None
    for m in _DATE_RE.finditer(lines[line]):
        if m.start() <= col <= m.end():
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.start(), m.end()
            except ValueError:
                return None
    return None


def parent_key(lines: list[str], line: int, fm_start: int) -> str | None:
    """The top-level front-matter key a list item or continuation line belongs to."""
    for i in range(line, fm_start - 1, -1):
        m = _KEY_RE.match(lines[i])
        if m and not lines[i][:1].isspace():
            return m.group(1)
    return None


@dataclass
class Context:
    """What to complete at the cursor.

    kind: "link" (a note name; `start` is where the typed name begins), "field" (a front-matter
    key), "value" (a value of `key`). `wrap`: the completion must add `"[[`…`]]"` itself (a link
    field with no brackets typed yet); `closed`: `]]` already follows the cursor."""

    kind: str
    prefix: str
    start: int
    key: str | None = None
    wrap: bool = False
    closed: bool = False
    end: int | None = None  # (column to replace up to; the cursor when None)


def completion_context(lines: list[str], line: int, col: int, text: str = "") -> Context | None:
    """Where the cursor is for completion: after `[[`, in a front-matter link field, at a key or value."""
    if not 0 <= line < len(lines):
        return None
    s = lines[line]
    col = min(col, len(s))
    before = s[:col]
    fm = front_matter_lines(text) if text else None
    in_fm = fm is not None and fm[0] <= line < fm[1]
    key = None
    if in_fm:
        m = _KEY_RE.match(s)
        key = m.group(1) if m and not s[:1].isspace() else parent_key(lines, line, fm[0])
    open_ = before.rfind("[[")
    if open_ >= 0 and "]]" not in before[open_:]:
        prefix = before[open_ + 2:]
        if "|" not in prefix:
            after = s[col:]
            return Context("link", prefix, open_ + 2, key=key, closed=after.lstrip().startswith("]]"))
    if not in_fm:
        return None
    m = _KEY_RE.match(s)
    if m and not s[:1].isspace():
        colon = s.index(":")
        if col <= colon:
            return Context("field", before.strip(), 0, end=colon)
        value_start = colon + 1 + (len(s[colon + 1:]) - len(s[colon + 1:].lstrip()))
        value_start = min(value_start, col)
        typed = before[value_start:]
        if typed.startswith("["):  # a flow list: `attendees: [A, B` - complete the last entry
            part = typed.rsplit(",", 1)[-1]
            value_start = col - len(part.lstrip())
            typed = part.lstrip()
        return _value_context(m.group(1), typed, value_start, s, col)
    im = _ITEM_RE.match(s)
    if im and key:
        if col >= im.start(2):
            return _value_context(key, before[im.start(2):], im.start(2), s, col)
        return None
    if not s[:1].isspace() and ":" not in s:
        return Context("field", before.strip(), 0, end=len(s))
    return None


def _value_context(key: str, typed: str, start: int, s: str, col: int) -> Context | None:
    if key in LINK_FIELDS:
        quote = typed[:1] in ("'", '"')
        rest = s[col:]
        end = col + (len(rest) - len(rest.lstrip("\"']")) if rest[:1] in ("'", '"', "]") else 0)
        return Context("link", typed.lstrip("'\"[").strip(), start, key=key, wrap=True,
                       end=end if quote else col)
    return Context("value", typed.strip().strip("'\""), start, key=key, end=col)


def headings(lines: list[str], first: int = 0) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading from line `first` on, outside code fences."""
    out, fence = [], None
    for i in range(first, len(lines)):
        s = lines[i]
        f = _FENCE_RE.match(s)
        if f:
            mark = f.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        m = _HEADING_RE.match(s)
        if m:
            out.append((i, len(m.group(1)), m.group(2).strip()))
    return out


def body_start(text: str) -> int:
    """The 0-based line where the body begins (after the front matter's closing `---`)."""
    text = normalize_newlines(text)
    span = front_matter_span(text)
    return text.count("\n", 0, span[2]) if span else 0


def heading_line(lines: list[str], heading: str, first: int = 0) -> int | None:
    """The line of the heading a link's `#part` names (case-insensitive, last part of `A#B`)."""
    want = " ".join(heading.split("#")[-1].split()).casefold()
    for i, _level, text in headings(lines, first):
        if " ".join(text.split()).casefold() == want:
            return i
    return None


def quote_links(line: str) -> str | None:
    """The line with each unquoted `[[link]]` quoted (`"[[link]]"`), or None if there is none."""
    new = _UNQUOTED_RE.sub(lambda m: '"' + m.group(0) + '"', line)
    return None if new == line else new


def minimal_edit(old: str, new: str) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """One replacement turning `old` into `new`: ((line, col) start, (line, col) end, text), the
    smallest span that differs; None when equal. Editors undo it as one step."""
    if old == new:
        return None
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    return _pos(old, a), _pos(old, len(old) - b), new[a:len(new) - b]


def _pos(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)
