"""Pitch-statement analysis: pure functions over text, no I/O.

`check_pitch` reads an introduction the way a networking coach would (the
`pitch-*` rules). The helpers are shared with the habit rules:

- `strip_markdown(text)`: Markdown syntax blanked out, **length-preserving** (every removed
  character becomes a space, newlines stay), so an offset in the result is an offset in the input.
- `split_sentences(text, first_line)`: `[(line, col, sentence)]`, 1-based, Markdown ignored.
- `find_phrases(text, phrases, first_line=1)`: `[(line, col, phrase)]` for list entries found in
  the text, case-insensitive, on word boundaries, curly apostrophes equal to straight ones.

Phrase syntax (the data files in plainnet/data use it): words separated by spaces; a hyphen also
matches a space or nothing ("end-to-end" finds "end to end"); `word*` matches any word that
starts with "word"; `…` (or `...`) stands for 0-6 words within the sentence. Where two entries
match at the same place the longer one wins, and matches never overlap.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from plainnet.checks import rules as _rules
from plainnet.checks.wordlists import WordLists
from plainnet.findings import Finding

# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_OBSIDIAN_COMMENT = re.compile(r"%%.*?(?:%%|\Z)", re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`)(?:[^\n]|\n(?![ \t]*\r?\n))*?(?<!`)\1(?!`)")
_EMBED = re.compile(r"!\[\[[^\]\n]*\]\]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_WIKILINK = re.compile(r"\[\[([^\]|\n]*)(?:\|([^\]\n]*))?\]\]")
_MDLINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>|<[^>\s@]+@[^>\s]+>")
_URL = re.compile(r"https?://[^\s<>()]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_INLINE_FIELD = re.compile(r"\[[A-Za-z][\w -]*::[^\]\n]*\]|\([A-Za-z][\w -]*::[^)\n]*\)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]*\]")
_TAG = re.compile(r"#[\w/-]+")  # checked in _tag: not after a word, not all digits
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+(?=[ \t]*\r?$)", re.M)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)")
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")
_HR = re.compile(r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+(?:\[![^\]\n]*\][+-]?)?")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*(?:\[[^\]\n]\][ \t]*)?")
_TABLE_PIPE = re.compile(r"\|")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_EMPHASIS = re.compile(r"[*~=_]+")  # checked in _emphasis


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def _sp(s: str) -> str:
    """s with every character but line breaks turned into a space."""
    return _NOT_NEWLINE.sub(" ", s)


def _blank_match(m: re.Match) -> str:
    return _sp(m.group(0))


def _keep(m: re.Match, start: int, end: int) -> str:
    """The match blanked except the span [start, end) (absolute offsets)."""
    g = m.group(0)
    a, b = start - m.start(), end - m.start()
    return _sp(g[:a]) + g[a:b] + _sp(g[b:])


def _wikilink(m: re.Match) -> str:
    target, display = m.group(1), m.group(2)
    if display is not None and display.strip():
        return _keep(m, m.start(2), m.end(2))
    t = target.split("#", 1)[0].split("^", 1)[0]  # [[people/Jane Doe#Log]] says "Jane Doe"
    if not t.strip():
        return _sp(m.group(0))
    return _keep(m, m.start(1) + t.rfind("/") + 1, m.start(1) + len(t))


def _tag(m: re.Match) -> str:
    """Obsidian's #tag: not after a word or #, & or /, and not only digits ("#1" is no tag)."""
    i = m.start()
    prev = m.string[i - 1] if i else " "
    if prev.isalnum() or prev in "_#&/" or re.fullmatch(r"#[\d_/-]+", m.group(0)):
        return m.group(0)
    return _sp(m.group(0))


def _block_id(m: re.Match) -> str:
    return m.group(0)[0] + _sp(m.group(0)[1:])


def _emphasis(m: re.Match) -> str:
    """*, **, ~~, == always; _ only at a word's edge (snake_case stays)."""
    g = m.group(0)
    if "_" in g and not ("*" in g or "~" in g or "=" in g):
        s, i, j = m.string, m.start(), m.end()
        inside = i > 0 and (s[i - 1].isalnum()) and j < len(s) and s[j].isalnum()
        return g if inside else _sp(g)
    if set(g) <= {"~"} and len(g) < 2 or set(g) <= {"="} and len(g) < 2:
        return g
    return _sp(g)


def _mdlink(m: re.Match) -> str:
    return _keep(m, m.start(1), m.end(1))


_TABLE_ROW = re.compile(r"^[ \t]*\|")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")


