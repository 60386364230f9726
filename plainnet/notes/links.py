"""Wikilinks and Markdown links: parsing them as Obsidian does, and resolving them to vault paths."""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# `[[...]]` with no `]]` inside; an optional leading `!` makes it an embed. (Group 1 is the `!`,
# group 2 the text between the brackets; other modules rely on that shape.)
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]*?)\]\]")
# The same without the optional `!`: starting with a literal lets the regex engine skip ahead, which
# matters on the index's hot path (about ten times faster on long paragraphs). Callers look at the
# character before the match for `!` (embed) and `\` (escaped, not a link).
WIKILINK_SCAN_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# `[text](target "title")`: target without spaces, or anything in <...>. A leading `!` (checked by the
# caller) makes it an embed. The text holds no `[` (so `[[[[...` cannot make the search quadratic).
MDLINK_RE = re.compile(r"(!?)\[([^\]\n]*)\]\((<[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
# No part after `](` runs across another `](` (`_NOT_OPEN`): a failed attempt then scans only up to
# the next candidate, so a line of 100,000 `[a](` costs linear time instead of quadratic. (A target
# that itself holds `](` is not a link; CommonMark would take it.)
_NOT_OPEN = r"\](?!\()"
MDLINK_SCAN_RE = re.compile(r"\[([^\[\]\n]*)\]\([ \t]*(<(?:[^>\n\]]|" + _NOT_OPEN + r")+>|(?:[^)\s\]]|" + _NOT_OPEN
                            + r")+)(?:[ \t]+(?:\"(?:[^\"\n\]]|" + _NOT_OPEN + r")*\"|'(?:[^'\n\]]|" + _NOT_OPEN
                            + r")*'))?[ \t]*\)")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(slots=True)
class Link:
    """One link as written. `target` is the text before `#`/`|`, trimmed; empty for `[[#heading]]`."""

    target: str
    heading: str | None
    display: str | None
    line: int
    where: str = "body"  # "body" or "front_matter"
    key: str | None = None
    embed: bool = False
    markdown: bool = False
    unquoted: bool = False  # front-matter `[[x]]` that YAML read as a nested list

    def to_json(self, resolved: str | None) -> dict:
        return {
            "target": self.target,
            "heading": self.heading,
            "display": self.display,
            "line": self.line,
            "in": self.where,
            "key": self.key,
            "embed": self.embed,
            "resolved": resolved,
        }


def split_wikilink(inner: str) -> tuple[str, str | None, str | None]:
    """`T#H|a` -> (T, H, a), as Obsidian reads the text between `[[` and `]]`.

    - a table's escaped pipe `\\|` is a pipe;
    - the display text starts after the *first* pipe, so `[[#h#s||alias]]` shows `|alias`; a pipe
      in first position does not split (`[[|alias]]` is a link to `|alias`, as in Obsidian);
    - the target is what comes before the first `#` (`[[T#H#sub]]` has heading `H#sub`);
    - target and heading are trimmed (`[[    foo    |foo]]` links to `foo`), the display is kept.
    """
    if "\\|" in inner:
        inner = inner.replace("\\|", "|")
    display = None
    bar = inner.find("|", 1)
    if bar > 0:
        inner, display = inner[:bar], inner[bar + 1:]
    heading = None
    hash_ = inner.find("#")
    if hash_ >= 0:
        inner, heading = inner[:hash_], inner[hash_ + 1:].strip()
    return inner.strip(), heading, display


_PARTS: dict[str, tuple[str, str | None, str | None] | None] = {}
_MISSING = object()


def wikilink_parts(inner: str) -> tuple[str, str | None, str | None] | None:
    """split_wikilink(inner), or None for `[[]]` (which Obsidian ignores). Memoised: a vault links
    the same few thousand names over and over, and this runs for every link of every note."""
    parts = _PARTS.get(inner, _MISSING)
    if parts is _MISSING:
        parts = split_wikilink(inner)
        if not parts[0] and parts[1] is None:
            parts = None
        if len(_PARTS) < 100_000:
            _PARTS[inner] = parts
    return parts  # type: ignore[return-value]


def wikilink_from(inner: str, line: int, embed: bool = False, **kw) -> Link | None:
    """The Link for the text between `[[` and `]]`, or None for `[[]]` (which Obsidian ignores)."""
    parts = wikilink_parts(inner)
    if parts is None:
        return None
    return Link(*parts, line, embed=embed, **kw)


def wikilinks_in(text: str, line: int, **kw) -> list[Link]:
    """Every wikilink in one piece of text (a front-matter string, one line), all on `line`."""
    out = []
    for m in WIKILINK_SCAN_RE.finditer(text):
        s = m.start()
        if s and text[s - 1] == "\\":
            continue
        link = wikilink_from(m.group(1), line, embed=bool(s and text[s - 1] == "!"), **kw)
        if link is not None:
            out.append(link)
    return out


def markdown_link_from(text: str, raw: str, line: int, embed: bool = False) -> Link | None:
    """`[text](raw)`: None for an external URL (`https:`, `mailto:`, `obsidian:`) or an empty target.

    The target is URL-decoded (`Test%20Data/x.md` -> `Test Data/x.md`) and cut at the first `#`,
    as Obsidian does (so `pa#th/x.md` is a heading link to `pa`).
    """
    if raw.startswith("<"):
        raw = raw[1:-1]
    if not raw or _URL_SCHEME.match(raw):
        return None
    if "%" in raw:
        from urllib.parse import unquote  # (only here: importing it costs every command 5 ms)

        raw = unquote(raw)
    heading = None
    hash_ = raw.find("#")
    if hash_ >= 0:
        raw, heading = raw[:hash_], raw[hash_ + 1:]
    return Link(raw.strip(), heading, text, line, embed=embed, markdown=True)


def markdown_links_in(text: str, line: int) -> list[Link]:
    out = []
    for m in MDLINK_SCAN_RE.finditer(text):
        s = m.start()
        if s and text[s - 1] == "\\":
            continue
        link = markdown_link_from(m.group(1), m.group(2), line, embed=bool(s and text[s - 1] == "!"))
        if link is not None:
            out.append(link)
    return out


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """The key names are compared by: NFC, case-folded, trimmed. Memoised: indexing asks for the same
    few thousand names (titles, link targets) over and over."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def link_keys(target: str, source_dir: str = "") -> list[str]:
    """Keys to try in the resolution table, most specific first."""
    t = norm(target).replace("\\", "/")
    keys = []
    if source_dir and (t.startswith("./") or t.startswith("../")):
        keys.append(posixpath.normpath(posixpath.join(norm(source_dir), t)))
    t = t.lstrip("/")
    keys.append(t)
    if t.endswith(".md"):
        keys.append(t[:-3])
    return keys


def display_text(text: str) -> str:
    """`[[Jane Doe|Jane]]` -> `Jane`, `[[Jane Doe]]` -> `Jane Doe`: text for reading (JSON keeps it as written)."""
    return WIKILINK_RE.sub(lambda m: (lambda t, h, d: d or t or (h or ""))(*split_wikilink(m.group(2))), text)
