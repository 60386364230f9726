"""The pitch rules: `check_pitch` reads an introduction the way a networking coach would (the
`pitch-*` rules), on the slots `pitch_reader` fills. The text helpers (`strip_markdown`,
`split_sentences`, `find_phrases`, `count_words`) live in `plainnet.rules.phrases` and are
importable from here too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from plainnet.notes.findings import Finding
from plainnet.rules import registry as _rules
from plainnet.rules.phrases import (  # noqa: F401  (re-exported: the helpers' old home)
    PhraseAt, SentenceAt, _APOS, _ATX_CLOSE, _AUTOLINK,
    _BLOCK_ID, _CASE_ODD, _EMBED, _EMPHASIS, _END,
    _FENCE, _FOOTNOTE_REF, _FRONT_MATTER, _GAP, _HEADING,
    _HR, _HTML_COMMENT, _HTML_TAG, _Hit, _IMAGE,
    _INLINE_CODE, _INLINE_FIELD, _KELVIN, _LIST, _Lines,
    _MDLINK, _NOT_NEWLINE, _NO_END, _OBSIDIAN_COMMENT, _QUOTE,
    _SEP, _SETEXT, _Sentence, _TABLE_PIPE, _TABLE_ROW,
    _TABLE_SEP, _TAG, _TOKEN, _URL, _WIKILINK,
    _WORD, _WORD_BYTES, _blank_match, _block_id, _clean,
    _emphasis, _find, _fm_text, _index, _keep,
    _may_find, _mdlink, _norm_text, _phrase_regex, _required_words,
    _rx, _sentences, _sp, _tag, _wikilink,
    count_words, find_phrases, split_sentences, strip_markdown,
)
from plainnet.rules.wordlists import WordLists


_PLACEHOLDER = re.compile(
    r"(?:(?<=\s)|^)(?:\u2026|\.\.\.)(?=\s|$|[,;:!?])"  # a lone "…" or "..." where words belong
    r"|\b(?:TODO|TBD|FIXME|XXX)\b"
    r"|<(?!!--)(?![a-zA-Z][a-zA-Z0-9-]*(?:\s+[a-zA-Z-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>)"
    r"[^<>\n]{1,60}>"  # "<your audience>", not an HTML tag
    r"|\[(?!\[)(?![ xX/-]\])(?:your |their |the |my )?[a-z][a-z _/-]{1,30}\](?![(\[])"  # "[who]", "[your ask]"
    r"|<(?:your|their|the|my|ask|audience|problem|result|name|company|who|what|role|title|offer)"
    r"(?:[\s_-][^<>\n]{0,50})?>",
    re.M)
_HTML_TAGS = {"a", "b", "i", "u", "s", "em", "strong", "span", "div", "p", "br", "hr", "sup",
              "sub", "mark", "small", "kbd", "img", "del", "ins", "code", "pre", "ul", "ol", "li",
              "table", "tr", "td", "th", "details", "summary", "font", "center", "abbr", "cite", "q"}


@lru_cache(maxsize=1)
def _template_lines() -> tuple[str, ...]:
    """The unfilled lines of the pitch `init` writes and of the shipped pitch template."""
    texts = []
    try:
        from plainnet.vault import init as _setup

        texts.append(getattr(_setup, "PITCH", "") or "")
    except ImportError:  # pragma: no cover - the package is whole in practice
        pass
    try:
        from pathlib import Path

        texts.append((Path(__file__).resolve().parent.parent / "templates" / "pitch.md").read_text(encoding="utf-8"))
    except OSError:
        pass
    out = []
    for t in texts:
        for ln in _FRONT_MATTER.sub("", t, count=1).splitlines():
            ln = " ".join(ln.split())
            if len(ln) >= 12 and ln not in out:
                out.append(ln)
    return tuple(out)


def _placeholders(text: str, fm: dict) -> list[tuple[int, str, str | None]]:
    """Template placeholders still in the pitch: (offset in text or -1, what, front-matter key)."""
    out = []
    body = _FRONT_MATTER.sub(lambda m: _sp(m.group(0)), text, count=1)
    body = _HTML_COMMENT.sub(_blank_match, body)
    for ln in _template_lines():
        m = re.search(r"\s+".join(map(re.escape, ln.split())), body)
        if m:
            out.append((m.start(), "\0" + _quote(ln)[1:-1], None))  # \0: the template's own text
    for m in _PLACEHOLDER.finditer(body):
        g = m.group(0)
        if g.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)", g)
            if name and name.group(1).lower() in _HTML_TAGS and not re.search(r"\s(?![a-z-]+=)", g[1:-1]):
                continue
        out.append((m.start(), g, None))
    for key in ("audience", "ideal_client", "problem", "result", "ask"):
        value = _fm_text(fm.get(key))  # fm is the checked note's mapping: _Ctx makes sure of it
        m = _PLACEHOLDER.search(value)
        if m or value.strip() in ("…", "..."):
            out.append((-1, m.group(0) if m else value.strip(), key))
    return out


def _quote(s: str, n: int = 40) -> str:
    """“s”, shortened at a word past its middle to about n characters: the reader's own quoting."""
    from plainnet.rules.pitch_reader import _q

    return _q(s, n)


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