def _clean(text: str, keep_headings: bool = True) -> tuple[str, set[int]]:
    """Blank Markdown syntax; return the cleaned text (same length, line breaks kept) and the
    offsets where a block starts (heading, list item, quote, table row, fence, blank line), which
    end any sentence."""
    breaks: set[int] = set()
    s = text
    m = _FRONT_MATTER.match(s)
    if m:
        s = _sp(s[: m.end()]) + s[m.end():]
        breaks.add(m.end())
    elif s.startswith("\ufeff"):
        s = " " + s[1:]
    if "<!--" in s:
        s = _HTML_COMMENT.sub(_blank_match, s)
    if "%%" in s:
        s = _OBSIDIAN_COMMENT.sub(_blank_match, s)

    # line-level syntax: fences, headings, lists, quotes, tables, rules
    out: list[str] = []
    pos = 0
    fence: str | None = None
    for line in s.splitlines(keepends=True):
        start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        eol = line[len(body):]
        lead = body.lstrip()[:1]
        fm = _FENCE.match(body) if lead in ("`", "~") else None
        if fence is not None:
            out.append(_sp(body) + eol)
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence) \
                    and not body[fm.end():].strip():
                fence = None
                breaks.add(pos)
            continue
        if fm:
            fence = fm.group(1)
            out.append(_sp(body) + eol)
            breaks.add(start)
            continue
        if not body.strip():
            out.append(line)
            breaks.add(start)
            continue
        h = _HEADING.match(body) if lead == "#" else None
        if h:
            if not keep_headings:
                body = _sp(body)
            else:
                body = _sp(body[: h.end()]) + body[h.end():]
                t = _ATX_CLOSE.search(body)
                if t:
                    body = body[: t.start()] + _sp(body[t.start():])
            out.append(body + eol)
            breaks.update((start, pos))
            continue
        if lead in ("*", "-", "_", "=") and (_HR.match(body) or _SETEXT.match(body)):
            out.append(_sp(body) + eol)
            breaks.update((start, pos))
            continue
        q = _QUOTE.match(body) if lead == ">" else None
        if q:
            body = _sp(body[: q.end()]) + body[q.end():]
            if not body.strip():
                breaks.add(start)
        off = q.end() if q else 0
        rest = body[off:].lstrip()[:1]
        li = _LIST.match(body[off:]) if rest in ("-", "*", "+") or rest.isdigit() else None
        if li:
            body = body[:off] + _sp(body[off: off + li.end()]) + body[off + li.end():]
            breaks.add(start)
        if "|" in body and (_TABLE_ROW.match(body) or _TABLE_SEP.match(body)):
            body = _sp(body) if _TABLE_SEP.match(body) else body.replace("|", " ")
            breaks.add(start)
        out.append(body + eol)
    s = "".join(out)

    if "`" in s:
        s = _INLINE_CODE.sub(_blank_match, s)
    if "[" in s:
        s = _EMBED.sub(_blank_match, s)
        s = _IMAGE.sub(_blank_match, s)
        s = _WIKILINK.sub(_wikilink, s)
        s = _MDLINK.sub(_mdlink, s)
        s = _INLINE_FIELD.sub(_blank_match, s)
        s = _FOOTNOTE_REF.sub(_blank_match, s)
    elif "::" in s:
        s = _INLINE_FIELD.sub(_blank_match, s)
    if "<" in s:
        s = _AUTOLINK.sub(_blank_match, s)
        s = _HTML_TAG.sub(_blank_match, s)
    if "://" in s:
        s = _URL.sub(_blank_match, s)
    if "#" in s:
        s = _TAG.sub(_tag, s)
    if "^" in s:
        s = _BLOCK_ID.sub(_block_id, s)
    s = _EMPHASIS.sub(_emphasis, s)
    return s, breaks


def strip_markdown(text: str, *, keep_headings: bool = True) -> str:
    """`text` with Markdown syntax blanked out, the same length, newlines kept.

    Removed entirely: front matter at the start, code (fenced and inline), HTML and %% comments,
    embeds, images, URLs, tags, footnote references, Dataview inline fields, block ids, table
    rules. Reduced to their text: `[[x|y]]` -> y, `[[folder/x#h]]` -> x, `[t](url)` -> t,
    emphasis, list markers and task boxes, quote markers and callout types. Headings lose their
    `#`s (and their text too with `keep_headings=False`: a heading is not said aloud)."""
    return _clean(text, keep_headings)[0]


# ---------------------------------------------------------------------------------------------
# positions, words, sentences
# ---------------------------------------------------------------------------------------------

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                       "\u00a0": " ", "\u2011": "-", "\u2010": "-"})
_WORD = re.compile(r"[^\W_](?:[\w'’]*[^\W_])?(?:[-‐‑][^\W_](?:[\w'’]*[^\W_])?)*%?|[$£€¥]\d[\d,.]*\w*")


class _Lines:
    """Offset -> (line, column), both 1-based; column counts characters."""

    def __init__(self, text: str, first_line: int = 1):
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.first = first_line

    def at(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.first + lo, offset - self.starts[lo] + 1


def count_words(text: str) -> int:
    """Spoken words in already-cleaned text ("end-to-end" is one, "30%" is one, "—" none)."""
    return len(_WORD.findall(text))


class _Sentence(NamedTuple):
    start: int
    end: int
    text: str  # whitespace collapsed


#: a "." after these never ends a sentence ("Dr. Smith", "e.g. dentists")
_NO_END = {"mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "rev", "hon", "gen", "col",
           "capt", "lt", "sgt", "fr", "mt", "e.g", "i.e", "eg", "ie", "cf", "vs", "viz", "no",
           "nos", "fig", "vol", "pp", "approx", "incl", "ca"}
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|\Z)")


