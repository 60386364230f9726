"""The spoken text of a pitch's Markdown, with where each character came from.

markdown-it-py parses the Markdown (CommonMark plus tables and strikethrough), so emphasis,
links, code, HTML, headings and quotes are read the way an editor renders them; the Obsidian
additions CommonMark does not know (wikilinks, embeds, `%%` comments, tags, inline fields, block
ids, callout types, task boxes, `==highlight==`) are reduced to their words here. What is not
said aloud is left out: headings, code, HTML, images, URLs.

`plain_text(text)` returns a `PlainText`: `.text`, one string in which blocks (paragraphs, list
items, table cells) are separated by a blank line, `.offsets[i]`, the offset in `text` of the
character `.text[i]`, and `.breaks`, the offsets in `.text` where a block starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)


@dataclass
class PlainText:
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)

    def source(self, i: int) -> int:
        """The source offset of plain-text position i (the end maps to the last character's)."""
        if not self.offsets:
            return 0
        if i < len(self.offsets):
            return self.offsets[i]
        return self.offsets[-1] + 1


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Builder:
    def __init__(self):
        self.chars: list[str] = []
        self.offs: list[int] = []
        self.breaks: set[int] = set()

    def add(self, s: str, offsets: list[int]) -> None:
        self.chars.extend(s)
        self.offs.extend(offsets)

    def block_break(self) -> None:
        if self.chars:
            last = self.offs[-1]
            self.add("\n\n", [last + 1, last + 1])
        self.breaks.add(len(self.chars))


def _line_starts(src: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", src)]


def _content_offsets(src: str, starts: list[int], first_line: int, content: str) -> list[int]:
    """For each character of an inline token's content, its offset in `src`. The content's lines
    are the block's source lines (from `first_line`) with container markers and indentation
    removed, so each is found in its source line, searching from the right place."""
    out: list[int] = []
    for i, cline in enumerate(content.split("\n")):
        ln = first_line + i
        if ln >= len(starts):
            base = len(src)
            out.extend([base] * len(cline))
        else:
            lstart = starts[ln]
            lend = starts[ln + 1] if ln + 1 < len(starts) else len(src)
            sline = src[lstart:lend].rstrip("\r\n")
            col = sline.find(cline) if cline else 0
            if col < 0:
                stripped = cline.strip()
                col = sline.find(stripped) if stripped else 0
                col = max(col, 0) - (len(cline) - len(cline.lstrip()))
                col = max(col, 0)
            out.extend(lstart + col + j for j in range(len(cline)))
        out.append(out[-1] + 1 if out else (starts[ln] if ln < len(starts) else len(src)))  # the "\n"
    return out[:len(content)]


def _align(content: str, cursor: int, piece: str) -> tuple[list[int], int]:
    """Positions in `content` of the characters of `piece` (a text token, escapes and entities
    already decoded), searching from `cursor`; the cursor after it."""
    k = content.find(piece, cursor)
    if k >= 0:
        return list(range(k, k + len(piece))), k + len(piece)
    pos: list[int] = []
    cur = cursor
    for ch in piece:
        j = content.find(ch, cur, cur + 12)
        if j < 0:
            pos.append(min(cur, max(len(content) - 1, 0)))
        else:
            pos.append(j)
            cur = j + 1
    return pos, cur


def _inline(b: _Builder, token, src: str, starts: list[int]) -> None:
    content = token.content or ""
    if not content.strip() or token.map is None:
        return
    coffs = _content_offsets(src, starts, token.map[0], content)
    cursor = 0
    skip_image = 0
    for child in token.children or ():
        t = child.type
        if t == "text" and not skip_image:
            pos, cursor = _align(content, cursor, child.content)
            b.add(child.content, [coffs[p] if p < len(coffs) else (coffs[-1] if coffs else 0) for p in pos])
        elif t in ("softbreak", "hardbreak"):
            j = content.find("\n", cursor)
            if j >= 0:
                b.add("\n", [coffs[j]])
                cursor = j + 1
            else:
                b.add(" ", [coffs[min(cursor, len(coffs) - 1)]])
        elif t == "code_inline":
            j = content.find(child.content, cursor)
            cursor = j + len(child.content) if j >= 0 else cursor
            b.add(" ", [coffs[min(cursor, len(coffs) - 1)]])  # code is not said; keep words apart
        elif t == "image":
            j = content.find(")", cursor)
            cursor = j + 1 if j >= 0 else cursor
        elif t == "html_inline":
            j = content.find(child.content, cursor)
            cursor = j + len(child.content) if j >= 0 else cursor


def _obsidian(text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Obsidian syntax CommonMark leaves as text, reduced to what is said."""
    keep = [True] * len(text)

    def drop(a: int, b: int) -> None:
        for i in range(a, b):
            keep[i] = False

    for m in re.finditer(r"%%.*?(?:%%|\Z)|<!--.*?(?:-->|\Z)", text, re.S):  # an unclosed comment hides the rest
        drop(m.start(), m.end())
    for m in re.finditer(r"!\[\[[^\]\n]*\]\]", text):
        drop(m.start(), m.end())
    for m in re.finditer(r"\[\[([^\]|\n]*)(?:\|([^\]\n]*))?\]\]", text):
        if m.group(2) is not None and m.group(2).strip():
            a, b = m.start(2), m.end(2)
        else:
            target = m.group(1).split("#", 1)[0].split("^", 1)[0]
            a = m.start(1) + target.rfind("/") + 1
            b = m.start(1) + len(target)
        drop(m.start(), a)
        drop(b, m.end())
    for m in re.finditer(r"\[[A-Za-z][\w -]*::[^\]\n]*\]|\([A-Za-z][\w -]*::[^)\n]*\)|\[\^[^\]\n]*\]", text):
        drop(m.start(), m.end())
    for m in re.finditer(r"https?://[^\s<>()]+", text):
        drop(m.start(), m.end())
    for m in re.finditer(r"(?<![\w#&/])#(?![\d_/-]+(?![\w/-]))[\w/-]+", text):
        drop(m.start(), m.end())
    for m in re.finditer(r"\s\^[A-Za-z0-9-]+(?=[ \t]*(?:\n|\Z))", text):
        drop(m.start() + 1, m.end())
    for m in re.finditer(r"==", text):
        drop(m.start(), m.end())
    for m in re.finditer(r"(?:\A|(?<=\n\n))[ \t]*(?:\[![^\]\n]*\][+-]?|\[[ xX/-]\])[ \t]*", text):
        drop(m.start(), m.end())
    out = "".join(c for c, k in zip(text, keep) if k)
    return out, [o for o, k in zip(offs, keep) if k]


def plain_text(text: str) -> PlainText:
    """The spoken words of `text` (Markdown), with source offsets; never raises on odd input."""
    src = text or ""
    m = _FRONT_MATTER.match(src)
    if m:  # blank the front matter, keeping offsets
        src = re.sub(r"[^\r\n]", " ", src[: m.end()]) + src[m.end():]
    starts = _line_starts(src)
    b = _Builder()
    skip_depth = 0  # inside a heading: not said aloud
    for token in _parser().parse(src):
        t = token.type
        if t == "heading_open":
            skip_depth += 1
        elif t == "heading_close":
            skip_depth -= 1
            b.block_break()
        elif t in ("paragraph_open", "th_open", "td_open", "list_item_open", "blockquote_open"):
            b.block_break()
        elif t == "inline" and not skip_depth:
            _inline(b, token, src, starts)
    out, offs = _obsidian("".join(b.chars), b.offs)
    # the blank-line separators survive _obsidian; re-find the block starts
    breaks = {0} | {mm.end() for mm in re.finditer(r"\n\n", out)}
    return PlainText(out, offs, breaks)
