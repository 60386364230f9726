"""Wikilinks and Markdown links: parsing them as Obsidian does, and resolving them to vault paths."""
from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

# `[[...]]` with no `]]` inside; an optional leading `!` makes it an embed.
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]*?)\]\]")
# `[text](target)` (not images' `![..](..)` which are embeds); target without spaces or in <...>.
MDLINK_RE = re.compile(r"(!?)\[([^\]\n]*)\]\((<[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
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
    """`T#H|a` -> (T, H, a). Obsidian splits on the first pipe (a table's `\\|` counts as one)."""
    inner = inner.replace("\\|", "|")
    display = None
    if "|" in inner:
        inner, display = inner.split("|", 1)
    heading = None
    if "#" in inner:
        inner, heading = inner.split("#", 1)
        heading = heading.strip()
    return inner.strip(), heading, display


def wikilinks_in(text: str, line: int, **kw) -> list[Link]:
    out = []
    for m in WIKILINK_RE.finditer(text):
        target, heading, display = split_wikilink(m.group(2))
        if not target and heading is None:
            continue
        out.append(Link(target, heading, display, line, embed=bool(m.group(1)), **kw))
    return out


def markdown_links_in(text: str, line: int) -> list[Link]:
    out = []
    for m in MDLINK_RE.finditer(text):
        raw = m.group(3)
        if raw.startswith("<"):
            raw = raw[1:-1]
        if _URL_SCHEME.match(raw):
            continue  # external: https:, mailto:, obsidian:
        raw = unquote(raw)
        heading = None
        if "#" in raw:
            # Obsidian cuts at the first '#' (so `pa#th/x.md` is a heading link to `pa`)
            raw, heading = raw.split("#", 1)
        out.append(Link(raw.strip(), heading, m.group(2), line, embed=bool(m.group(1)), markdown=True))
    return out


def norm(name: str) -> str:
    """The key names are compared by: NFC, case-folded, trimmed."""
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