def _sentences(clean: str, breaks: set[int]) -> list[_Sentence]:
    cuts: list[int] = []
    for m in _END.finditer(clean):
        if clean[m.start()] == ".":
            before = re.search(r"([\w.]+)$", clean[max(0, m.start() - 40): m.start()])
            word = before.group(1) if before else ""
            nxt = re.match(r"\s*(\S)", clean[m.end():])
            nxt_char = nxt.group(1) if nxt else ""
            if word.lower() in _NO_END:
                continue
            if nxt_char.islower():
                continue  # "the U.S. market", "etc. and", "3 p.m. tomorrow"
            if len(word) == 1 and word.isupper() and nxt_char.isupper():
                continue  # an initial: "J. Smith"
        cuts.append(m.end())
    cuts.extend(breaks)
    cuts = sorted(set(c for c in cuts if 0 < c < len(clean)))
    out: list[_Sentence] = []
    prev = 0
    for c in cuts + [len(clean)]:
        seg = clean[prev:c]
        lead = len(seg) - len(seg.lstrip())
        body = seg.strip()
        if body and _WORD.search(body):
            start = prev + lead
            out.append(_Sentence(start, start + len(body), " ".join(body.split())))
        prev = c
    return out


class SentenceAt(NamedTuple):
    line: int
    col: int
    sentence: str


def split_sentences(text: str, first_line: int = 1, *, keep_headings: bool = True) -> list[SentenceAt]:
    """`[(line, col, sentence)]` of `text` (raw Markdown), 1-based, `first_line` being the file
    line `text` starts on. Sentences end at . ! ? … (not after abbreviations like "e.g." or
    "Dr."), at blank lines and at headings, list items, quotes and table rows; whitespace inside
    a sentence is collapsed. Pieces with no word (a lone "—") are dropped."""
    clean, breaks = _clean(text, keep_headings)
    lines = _Lines(text, first_line)
    return [SentenceAt(*lines.at(s.start), s.text) for s in _sentences(clean, breaks)]


# ---------------------------------------------------------------------------------------------
# phrases
# ---------------------------------------------------------------------------------------------

class _Hit(NamedTuple):
    start: int
    end: int
    phrase: str


class PhraseAt(NamedTuple):
    line: int
    col: int
    phrase: str


_SEP = r"[\s\-]+"
_GAP = r"(?:[^\s.!?;:,()\[\]]+[\s\-]+){0,6}?"  # 0-6 words inside one clause, each with its separator


def _phrase_regex(phrase: str) -> str | None:
    """The regex for one list entry (see the module docstring for the syntax); None if empty."""
    p = phrase.translate(_APOS).replace("...", "\u2026").strip()
    tokens = [t for t in p.split() if t]
    while tokens and tokens[0] == "\u2026":
        tokens.pop(0)
    while tokens and tokens[-1] == "\u2026":
        tokens.pop()
    if not tokens:
        return None
    rx = ""
    gap = False
    for tok in tokens:
        if tok == "\u2026":
            gap = True
            continue
        if rx:
            rx += _SEP + (_GAP if gap else "")
        gap = False
        star = tok.endswith("*") and len(tok) > 1
        core = tok[:-1] if star else tok
        rx += r"[\s\-]?".join(re.escape(x) for x in core.split("-"))
        if star:
            rx += r"[\w'\-]*"
    first, last = tokens[0], tokens[-1]
    lead = r"(?<!\w)" if re.match(r"\w", first) else ""
    trail = r"(?!\w|'\w)" if re.search(r"[\w*]$", last) else ""
    return lead + rx + trail


_TOKEN = re.compile(r"\w[\w']*")


@lru_cache(maxsize=4096)
def _rx(src: str) -> re.Pattern:
    return re.compile(src, re.IGNORECASE)


@lru_cache(maxsize=256)
def _index(phrases: tuple[str, ...]):
    """Entries compiled one by one and indexed by their first word, so matching a text tries only
    the entries whose first word is at hand: (by word, [(prefix, …)] for `word*`, others)."""
    by_word: dict[str, list[tuple[str, str]]] = {}
    prefixes: dict[str, list[tuple[str, str, str]]] = {}  # keyed by the first 3 letters
    other: list[tuple[str, str]] = []
    for p in phrases:
        src = _phrase_regex(p)
        if not src:
            continue
        rx = src  # compiled on first use by _rx: most entries never meet their first word
        first = next(t for t in p.translate(_APOS).replace("...", "\u2026").split() if t != "\u2026")
        if not re.match(r"\w", first):
            other.append((p, rx))
        elif first.endswith("*") and len(first) > 1:
            pre = first[:-1].split("-")[0].casefold()
            prefixes.setdefault(pre[:3], []).append((pre, p, rx))
        else:
            by_word.setdefault(first.split("-")[0].casefold(), []).append((p, rx))
    keys = sorted(set(by_word) | {pre for lst in prefixes.values() for pre, _, _ in lst},
                  key=len, reverse=True)
    # one C-speed scan finds the places where some entry's first word starts
    starter = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + ")", re.IGNORECASE) \
        if keys else None
    return starter, by_word, prefixes, tuple(other)


def _norm_text(text: str) -> str:
    return text.translate(_APOS)