class _Ctx:
    def __init__(self, path, text, first_line, fm, fm_lines, config, words):
        from plainnet.rules.pitch_reader import read_pitch

        self.path = path
        self.text = text
        self.fm = fm if isinstance(fm, dict) else {}
        # a pitch is a few hundred characters; a huge note is read only so far (its length is
        # still counted whole), so a check never takes long whatever the note holds
        self.total_words = count_words(strip_markdown(text, keep_headings=False)) \
            if len(text) > _MAX_READ else None
        self.reading = read_pitch(text[:_MAX_READ], self.fm, words)
        self.plain = self.reading.plain
        self.clean = self.plain.text
        self.lines = _Lines(text, first_line)
        self.sentences = self.reading.sentences
        self.fm_lines = fm_lines or {}
        self.config = config or {}
        self.findings: list[Finding] = []

    def at(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of a plain-text offset."""
        return self.lines.at(self.plain.source(offset))

    def add(self, rule_id: str, line: int, col: int, message: str) -> None:
        self.findings.append(Finding(self.path, line, rule_id, message,
                                     _rules.severity(rule_id, self.config), col))

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
        return 1, 1  # a statement with no words: the whole note

    def read_pos(self, read, *keys: str) -> tuple[int, int]:
        """Where a read stands: its text position, or its front-matter key."""
        if read.start >= 0:
            return self.at(read.start)
        return self.key_pos(read.note, *keys) or self.fallback_pos(*keys)

    def sentence_of(self, offset: int):
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


_MAX_READ = 100_000


def length_facts(c: "_Ctx") -> dict:
    """Words, estimated seconds at the configured wpm, and the slot: what `plainnet pitch` shows."""
    th = _rules.thresholds("pitch-length", c.config)
    wpm = _int(th.get("wpm"), 150)
    seconds = _int(c.fm.get("seconds"), _int(th.get("seconds"), 30))
    words = c.total_words if c.total_words is not None else len(_WORD.findall(c.clean))
    return {"words": words, "seconds": round(words * 60 / wpm, 1), "wpm": wpm,
            "slot_seconds": seconds, "slot_words": int(seconds * wpm / 60)}


def _check_length(c: _Ctx) -> None:
    facts = length_facts(c)
    wpm, seconds, limit = facts["wpm"], facts["slot_seconds"], facts["slot_words"]
    words = list(_WORD.finditer(c.clean))
    total = facts["words"]
    if total <= limit:
        return
    spoken = round(total * 60 / wpm)
    line, col = c.at(words[limit].start()) if len(words) > limit else c.at(len(c.clean))
    c.add("pitch-length", line, col,
          f"pitch is {total} words, about {spoken} s at {_fmt(wpm)} wpm; the slot is "
          f"{_fmt(seconds)} s ({limit} words): cut {total - limit} words "
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
    by_sentence: dict[int, list] = {}
    for h in c.reading.jargon:
        s = c.sentence_of(h.start)
        by_sentence.setdefault(s.start if s else h.start, []).append(h)
    for _, group in sorted(by_sentence.items()):
        terms = []
        for h in group:
            t = "“" + " ".join(h.text.split()) + "”"
            if t.lower() not in (x.lower() for x in terms):
                terms.append(t)
        line, col = c.at(group[0].start)
        c.add("pitch-jargon", line, col,
              f"jargon {', '.join(terms)}: a listener cannot act on it; say in plain words what "
              f"you do and what changes for your client")


def _check_acronyms(c: _Ctx) -> None:
    for a in c.reading.acronyms:
        line, col = c.at(a.start)
        c.add("pitch-acronym", line, col,
              f"“{a.text}” is not spelled out: not every listener knows it; say the words, or "
              f"what it does for your client")


def _check_unfinished(c: _Ctx) -> bool:
    found = _placeholders(c.text, c.fm)
    if not found:
        return False
    off, what, key = found[0]
    if key:
        line, col = c.key_pos(key) or c.fallback_pos()
    else:
        line, col = c.lines.at(off)
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    where = f"{key}: " if key else ""
    said = (f"the template's text “{what[1:]}”" if what.startswith("\0")
            else f"the placeholder “{what}”")
    c.add("pitch-unfinished", line, col,
          f"{where}{said} is still here{more}: the pitch is not written yet; replace each "
          f"placeholder with your own words")
    return True


def check_pitch(path: str, text: str, text_first_line: int, fm: dict, fm_lines: dict[str, int],
                config: dict, words: WordLists) -> list[Finding]:
    """The pitch-* findings for one statement.

    `text` is the statement (a pitch note's body or an event's `pitch:` text) starting on file
    line `text_first_line`; `fm` the front matter with `audience`, `ideal_client`, `problem`,
    `result`, `ask`, `seconds`; `fm_lines` front-matter key -> line; `config` a dict (or Config)
    read through `rules.thresholds` / `rules.severity`; `words` the vault's word lists. The
    statement is read into slots (pitch_reader.read_pitch) and each slot rule is a verdict on
    them; front matter wins where it is filled in. Returns findings sorted by line, column, rule."""
    c = _Ctx(path, text or "", text_first_line, fm, fm_lines, config, words)
    _check_length(c)
    _check_sentences(c)
    _check_jargon(c)
    _check_acronyms(c)
    if not _check_unfinished(c):
        slot_findings(c)  # an unfinished pitch is not read for its slots yet: finish it first
    return sorted(c.findings, key=lambda f: (f.line, f.column, f.rule))


def slot_findings(c: _Ctx) -> None:
    """pitch-who, -vague-client, -problem, -title-only and -ask: verdicts on the slots."""
    r = c.reading
    sl = r.slots
    audience, problem, ask = sl["audience"], sl["problem"], sl["ask"]
    # vague-client: a catch-all audience or ask, wherever it stands (one finding per place)
    reported: set = set()
    for read, kind, why in r.vague:
        key = (read.start, read.end, read.note) if read.start < 0 else (c.sentence_of(read.start) or read).start
        if key in reported:
            continue
        reported.add(key)
        line, col = c.read_pos(read, "audience", "ideal_client", "ask")
        # a front-matter value's reason already opens with its key ("audience: …")
        what = "" if read.start < 0 else "the introduction you ask for: " if kind == "ask" else "your audience: "
        c.add("pitch-vague-client", line, col,
              f"{what}{why}" + ("" if "name one kind" in why or "say which" in why
                                else "; name one kind of person or business"))
    services = [x for x in sl["offer"].reads if x.note == "a list of services"]
    title_only = audience.verdict == "missing" and problem.verdict == "missing" and \
        (sl["speaker"].verdict == "present" or bool(services))
    if title_only:
        read = (sl["speaker"].reads or services)[0]  # both are read from the text, never the front matter
        line, col = c.at((c.sentence_of(read.start) or read).start)
        said = _quote(read.text, 48)
        c.add("pitch-title-only", line, col,
              f"the introduction is only who you are or what you sell ({said}): listeners cannot "
              f"tell who needs you; say whom you help and the problem you solve for them")
    else:
        if audience.verdict == "missing":
            line, col = c.fallback_pos("audience", "ideal_client")
            if r.employer:
                e = r.employer[0]
                line, col = c.at(e.start)
                msg = (f"no audience: read {_quote(e.text)} — that is where you work, not whom "
                       f"you help; say whom you help, specifically (“I help owners of independent "
                       f"dental practices …”)")
            else:
                msg = ("no audience: say whom you help, specifically (“I help owners of "
                       "independent dental practices …”), or fill in audience:")
            c.add("pitch-who", line, col, msg)
        if problem.verdict != "present":
            if problem.verdict == "vague":
                read = problem.reads[0]
                line, col = c.read_pos(read)
                msg = (f"no problem or result of your client's: {_quote(read.text, 48)} is an "
                       f"outcome anyone could promise; say what changes for them (“… so they stop "
                       f"losing weekends to bookkeeping”)")
            else:
                line, col = c.fallback_pos("problem", "result")
                msg = ("no problem or result: say what changes for your clients (“… so they stop "
                       "losing weekends to bookkeeping”), or fill in problem: or result:")
            c.add("pitch-problem", line, col, msg)
    if ask.verdict == "missing":
        line, col = c.fallback_pos("ask")
        if not c.key_pos("ask") and c.sentences:
            line, col = c.at(c.sentences[-1].start)  # the ask belongs at the end
        c.add("pitch-ask", line, col,
              "no ask: end with what a good introduction for you looks like (“A great "
              "introduction for me is the practice manager of a dental group …”), or fill in ask:")


def pitch_report(path: str, text: str, text_first_line: int, fm: dict, fm_lines: dict[str, int],
                 config: dict, words: WordLists) -> dict:
    """What `plainnet pitch` and `show --json` print: the slots with their words, places and
    verdicts, the length against the slot, and the findings (the same as `check_pitch`'s)."""
    c = _Ctx(path, text or "", text_first_line, fm, fm_lines, config, words)
    findings = check_pitch(path, text, text_first_line, fm, fm_lines, config, words)
    slots = {}
    for name, slot in c.reading.slots.items():
        reads = []
        for rd in slot.reads:
            line, col = c.read_pos(rd)
            reads.append({"text": " ".join(rd.text.split()), "line": line, "column": col,
                          "as": rd.note or name})
        slots[name] = {"verdict": slot.verdict, "source": slot.source, "why": slot.why, "read": reads}
    return {
        "path": path,
        "length": length_facts(c),
        "slots": slots,
        "findings": [f.to_json() for f in findings],
    }