def _find(clean: str, phrases, keep=None) -> list[_Hit]:
    """Non-overlapping matches in text order; at one place the longest match wins. `keep(hit)`
    filters candidates before overlaps are resolved, so a rejected long match hides nothing."""
    starter, by_word, prefixes, other = _index(tuple(phrases))
    norm = _norm_text(clean)
    cands: list[tuple[int, int, str]] = []
    if starter is not None:
        for s in starter.finditer(norm):
            pos = s.start()
            tok = _TOKEN.match(norm, pos).group(0).rstrip("'").casefold()
            for p, rx in by_word.get(tok, ()):
                mm = _rx(rx).match(norm, pos)
                if mm:
                    cands.append((pos, mm.end(), p))
            for prefix, p, rx in prefixes.get(tok[:3], ()) if len(tok) >= 3 else ():
                if tok.startswith(prefix):
                    mm = _rx(rx).match(norm, pos)
                    if mm:
                        cands.append((pos, mm.end(), p))
    for p, rx in other:
        cands.extend((mm.start(), mm.end(), p) for mm in _rx(rx).finditer(norm) if mm.end() > mm.start())
    cands.sort(key=lambda c: (c[0], -c[1]))
    out: list[_Hit] = []
    end = -1
    for start, stop, p in cands:
        if start >= end:
            hit = _Hit(start, stop, p)
            if keep is None or keep(hit):
                out.append(hit)
                end = stop
    return out


# A prefilter for find_phrases: an entry can only match the cleaned text if each of its whole ASCII
# words is a whole word of the raw text too, because cleaning only blanks characters (a word it keeps
# stands where it stood) and what it blanks next to a kept word starts or ends with punctuation or a
# space - except a URL, which may follow a word directly (`sendhttps://...`). Whole words are looked
# up in the text as UTF-8 with A-Z lowercased and every other byte but a-z and 0-9 made a space: a
# letter or digit that is not ASCII only splits a word more, which can find more words but never hide
# one. (Lowercasing the bytes is lowercasing the text, but for the Kelvin sign, which becomes `k`.)
_WORD_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
_KELVIN = "\u212a"
#: characters that re.IGNORECASE equates with an ASCII letter although their lowercase is not that
#: letter (or not one character): where one occurs, the prefilter steps aside (a test checks this list)
_CASE_ODD = ("\u0130", "\u0131", "\u017f")  # İ, dotless ı, long ſ


@lru_cache(maxsize=256)
def _required_words(phrases: tuple[str, ...]) -> tuple[tuple[bytes, ...], ...] | None:
    """For each entry, the words it cannot match without (as ` word ` bytes); None when an entry has
    no such word, so that nothing can be skipped. A word is a run of letters and digits of a plain
    token: not `word*`, not `end-to-end` (both can match glued to more letters), and ASCII only (see
    _CASE_ODD). Each entry's words come in one order for all entries, that of a greedy cover (the
    word most entries need first), so that a text without "I" or "we" is done in a few lookups."""
    entries = []
    for p in phrases:
        words = set()
        for tok in p.translate(_APOS).replace("...", "\u2026").split():
            if tok.endswith("*") or "-" in tok:
                continue
            words.update(w.lower() for w in re.findall(r"[^\W_]+", tok) if w.isascii())
        if words:
            entries.append(words)
        elif _phrase_regex(p):
            return None
        # else an empty entry, which matches nothing
    rank: dict[str, int] = {}
    todo = entries
    while todo:
        best = max({w for e in todo for w in e}, key=lambda w: (sum(w in e for e in todo), len(w), w))
        rank[best] = len(rank)
        todo = [e for e in todo if best not in e]
    return tuple(tuple(f" {w} ".encode() for w in sorted(e, key=lambda w: (rank.get(w, len(rank)), -len(w), w)))
                 for e in entries)


def _may_find(text: str, phrases: tuple[str, ...]) -> bool:
    """False only when no entry of `phrases` can occur in `text` (raw or cleaned), by _required_words."""
    required = _required_words(phrases)
    if required is None or any(ch in text for ch in _CASE_ODD):
        return True
    data = (text.lower() if _KELVIN in text else text).encode("utf-8", "surrogatepass")
    if b"://" in data:  # a word a URL follows directly ends where the URL starts: look at both
        data += b" " + data.replace(b"https://", b" https://").replace(b"http://", b" http://")
    words = b" " + data.translate(_WORD_BYTES) + b" "
    seen: dict[bytes, bool] = {}
    for entry in required:
        for w in entry:
            found = seen.get(w)
            if found is None:
                found = seen[w] = w in words
            if not found:
                break
        else:
            return True
    return False


def find_phrases(text: str, phrases, first_line: int = 1, *, strip: bool = True) -> list[PhraseAt]:
    """`[(line, col, phrase)]` for each place an entry of `phrases` occurs in `text`, in text
    order; `phrase` is the list entry that matched. Case-insensitive, whole words, curly
    apostrophes and quotes equal straight ones, non-overlapping (the longer entry wins at one
    place). Markdown syntax, code and comments are ignored unless `strip=False`."""
    phrases = tuple(phrases)
    if not _may_find(text, phrases):
        return []  # the common case on the index's hot path: a note without any promise
    clean = strip_markdown(text) if strip else text
    lines = _Lines(text, first_line)
    return [PhraseAt(*lines.at(h.start), h.phrase) for h in _find(clean, phrases)]


# ---------------------------------------------------------------------------------------------
# the pitch checks
# ---------------------------------------------------------------------------------------------

#: words that, alone after "I help" / "we work with", do not describe anyone in particular
GENERIC_AUDIENCE = {
    "people", "persons", "individuals", "folks", "clients", "customers", "businesses",
    "companies", "organisations", "organizations", "firms",
}
_GENERIC_FILLERS = {"all", "many", "lots", "of", "different", "various", "the", "a", "an", "any",
                    "other", "more", "kinds", "types", "sorts", "and", "or", "our", "my", "their"}
#: a word right after a vague or generic phrase that narrows it: "anyone who runs a clinic"
QUALIFIERS = {
    "who", "whom", "whose", "that", "which", "with", "in", "at", "from", "on", "under", "over",
    "within", "near", "across", "between", "aged", "based", "like", "such", "where", "running",
    "looking", "planning", "opening", "starting", "selling", "buying", "moving", "hiring",
    "facing", "needing", "owning", "building", "launching", "going", "trying", "wanting",
    "outside", "inside", "around",
}
#: words skipped between a vague phrase and its qualifier: "anyone you know who …"
_VAGUE_FILLERS = ("you know of", "you know", "you meet", "you've met", "you have met",
                  "you may know", "you might know", "you can think of", "else", "at all",
                  "really", "basically", "in your network", "in my network", "in your contacts")
_ALWAYS_VAGUE = {"at all", "else"}
_NO_QUALIFICATION = {"every", "any", "all", "anything", "anyone", "anybody", "everything",
                     "whatever", "everyone", "everybody"}
#: extra lead-ins after which a vague phrase names the client or the ask
_CLIENT_TRIGGERS = ("ideal client*", "ideal customer*", "target market", "target client*",
                    "introduc*", "referr*", "refer", "know", "clients are", "customers are",
                    "help", "helping", "work with", "serve", "looking for", "sell to",
                    "my client*", "our client*", "my customer*", "our customer*")
_LEADIN_AUDIENCE_DIRECT = {"i help", "we help", "helping", "i work with", "we work with",
                           "i work mostly with", "we work mostly with", "i serve", "we serve",
                           "i support", "we support", "i coach", "we coach", "i advise",
                           "we advise"}


def _fm_text(value) -> str:
    """A front-matter value as plain text; lists (also YAML's nested list for an unquoted
    [[link]]) joined, None and empty as ""."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(t for t in (_fm_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "; ".join(t for t in (_fm_text(v) for v in value.values()) if t)
    text = str(value)
    return (strip_markdown(text) if "[" in text or "<" in text else text).strip()


def _next_words(clean: str, pos: int, n: int = 6) -> list[tuple[int, int, str]]:
    """Up to n words after `pos` inside the current clause (stops at punctuation)."""
    out = []
    for m in re.finditer(r"[^\s]+", clean[pos:]):
        raw = m.group(0)
        word = raw.strip("\"'“”‘’()[]")
        stop = re.search(r"[.,;:!?…)\]—–]$", raw) or re.match(r"[—–(]", raw)
        if word:
            out.append((pos + m.start(), pos + m.start() + len(word), _norm_text(word).lower().rstrip(".,;:!?…")))
        if stop or len(out) >= n:
            break
    return out


def _after(clean: str, pos: int) -> str:
    """The clause text right after `pos`, normalised, up to the next punctuation mark."""
    m = re.match(r"[^.,;:!?…()\[\]—–\n]*(?:\n(?!\s*\n)[^.,;:!?…()\[\]—–\n]*)*", clean[pos:])
    return " ".join(_norm_text(m.group(0) if m else "").lower().split())


def _is_vague_at(clean: str, hit: _Hit) -> bool:
    """A vague phrase stays vague unless a qualifier follows it, fillers like "you know" or "in
    your network" skipped: "anyone you know who runs a clinic" is specific, "anyone you know" not."""
    rest = _after(clean, hit.end)
    changed = True
    while changed and rest:
        changed = False
        for f in _VAGUE_FILLERS:
            if rest == f or rest.startswith(f + " "):
                if f in _ALWAYS_VAGUE:
                    return True  # "anybody at all who …", "anyone else"
                rest = rest[len(f):].lstrip()
                changed = True
    parts = rest.split(" ", 2) if rest else []
    if not parts or parts[0] not in QUALIFIERS:
        return True
    # a qualifier that qualifies nothing: "companies of every size in every market"
    return len(parts) > 1 and parts[1] in _NO_QUALIFICATION


def _generic_audience(clean: str, hit: _Hit) -> str | None:
    """For "I help businesses grow": the generic word ("businesses"); None when the audience after
    the lead-in says something specific ("I help family-run restaurants", "people who …")."""
    if hit.phrase.lower().replace("’", "'") not in _LEADIN_AUDIENCE_DIRECT:
        return None
    words = _next_words(clean, hit.end, 8)
    generic = None
    for _, _, w in words:
        if w in _GENERIC_FILLERS:
            continue
        if w in GENERIC_AUDIENCE:
            generic = w
            continue
        if generic is None:
            return None  # the first content word is specific: "I help dentists", "small firms"
        return None if w in QUALIFIERS else generic
    return generic


_PLURAL_OPENING = re.compile(
    r"([A-Z][a-z]+s)\s+(?:with|who|whose|that|in|of|at|from|on|running|using|across)\b")
_NOT_AN_AUDIENCE = {"years", "months", "weeks", "days", "hours", "thanks", "this", "its", "his",
                    "was", "has", "is", "as", "us", "yes", "always", "perhaps", "plus", "thus",
                    "sometimes", "lots", "results", "numbers", "products", "services",
                    "ours", "yours", "theirs", "hers", "whereas", "besides", "towards", "afterwards"}


_NOT_A_MODIFIER = {"the", "all", "many", "some", "any", "other", "our", "my", "your", "their",
                   "these", "those", "most", "more", "few", "of", "and", "or", "to", "for", "with",
                   "by", "a", "an", "i", "we", "you", "they", "are", "is", "were", "be", "help",
                   "helps", "them", "us", "me", "at", "in", "on", "no", "every", "each", "such"}
_NOT_AUDIENCE_AFTER_FOR = _NOT_A_MODIFIER | _NOT_AN_AUDIENCE | {
    "example", "instance", "now", "free", "sale", "living", "ages", "decades", "over",
    "about", "almost", "nearly", "around", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "twenty", "fifty", "a", "several", "last", "past",
    "it", "this", "that", "me"}


_WORK_FOR = re.compile(r"\bwork(?:s|ed|ing)?\s+$", re.IGNORECASE)


def _plausible_audience(clean: str, hit: _Hit) -> bool:
    """Drop a "for" that is not followed by an audience: "for 10 years in London", "for the last
    year at", "I'm an accountant and I've worked for …", "I work for Deloitte in London"."""
    phrase = hit.phrase.lower()
    if phrase.startswith("for "):
        at = hit.start  # "for" opens the match
    elif phrase.endswith(" for"):
        at = hit.end - 3  # "for" closes it
    else:
        return True
    if _WORK_FOR.search(_norm_text(clean[max(0, at - 12):at])):
        return False
    words = _next_words(clean, at + 3, 1)
    if not words:
        return False
    w = words[0][2]
    return not (w in _NOT_AUDIENCE_AFTER_FOR or w[:1].isdigit())


_IRREGULAR_PLURALS = {"children", "men", "women", "people", "tradespeople", "staff", "police"}


def _plural(noun: str) -> bool:
    noun = noun.lower()
    return noun.endswith("s") or noun in _IRREGULAR_PLURALS


def _audience_in_text(c: "_Ctx") -> bool:
    """An audience named without a lead-in: a sentence opening with a qualified plural
    ("Farmers with big barn roofs …", "Owners of care homes …"), or a kind of client from
    `audience_nouns` with a modifier before it or a qualifier after it ("regional banks",
    "families moving out of London", "when a fridge breaks in a restaurant"), outside the ask."""
    for s in c.sentences:
        m = _PLURAL_OPENING.match(c.clean, s.start)
        if m and m.group(1).lower() not in _NOT_AN_AUDIENCE \
                and m.group(1).lower() not in GENERIC_AUDIENCE:
            return True
    title_sentences = None
    # the ask names whom to introduce (often a referral partner), not whom you help
    ask_sentences = {c.sentence_of(t.start) for t in _find(c.clean, c.words.ask_patterns)}
    for h in _find(c.clean, c.words.audience_nouns):
        if c.sentence_of(h.start) in ask_sentences:
            continue
        before = re.search(r"([\w'’-]+)[ \t]+$", c.clean[max(0, h.start - 40):h.start])
        prev = _norm_text(before.group(1)).lower() if before else ""
        if not _plural(h.phrase):  # a singular kind of business
            if title_sentences is None:
                title_sentences = {c.sentence_of(t.start) for t in _find(c.clean, c.words.title_patterns)}
            if c.sentence_of(h.start) in title_sentences:
                continue
            window = _norm_text(c.clean[max(0, h.start - 30):h.start]).lower().split()[-3:]
            if any(w in ("at", "for", "with") or w.startswith(("join", "work")) for w in window):
                continue
            if prev in ("a", "an") or (prev and prev not in _NOT_A_MODIFIER):
                return True
            continue
        if prev and prev not in _NOT_A_MODIFIER:
            return True
        after = _next_words(c.clean, h.end, 1)
        if after and after[0][2] in QUALIFIERS and c.clean[h.end:after[0][0]].strip() == "":
            return True
    return False


_TITLE_SHAPE = re.compile(
    r"\b(?:i'm|i am|my name is|this is)\b[^.!?\n]*?\s(?:at|with|from)\s+(?-i:[A-Z])", re.IGNORECASE)


def _title_by_shape(c: "_Ctx") -> list[_Hit]:
    """"I'm Lisa, senior account manager at Pixel Media": a self-introduction with an employer,
    which the phrase list misses because of the comma."""
    for s in c.sentences:
        m = _TITLE_SHAPE.search(_norm_text(c.clean[s.start:s.end]))
        if m:
            return [_Hit(s.start + m.start(), s.start + m.end(), "I'm … at <Company>")]
    return []


class _Ctx:
    def __init__(self, path, text, first_line, fm, fm_lines, config, words):
        self.path = path
        self.clean, breaks = _clean(text, keep_headings=False)
        self.lines = _Lines(text, first_line)
        self.first_line = first_line
        self.sentences = _sentences(self.clean, breaks)
        self.fm = fm if isinstance(fm, dict) else {}
        self.fm_lines = fm_lines or {}
        self.config = config or {}
        self.words = words
        self.findings: list[Finding] = []

    def at(self, offset: int) -> tuple[int, int]:
        return self.lines.at(offset)

    def add(self, rule_id: str, line: int, col: int, message: str) -> None:
        self.findings.append(Finding(self.path, line, rule_id, message,
                                     _rules.severity(rule_id, self.config), col))

    def fm_value(self, key: str) -> str:
        return _fm_text(self.fm.get(key))

    def key_pos(self, *keys: str) -> tuple[int, int] | None:
        for k in keys:
            if k in self.fm_lines and self.fm_lines[k]:
                return int(self.fm_lines[k]), 1
        return None

    def fallback_pos(self, *keys: str) -> tuple[int, int]:
        """The empty key's line, else the statement's first sentence, else line 1."""
        pos = self.key_pos(*keys)
        if pos:
            return pos
        if self.sentences:
            return self.at(self.sentences[0].start)
        return 1, 1

    def sentence_of(self, offset: int) -> _Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def _quote(s: str, n: int = 40) -> str:
    """“s”, shortened at a word boundary to about n characters."""
    s = " ".join(s.split())
    if len(s) > n:
        cut = s.rfind(" ", 0, n)
        s = (s[:cut] if cut > n // 2 else s[:n]).rstrip(" ,;:") + " …"
    return "“" + s + "”"


def _int(value, default: float) -> float:
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)) and value > 0:
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds)?\s*", value, re.I)
        if m and float(m.group(1)) > 0:
            return float(m.group(1))
    return default


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _check_length(c: _Ctx) -> None:
    th = _rules.thresholds("pitch-length", c.config)
    wpm = _int(th.get("wpm"), 150)
    seconds = _int(c.fm.get("seconds"), _int(th.get("seconds"), 30))
    words = list(_WORD.finditer(c.clean))
    limit = int(seconds * wpm / 60)
    if len(words) <= limit:
        return
    spoken = round(len(words) * 60 / wpm)
    line, col = c.at(words[limit].start())
    c.add("pitch-length", line, col,
          f"pitch is {len(words)} words, about {spoken} s at {_fmt(wpm)} wpm; the slot is "
          f"{_fmt(seconds)} s ({limit} words): cut {len(words) - limit} words "
          f"(the slot runs out here)")


def _check_sentences(c: _Ctx) -> None:
    th = _rules.thresholds("pitch-sentence", c.config)
    limit = int(_int(th.get("max_words"), 25))
    for s in c.sentences:
        n = count_words(c.clean[s.start:s.end])
        if n > limit:
            line, col = c.at(s.start)
            c.add("pitch-sentence", line, col,
                  f"sentence {_quote(s.text, 32)} is {n} words, more than {limit} to say in one "
                  f"breath: split it in two")


def _check_jargon(c: _Ctx) -> None:
    hits = _find(c.clean, c.words.jargon)
    by_sentence: dict[int, list[_Hit]] = {}
    for h in hits:
        s = c.sentence_of(h.start)
        by_sentence.setdefault(s.start if s else h.start, []).append(h)
    for _, group in sorted(by_sentence.items()):
        terms = []
        for h in group:
            t = c.clean[h.start:h.end]
            t = "“" + " ".join(t.split()) + "”"
            if t.lower() not in (x.lower() for x in terms):
                terms.append(t)
        line, col = c.at(group[0].start)
        c.add("pitch-jargon", line, col,
              f"jargon {', '.join(terms)}: a listener cannot act on it; say in plain words what "
              f"you do and what changes for your client")


def _vague_in_fm(c: _Ctx, vague_found: list) -> None:
    for key in ("ideal_client", "audience", "ask"):
        value = c.fm_value(key)
        if not value:
            continue
        for h in _find(value, c.words.vague_clients):
            if _is_vague_at(value, h):
                line, col = c.key_pos(key) or (1, 1)
                what = ("an introduction anyone can act on" if key == "ask"
                        else "a client anyone can picture")
                c.add("pitch-vague-client", line, col,
                      f"{key}: {_quote(value[h.start:h.end])} is not {what}: name one kind of "
                      f"person or business (“anyone who runs a dental practice” is fine)")
                vague_found.append(key)
                break


def _vague_in_text(c: _Ctx, triggers: list[tuple[_Hit, str]]) -> set[str]:
    """Report vague clients/asks in the text; return the kinds found ("client", "ask")."""
    kinds: set[str] = set()
    reported: set[int] = set()
    for h in _find(c.clean, c.words.vague_clients):
        s = c.sentence_of(h.start)
        if s is None or s.start in reported:
            continue
        before = [(t, k) for t, k in triggers if s.start <= t.start and t.end <= h.start]
        if not before:
            continue  # "Everyone needs an accountant" names no client slot; stay quiet
        if not _is_vague_at(c.clean, h):
            continue
        reported.add(s.start)
        kind = max(before, key=lambda tk: tk[0].end)[1]
        kinds.add(kind)
        line, col = c.at(h.start)
        what = "an introduction anyone can act on" if kind == "ask" else "a client anyone can picture"
        c.add("pitch-vague-client", line, col,
              f"{_quote(c.clean[h.start:h.end])} is not {what}: name one kind of person or "
              f"business (“anyone who runs a dental practice” is fine)")
    return kinds


def check_pitch(path: str, text: str, text_first_line: int, fm: dict, fm_lines: dict[str, int],
                config: dict, words: WordLists) -> list[Finding]:
    """The pitch-* findings for one statement.

    `text` is the statement (a pitch note's body or an event's `pitch:` text) starting on file
    line `text_first_line`; `fm` the front matter with `audience`, `ideal_client`, `problem`,
    `result`, `ask`, `seconds`; `fm_lines` front-matter key -> line; `config` a dict (or Config)
    read through `rules.thresholds` / `rules.severity` (`wpm`, `pitch_seconds`/`seconds`,
    `sentence_words`, `[rules.<id>]`); `words` the vault's word lists. Front matter wins where it
    is filled in; the text is read where it is not. Silencing and rule selection are the engine's
    job. Returns findings sorted by line, column and rule."""
    c = _Ctx(path, text or "", text_first_line, fm, fm_lines, config, words)

    _check_length(c)
    _check_sentences(c)
    _check_jargon(c)

    audience_hits = _find(c.clean, words.audience_patterns,
                          keep=lambda h: _plausible_audience(c.clean, h))
    ask_hits = _find(c.clean, words.ask_patterns)
    triggers = ([(h, "client") for h in audience_hits] + [(h, "ask") for h in ask_hits]
                + [(h, "ask" if h.phrase.startswith(("introduc", "referr", "refer", "know")) else "client")
                   for h in _find(c.clean, _CLIENT_TRIGGERS)])

    vague_keys: list[str] = []
    _vague_in_fm(c, vague_keys)
    vague_kinds = _vague_in_text(c, triggers)

    # who
    fm_audience = c.fm_value("audience") or c.fm_value("ideal_client")
    generic_word = None
    if fm_audience:
        only = [w.lower() for w in re.findall(r"[\w'-]+", fm_audience)]
        has_who = not only or not all(w in GENERIC_AUDIENCE or w in _GENERIC_FILLERS for w in only)
        if not has_who:
            generic_word = next((w for w in only if w in GENERIC_AUDIENCE), only[0])
    else:
        has_who = False
        generics = []
        for h in audience_hits:
            g = _generic_audience(c.clean, h)
            if g is None:
                has_who = True
                break
            generics.append((h, g))
        if not has_who and generics:
            generic_word = generics[0][1]
        if not has_who and generic_word is None:
            has_who = _audience_in_text(c)
    # problem / result
    has_problem = bool(c.fm_value("problem") or c.fm_value("result")) or bool(
        _find(c.clean, words.pain_outcome_phrases))
    # ask
    has_ask = bool(c.fm_value("ask")) or bool(ask_hits)

    if "client" in vague_kinds or {"audience", "ideal_client"} & set(vague_keys):
        has_who, generic_word = True, None  # reported as pitch-vague-client already

    title_hits = _find(c.clean, words.title_patterns) or _title_by_shape(c)
    title_only = bool(title_hits) and not has_who and generic_word is None and not has_problem
    if title_only:
        s = c.sentence_of(title_hits[0].start)
        line, col = c.at(s.start if s else title_hits[0].start)
        c.add("pitch-title-only", line, col,
              "the introduction is only a title and a workplace: listeners cannot tell who needs "
              "you; say whom you help and the problem you solve for them")
    else:
        if not has_who:
            if generic_word and fm_audience:
                line, col = c.key_pos("audience", "ideal_client") or c.fallback_pos()
                c.add("pitch-who", line, col,
                      f"audience {_quote(fm_audience)} is too broad to act on: say which "
                      f"{generic_word} (trade, size, place, situation)")
            elif generic_word:
                h = generics[0][0]
                line, col = c.at(h.start)
                c.add("pitch-who", line, col,
                      f"“{generic_word}” is not an audience a listener can picture: say which "
                      f"{generic_word} you help (trade, size, place, situation), e.g. “I help "
                      f"owners of independent dental practices …”")
            else:
                line, col = c.fallback_pos("audience", "ideal_client")
                c.add("pitch-who", line, col,
                      "no audience: say whom you help, specifically (“I help owners of "
                      "independent dental practices …”), or fill in audience:")
        if not has_problem:
            line, col = c.fallback_pos("problem", "result")
            c.add("pitch-problem", line, col,
                  "no problem or result: say what changes for your clients (“… so they stop "
                  "losing weekends to bookkeeping”), or fill in problem: or result:")
    if not has_ask:
        line, col = c.fallback_pos("ask")
        if not c.key_pos("ask") and c.sentences:
            line, col = c.at(c.sentences[-1].start)  # the ask belongs at the end
        c.add("pitch-ask", line, col,
              "no ask: end with what a good introduction for you looks like (“A great "
              "introduction for me is the practice manager of a dental group …”), or fill in ask:")

    return sorted(c.findings, key=lambda f: (f.line, f.column, f.rule))
