"""Parse one Markdown file into a Note: front matter, links, tags, tasks, log lines and data findings.

No I/O beyond the bytes handed in, and never an exception for a user's file: whatever is wrong
becomes a located finding. Front matter of the usual simple kind (`key: value`, lists) is read by
plainnet.notes.simple_yaml, which gives exactly what the YAML path gives and refuses anything else;
the rest is read with libyaml's safe loader (no Python object tags), built on first use, so that
neither commands which parse nothing nor a note of simple front matter import PyYAML. Links, tags
and tasks are found where Obsidian finds them, checked against Obsidian's own parse in
tests/test_obsidian_fidelity.py (the deliberate differences are listed there).

This is the index's hot path, so the body is scanned as one string with a few regular expressions
that start with a literal (which the regex engine can skip to), never line by line:

1. code fences, inline code, HTML comments and `%%` comments are blanked out (same length, newlines
   kept, so every offset stays valid) - only when the body contains a backtick, `~~~`, `<!--` or `%%`;
2. wikilinks, Markdown links and tags are matched on the blanked text;
3. one pass over line starts finds headings (for the `## Log` section) and task items.

Line numbers are 1-based lines of the file, counted by LF (a CR before an LF is part of the line
end, as in git and the editor code, so CRLF and CR CR LF files number their lines like LF files).

Front-matter normalisation (what `front_matter` holds, and so what the index and `show --json` see):
values are what YAML reads, except that dates become `YYYY-MM-DD` strings, date-times
`datetime.isoformat()` strings, impossible dates (`2026-13-45`) stay the string written, keys become
strings as JSON spells them (`1`, `true`, `null`), sets become sorted lists, `!!omap`/`!!pairs`
lists of `[key, value]`, binary `"<N bytes>"` and NaN/infinity their YAML spelling (`.nan`, `-.inf`).
An unquoted front-matter link (`attendees: [[Jane]]`) stays the nested list YAML reads; its link is
taken with a `data-link-unquoted` warning.
"""
from __future__ import annotations

import gc
import math
import operator
import re
from array import array
from bisect import bisect_right
from datetime import date as _date
from plainnet.notes.dates import BadDate, parse_date
from plainnet.notes.model import NOTE_TYPES, LogEntry, Note, Task  # noqa: F401  (re-exported: the parse's types)
from plainnet.notes.simple_yaml import read_simple
from plainnet.notes.links import (MDLINK_SCAN_RE, WIKILINK_SCAN_RE, Link, markdown_link_from, split_wikilink,
                            wikilink_parts, wikilinks_in)

DATE_KEYS = {"last_contact", "date", "joined"}
BOM = "\ufeff"

# Limits that keep a hostile front matter (YAML aliases that expand exponentially, a list that
# contains itself) from hanging or crashing a scan.
_MAX_FM_VALUES = 100_000
_MAX_FM_DEPTH = 64


# ---------------------------------------------------------------- decoding and splitting


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes -> text without BOM; a second value explains a decoding problem (then text is lossy).

    UTF-8 (with or without BOM) and UTF-16 with a BOM (either byte order) are read; anything else
    is read as UTF-8 with replacement characters and reported.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
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


_CR_RUN_LF = re.compile(r"\r+\n")


def normalize_newlines(text: str) -> str:
    """CRLF and CR CR LF (a Windows line end converted twice) become LF; a file that uses only CR
    (classic Mac OS) has CR line ends. A stray CR inside a line stays, as git and editors keep it."""
    if "\r" not in text:
        return text
    if "\n" not in text:
        return text.replace("\r", "\n")
    return _CR_RUN_LF.sub("\n", text)


def front_matter_span(text: str) -> tuple[int, int, int] | None:
    """(start, end, body) offsets of the front matter's YAML text and of the body, or None.

    Like Obsidian: the file's first line is exactly `---` (trailing blanks allowed) and the block
    ends at the next line that is exactly `---`. `----`, `--- x` or no closing line: no front matter.
    """
    if not text.startswith("---"):
        return None
    nl = text.find("\n")
    if nl < 0 or text[3:nl].strip(" \t"):
        return None
    pos = nl  # the newline before the candidate closing line
    while True:
        close = text.find("\n---", pos)
        if close < 0:
            return None
        eol = text.find("\n", close + 4)
        if eol < 0:
            eol = len(text)
        if not text[close + 4:eol].strip(" \t"):
            return nl + 1, max(nl + 1, close), min(eol + 1, len(text))
        pos = eol if eol > close else close + 4


# ---------------------------------------------------------------- YAML, built on first use

_Loader = None


def json_key(k) -> str:
    """A mapping key as a string, spelled as JSON spells it (`true`, `null`, `1.5`)."""
    if type(k) is str:
        return k
    if k is None:
        return "null"
    if k is True or k is False:
        return "true" if k else "false"
    return str(k)


def _yaml_loader():
    """libyaml's safe loader (the pure-Python SafeLoader where libyaml is missing), with constructors
    that produce plainnet's normalised values directly (see the module docstring), so that no second
    pass over the values is needed."""
    global _Loader
    if _Loader is None:
        import yaml
        from yaml.constructor import SafeConstructor
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        implicit_resolvers = base.yaml_implicit_resolvers  # first character -> [(tag, regexp)]
        resolved: dict[str, str] = {}

        class Loader(base):  # type: ignore[misc,valid-type]
            def construct_mapping(self, node, deep=False):
                mapping = SafeConstructor.construct_mapping(self, node, deep)
                for k in mapping:
                    if type(k) is not str:
                        return {json_key(k): v for k, v in mapping.items()}
                return mapping

            if not base.yaml_path_resolvers and None not in implicit_resolvers:
                def resolve(self, kind, value, implicit):
                    """Resolver.resolve, memoised. Without path resolvers (PyYAML's safe loader has
                    none) a plain scalar's tag depends only on its text, and one that cannot start an
                    implicit tag (most text) is a string; the composer asks once per node."""
                    if kind is ScalarNode:
                        if implicit[0] and value[:1] in implicit_resolvers:
                            tag = resolved.get(value)
                            if tag is None:
                                tag = base.resolve(self, kind, value, implicit)
                                if len(resolved) < 50_000:
                                    resolved[value] = tag
                            return tag
                        return _STR_TAG
                    return base.resolve(self, kind, value, implicit)

                # Called around every node for path resolvers, of which there are none: C callables
                # that take the same arguments and do nothing save a Python call each.
                descend_resolver = staticmethod(operator.is_)
                ascend_resolver = staticmethod(tuple)

            def construct_tree(self, node, depth=0):
                """What construct_document returns, for a tree of plain mappings, sequences and the
                usual scalars, built in one recursive pass: PyYAML's general constructor (anchors,
                recursive nodes, deep construction) costs as much as libyaml's parse. Raises _Slow
                for anything else (a merge key, a non-scalar key, an unusual tag), and lets a
                constructor's error through, for the caller to rerun construct_document."""
                tag = node.tag
                kind = type(node)
                if kind is ScalarNode:
                    if tag == _STR_TAG:
                        return node.value
                    if tag == _TIMESTAMP_TAG and _ISO_DAY_RE.match(node.value):
                        return node.value  # `timestamp` gives a valid day back as written, and an invalid one too
                    construct = scalar_constructors.get(tag)
                    if construct is None:
                        raise _Slow
                    return construct(self, node)
                if depth > _MAX_FAST_DEPTH:
                    raise _Slow
                # strings, most of the nodes, are taken in place rather than by a call
                if kind is SequenceNode and tag == _SEQ_TAG:
                    return [item.value if item.tag == _STR_TAG and type(item) is ScalarNode
                            else self.construct_tree(item, depth + 1) for item in node.value]
                if kind is not MappingNode or tag != _MAP_TAG:
                    raise _Slow
                mapping = {}
                for knode, vnode in node.value:
                    if type(knode) is not ScalarNode or knode.tag in _SPECIAL_KEY_TAGS:
                        raise _Slow
                    key = knode.value if knode.tag == _STR_TAG else self.construct_tree(knode)
                    mapping[key] = vnode.value if vnode.tag == _STR_TAG and type(vnode) is ScalarNode \
                        else self.construct_tree(vnode, depth + 1)
                for k in mapping:
                    if type(k) is not str:
                        return {json_key(k): v for k, v in mapping.items()}
                return mapping

        def timestamp(loader, node):
            try:
                value = SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError):
                return node.value  # `2026-13-45`: kept as written, reported by the date checks
            return value.isoformat()

        def binary(loader, node):
            try:
                return f"<{len(SafeConstructor.construct_yaml_binary(loader, node))} bytes>"
            except yaml.YAMLError:
                return node.value

        def floating(loader, node):
            value = SafeConstructor.construct_yaml_float(loader, node)
            if math.isfinite(value):
                return value
            return ".nan" if value != value else (".inf" if value > 0 else "-.inf")

        def a_set(loader, node):
            return sorted(loader.construct_mapping(node), key=str)

        def pairs(loader, node):
            out = []
            if isinstance(node, yaml.SequenceNode):
                for sub in node.value:
                    if isinstance(sub, yaml.MappingNode) and len(sub.value) == 1:
                        k, v = sub.value[0]
                        out.append([json_key(loader.construct_object(k)), loader.construct_object(v)])
                        continue
                    out.append(loader.construct_object(sub))
            return out

        Loader.add_constructor(_TIMESTAMP_TAG, timestamp)
        Loader.add_constructor("tag:yaml.org,2002:binary", binary)
        Loader.add_constructor("tag:yaml.org,2002:float", floating)
        Loader.add_constructor("tag:yaml.org,2002:set", a_set)
        Loader.add_constructor("tag:yaml.org,2002:omap", pairs)
        Loader.add_constructor("tag:yaml.org,2002:pairs", pairs)
        # the scalars construct_tree builds with the very constructors construct_document would use
        scalar_constructors = {tag: Loader.yaml_constructors[tag] for tag in (
            "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float", _TIMESTAMP_TAG)}
        _Loader = Loader
    return _Loader


class _Slow(Exception):
    """construct_tree met a document only PyYAML's own constructor reads exactly."""


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_SPECIAL_KEY_TAGS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}  # `<<` and `=`: see flatten_mapping
_ISO_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MAX_FAST_DEPTH = 32


def _load_yaml(src: str):
    """(value, root node) of one YAML document; raises yaml.YAMLError (or RecursionError...)."""
    loader = _yaml_loader()(src)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if "&" not in src:  # no anchor, so no node is shared and the document is a tree
            try:
                return loader.construct_tree(node), node
            except Exception:  # _Slow, or an error that construct_document reports its own way
                pass
        return loader.construct_document(node), node
    finally:
        loader.dispose()


_MAX_FM_NODES = 50_000  # YAML nodes composed for one front matter (~300 bytes of memory each)
_MAX_FM_NESTING = 200  # libyaml's composer recurses in C: 50,000 nested `[` crash the process


def _yaml_too_big(fm_text: str) -> str | None:
    """Why this front matter must not be composed into YAML nodes, or None.

    Composing costs about 300 bytes per node, and its C recursion overflows the stack on deep
    nesting, so both are measured first: by counting characters where that proves the front matter
    small (every node after the first follows one of `[ { - : ? , newline`, at most three per
    character, and every level of nesting needs one of `[ { - : ?`), else by one pass over libyaml's
    events, which holds one event at a time and stops at the first limit passed."""
    count = fm_text.count
    nesting = count("[") + count("{") + count("-") + count(":") + count("?")
    if nesting <= _MAX_FM_NESTING and 3 * (nesting + count(",") + count("\n")) + 3 <= _MAX_FM_NODES:
        return None
    import yaml

    loader = _yaml_loader()(fm_text)
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    nodes = depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                return None
            t = type(event)
            if t in starts:
                depth += 1
                if depth > _MAX_FM_NESTING:
                    return f"front matter nested more than {_MAX_FM_NESTING} levels deep; it was not read"
            elif t in ends:
                depth -= 1
                continue
            elif t is not yaml.ScalarEvent and t is not yaml.AliasEvent:
                continue
            nodes += 1
            if nodes > _MAX_FM_NODES:
                return (f"front matter holds more than {_MAX_FM_NODES:,} values; it was not read "
                        "(keep long lists in the body of the note)")
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # newer libyaml stops at its own limit while scanning ahead
            return f"front matter nested more than {_MAX_FM_NESTING} levels deep; it was not read"
        return None  # the composer reports it, at its line
    finally:
        loader.dispose()


def _yaml_message(exc, fm_text: str) -> tuple[int, int, str]:
    """(0-based line inside the front matter, 1-based column, message) for a YAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, col = mark.line, mark.column + 1
    elif getattr(exc, "position", None) is not None:  # ReaderError: an unacceptable character
        pos = exc.position
        line = fm_text.count("\n", 0, pos)
        col = pos - (fm_text.rfind("\n", 0, pos) + 1) + 1
    else:
        line, col = 0, 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or \
        (str(exc).splitlines() or [type(exc).__name__])[0]
    context = getattr(exc, "context", None)
    msg = f"invalid YAML in front matter: {problem}" + (f" ({context})" if context else "")
    lines = fm_text.split("\n")
    src = lines[line] if 0 <= line < len(lines) else ""
    if "could not determine a constructor" in msg:
        tag = problem.split(" tag ", 1)[-1].strip()
        msg = f"front matter uses a YAML tag plainnet refuses to run ({tag}); the front matter was not read"
    elif "{{" in src or "unhashable" in msg:
        msg += '; a template placeholder like {{date}} must be quoted: "{{date}}"'
    elif "[[" in src:
        msg += '; quote links in front matter: "[[Name]]"'
    return line, col, msg


class _FrontMatterTooBig(Exception):
    pass


class _LinkWalker:
    """Finds the links inside front-matter values (lists, nested maps), with the unquoted `[[x]]`
    form, and refuses structures that expand too far (YAML aliases) or contain themselves."""

    def __init__(self, note: Note, raw: str):
        self.note = note
        self.raw = raw
        self.budget = _MAX_FM_VALUES
        self._written: set[str] | None = None

    def written_unquoted(self, inner: str) -> bool:
        """Whether `[[inner]]` is written in the front matter. The texts of every `[[...]]` are
        collected once: a substring search per item made a list of 100,000 links quadratic."""
        if self._written is None:
            self._written = set(WIKILINK_SCAN_RE.findall(self.raw))
        return inner in self._written

    def walk(self, v, key: str, line: int, depth: int = 0, items: list | None = None) -> None:
        self.budget -= 1
        if self.budget < 0 or depth > _MAX_FM_DEPTH:
            raise _FrontMatterTooBig
        t = type(v)
        if t is str:
            if "[[" in v:
                self.note.links.extend(wikilinks_in(v, line, where="front_matter", key=key))
        elif t is list:
            for i, x in enumerate(v):
                item_line = items[i] if items is not None and i < len(items) else line
                # `key: [[Jane]]` or `- [[Jane]]` unquoted: YAML reads a list holding one string
                if type(x) is list and len(x) == 1 and type(x[0]) is str and self.written_unquoted(x[0]):
                    self._unquoted(x[0], key, item_line)
                else:
                    self.walk(x, key, item_line, depth + 1)
        elif t is dict:
            for x in v.values():
                self.walk(x, key, line, depth + 1)

    def _unquoted(self, inner: str, key: str, line: int) -> None:
        target, heading, display = split_wikilink(inner)
        if not target and heading is None:
            return
        self.note.links.append(Link(target, heading, display, line, "front_matter", key, unquoted=True))
        self.note.add(line, "data-link-unquoted",
                      f'unquoted link in "{key}": YAML reads [[{inner}]] as a nested list; write "[[{inner}]]"',
                      "warning")


def _parse_front_matter(note: Note, text: str, start: int, end: int) -> None:
    """Fill front_matter, fm_lines and item_lines from text[start:end] (the lines between the fences)."""
    fm_text = text[start:end]
    first = text.count("\n", 0, start) + 1  # file line of the front matter's first line
    too_big = _yaml_too_big(fm_text)
    if too_big:
        note.add(first, "data-yaml", too_big)
        note.yaml_ok = False
        return
    if FAST_FRONT_MATTER:
        entries = read_simple(fm_text)
        if entries is not None:
            _fill_simple(note, first, entries, fm_text)
            return
    try:
        loaded, node = _load_yaml(fm_text)
    except Exception as exc:  # yaml.YAMLError, and RecursionError on absurd nesting
        line, col, msg = _yaml_message(exc, fm_text)
        last = first + fm_text.count("\n")
        note.add(min(max(first, first + line), last), "data-yaml", msg, "error", col)
        note.yaml_ok = False
        return
    if loaded is None:
        return
    if type(loaded) is not dict:
        note.add(first, "data-yaml", f"front matter must be 'key: value' lines, not a {type(loaded).__name__}")
        note.yaml_ok = False
        return
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    pairs = node.value
    if len(pairs) != len(loaded):  # repeated keys or `<<` merges: name keys as written
        names = [k.value if k.tag == _STR_TAG else str(k.value) for k, _ in pairs]
    else:
        names = list(loaded)
    anchors = "&" in fm_text  # aliases can expand exponentially or make a list contain itself
    to_walk = []
    for name, (knode, vnode) in zip(names, pairs):
        line = first + knode.start_mark.line
        if name in keys:
            note.add(line, "data-yaml", f"key {name!r} appears twice in the front matter (also line "
                     f"{keys[name]}); the last value is used", "warning")
        keys[name] = line
        tag = vnode.tag
        if tag == _STR_TAG:
            value = loaded.get(name)
            if type(value) is str and "[[" in value:
                links = wikilinks_in(value, line, where="front_matter", key=name)
                if links:
                    note.links.extend(links)
            continue
        if tag == _SEQ_TAG:
            items[name] = [first + it.start_mark.line for it in vnode.value]
        if anchors or (tag in _CONTAINER_TAGS and "[[" in fm_text[vnode.start_mark.index:vnode.end_mark.index]):
            to_walk.append((name, line))
    note.fm_lines, note.item_lines = keys, items
    note.front_matter = loaded
    if to_walk:
        walker = _LinkWalker(note, fm_text)
        try:
            for key, line in to_walk:
                walker.walk(loaded.get(key), key, line, 0, items.get(key))
        except (_FrontMatterTooBig, RecursionError):
            note.links = [l for l in note.links if l.where != "front_matter"]
            note.findings = [f for f in note.findings if f.rule != "data-link-unquoted"]
            note.add(first, "data-yaml", "front matter too large or too deeply nested (YAML aliases that "
                     "expand too far, or a list that contains itself); it was not read")
            note.yaml_ok = False
            note.front_matter = {}


_CONTAINER_TAGS = {_SEQ_TAG, _MAP_TAG}


def _has_link(values: list) -> bool:
    """Whether a list read by read_simple (of scalars and mappings of scalars and flat lists) holds
    a string with `[[`."""
    for x in values:
        t = type(x)
        if t is str:
            if "[[" in x:
                return True
        elif t is dict:
            for y in x.values():
                if (type(y) is str and "[[" in y) or (type(y) is list and _has_link(y)):
                    return True
    return False


#: read simple front matter without YAML (plainnet.notes.simple_yaml); False forces the YAML path,
#: which the tests compare it with
FAST_FRONT_MATTER = True


def _fill_simple(note: Note, first: int, entries: list, fm_text: str) -> None:
    """What the rest of _parse_front_matter does, for what read_simple read: the same values, key
    and item lines, and links in the same order (string values' as their keys come, then lists')."""
    if not entries:
        return  # blank lines and comments: YAML reads no document
    fm = {}
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    to_walk = []
    has_links = "[[" in fm_text
    for name, i, value, item_lines in entries:
        line = first + i
        keys[name] = line
        fm[name] = value
        t = type(value)
        if t is str:
            if "[[" in value:
                links = wikilinks_in(value, line, where="front_matter", key=name)
                if links:
                    note.links.extend(links)
        elif t is list:
            items[name] = [first + x for x in item_lines]
            if has_links and _has_link(value):
                to_walk.append((name, line))
    note.fm_lines, note.item_lines = keys, items
    note.front_matter = fm
    if to_walk:
        walker = _LinkWalker(note, fm_text)
        for key, line in to_walk:
            walker.walk(fm[key], key, line, 0, items[key])


def _string_list(value) -> list[str]:
    """Obsidian's reading of aliases/tags: a list, or one string taken whole."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value).strip()] if str(value).strip() else []


# ---------------------------------------------------------------- body scanning

FILL = "\x00"  # what blanked-out text (code, comments) is replaced with: not a space, not a bracket
_BLOCK_PREFIX_RE = re.compile(r"[ \t]*(?:>[ \t]*)*\Z")
_BLANK_LINE_RE = re.compile(r"\n[ \t>]*\n")
_FENCE_PREFIX_RE = re.compile(r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\Z")
# a closing fence line: the same character, at least as many as the opening fence (checked by the caller)
_CLOSERS = {ch: re.compile(r"^[ \t]*(?:>[ \t]*)*(" + ch + r"{3,})[ \t]*$", re.M) for ch in "`~"}
_BACKTICKS_RE = re.compile("`+")
# Obsidian's tag characters: anything but whitespace, General/Supplemental Punctuation and ASCII
# punctuation other than `-`, `_` and `/` (and our blanking filler).
_TAG_RE = re.compile(r"#([^\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\\s\x00]+)")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# A heading, or a list item that is a task (`- [ ]`, `* [x]`, `1. [/]`, `2) [-]`, `> - [ ]` in a
# blockquote or callout), each matched from the newline before it.
_LINE_RE = re.compile(r"\n(?:(#{1,6})[ \t]+([^\n]*)"
                      r"|[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([^\n\x00])\](?=[ \t\n]|\Z)([^\n]*))")
_LOG_HEADINGS = {"log", "interactions", "history"}
_DATE = r"(\d{4}-\d{2}-\d{2})"
_LOG_LINE_RE = re.compile(r"\n[ \t]*[-*+][ \t]+(?:\[\[)?" + _DATE + r"(?:\]\])?[ \t]*[:\u2013\u2014-]?[ \t]*([^\n]*)")
# A task's dates: an Obsidian Tasks emoji or a Dataview field, then the date. One pass finds them all;
# matches cannot overlap (a date holds no marker), so the first of each kind is the leftmost match of
# that kind's own pattern, and the emoji alternation is tried once per character, not once per kind.
_TASK_DATE_RE = re.compile(r"(📅|📆|🗓️?|✅|❌|⏳|⌛|🛫)\s*" + _DATE
                           + r"|[\[(](due|completion|scheduled|start)::\s*" + _DATE + r"\s*[\])]")
_TASK_DATE_KIND = {"📅": "due", "📆": "due", "🗓": "due", "🗓\ufe0f": "due", "due": "due",
                   "✅": "done", "completion": "done", "❌": "cancelled",
                   "⏳": "scheduled", "⌛": "scheduled", "scheduled": "scheduled", "🛫": "start", "start": "start"}
_TASK_HINT_RE = re.compile("[📅📆🗓✅❌⏳⌛🛫]|::")
_BAD_DATE_RE = re.compile(r"(?:📅|📆)\s*(\S+)|[\[(]due::\s*([^\])]*)[\])]")


def _blank_spans(src: str) -> array:
    """Spans of src (a flat array: start, end, start, end...) that hold no links, tags or tasks for Obsidian: fenced code (``` or ~~~, also
    indented inside list items and blockquotes), inline code, `<!-- -->` and `%% %%` comments.

    Scanned left to right, so a backtick inside a comment or `%%` inside code is just text. An
    unclosed fence or comment runs to the end of the note, as in Obsidian.
    """
    n = len(src)
    search = _TOKENS_RE.search
    spans = array("q")  # start, end, start, end...: 16 bytes a span (a list of tuples took 100)
    pos = 0
    runs_line, runs = -1, {}
    # Every search below is remembered and reused while it still answers for the current position,
    # so that a line or a note full of tokens (100,000 unclosed `<!--`, backticks on one long line)
    # costs one pass instead of one pass per token.
    close_at = -2  # the last `-->` found (-1: none after that point); -2: not looked yet
    blank_at = -2  # the last blank line found, the same way
    line_s, line_e, fence_ok = -1, -1, ()
    while True:
        m = search(src, pos)
        if m is None:
            return spans
        s, e = m.span()
        ch = src[s]
        if ch == "%":  # an Obsidian comment `%%`: to the next %%, across lines, or to the end
            e = src.find("%%", s + 2)
            end = n if e < 0 else e + 2
            spans.extend((s, end))
            pos = end
            continue
        if s >= line_e:  # a new line; where on it a fence or HTML block may open is found when needed
            line_e = src.find("\n", s)
            if line_e < 0:
                line_e = n
            fence_ok = None
        run = e - s
        if ch == "`" and run < 3:
            # inline code: closed by the next run of exactly as many backticks on the same line. The
            # runs of a line are indexed once, so a line full of backticks stays linear.
            if runs_line != line_e:
                runs_line, runs = line_e, {}
                if src.find("`", e, line_e) < 0:
                    pos = e  # the line's only backtick run: literal text
                    continue
                for mm in _BACKTICKS_RE.finditer(src, s, line_e):
                    runs.setdefault(mm.end() - mm.start(), array("q")).append(mm.start())
            cands = runs.get(run) or ()
            i = bisect_right(cands, s)
            if i >= len(cands):
                pos = e  # an unmatched backtick run is literal text
                continue
            end = cands[i] + run
            spans.extend((s, end))
            pos = end
            continue
        if fence_ok is None:
            line_s = src.rfind("\n", 0, s) + 1
            fence_ok = _fence_starts(src, line_s, line_e)
        if ch == "<":  # `<!--`
            if close_at != -1 and close_at < s + 4:
                close_at = src.find("-->", s + 4)
            e = close_at
            if s == fence_ok[0]:  # an HTML block: to the line with -->, or the end
                end = n if e < 0 else e + 3
            else:
                if e >= 0 and blank_at != -1 and blank_at < s:
                    mb = _BLANK_LINE_RE.search(src, s)
                    blank_at = mb.start() if mb else -1
                if e < 0 or 0 <= blank_at < e:
                    pos = s + 4  # inline, never closed in its paragraph: literal text, as in CommonMark
                    continue
                end = e + 3
            spans.extend((s, end))
            pos = end
            continue
        if s in fence_ok and (ch == "~" or src.find("`", e, line_e) < 0):
            end = n
            for close in _CLOSERS[ch].finditer(src, line_e):
                if len(close.group(1)) >= run:
                    end = close.end()
                    break
            spans.extend((line_s, end))
            pos = end
            continue
        if ch == "~":
            pos = e
            continue
        # a run of three or more backticks that opens no fence: inline code, as above
        if runs_line != line_e:
            runs_line, runs = line_e, {}
            for mm in _BACKTICKS_RE.finditer(src, s, line_e):
                runs.setdefault(mm.end() - mm.start(), array("q")).append(mm.start())
        cands = runs.get(run) or ()
        i = bisect_right(cands, s)
        if i >= len(cands):
            pos = e
            continue
        end = cands[i] + run
        spans.extend((s, end))
        pos = end


_TOKENS_RE = re.compile(r"`+|~~~+|<!--|%%")  # what opens code or a comment: a whole run of backticks or tildes
_QUOTE_PREFIX_RE = re.compile(r"[ \t]*(?:>[ \t]*)*")
_LIST_MARK_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")


def _fence_starts(src: str, ls: int, le: int) -> tuple[int, ...]:
    """Where on the line src[ls:le] a code fence may open: after blanks and `>` quote marks (also
    where an HTML block may open), or after those and one list marker. What _FENCE_PREFIX_RE and
    _BLOCK_PREFIX_RE accept, found once per line instead of once per token."""
    a = _QUOTE_PREFIX_RE.match(src, ls, le).end()
    m = _LIST_MARK_RE.match(src, a, le)
    return (a, m.end()) if m else (a,)


def _blank(src: str, spans: array) -> str:
    """src with the spans filled with FILL, newlines kept. Pieces are joined a thousand spans at a
    time, so a note of a million tiny comments holds one extra copy of its text, not a million
    small strings."""
    chunks = []
    parts = []
    last = 0
    for i in range(0, len(spans), 2):
        s, e = spans[i], spans[i + 1]
        parts.append(src[last:s])
        seg = src[s:e]
        if "\n" in seg:
            parts.append("\n".join(FILL * len(x) for x in seg.split("\n")))
        else:
            parts.append(FILL * len(seg))
        last = e
        if len(parts) >= 2000:
            chunks.append("".join(parts))
            parts.clear()
    parts.append(src[last:])
    chunks.append("".join(parts))
    return "".join(chunks)


def _scan_body(note: Note, body: str, body_line: int) -> None:
    src = "\n" + body
    # single characters first: `in` finds one with memchr, many times faster than a longer string
    if "`" in src or ("~" in src and "~~~" in src) or ("<" in src and "<!--" in src) or ("%" in src and "%%" in src):
        spans = _blank_spans(src)
        text = _blank(src, spans) if spans else src
    else:
        text = src
    has_wiki = "[[" in text
    has_md = "](" in text
    # Line numbers: the file line of offset p is base + text.count("\n", 0, p) (text[0] is the
    # newline before the body); each pass counts incrementally from its previous match.
    base = body_line - 1
    count = text.count
    links = note.links
    found: list = []
    wspans: list | None = None  # start, end, start, end... of the wikilinks, made when a later pass needs them
    marked = has_wiki and ("![[" in text or "\\[[" in text)
    if has_wiki:
        pos, line = 0, base
        embed = False
        append = found.append
        for m in WIKILINK_SCAN_RE.finditer(text):
            s = m.start()
            if marked:
                before = text[s - 1]
                if before == "\\":
                    continue
                embed = before == "!"
            line += count("\n", pos, s)
            pos = s
            parts = wikilink_parts(m.group(1))
            if parts is None:
                continue
            link = Link(*parts, line, "body", None, embed)
            append((s, link) if has_md else link)
    if has_md:
        pos, line = 0, base
        n_wiki = len(found)
        for m in MDLINK_SCAN_RE.finditer(text):
            s = m.start()
            before = text[s - 1]
            if before == "\\":
                continue  # escaped
            if has_wiki:
                if wspans is None:
                    wspans = _wikilink_spans(text, marked)
                if bisect_right(wspans, s) % 2:
                    continue  # inside a wikilink (`[[a]](b)`)
            line += count("\n", pos, s)
            pos = s
            link = markdown_link_from(m.group(1), m.group(2), line, embed=before == "!")
            if link is not None:
                found.append((s, link))
        if n_wiki and len(found) > n_wiki:
            found.sort(key=_first_item)
        links.extend([l for _, l in found])
    else:
        links.extend(found)
    if "#" in text:
        pos, line = 0, base
        for m in _TAG_RE.finditer(text):
            s = m.start()
            before = text[s - 1]
            if not before.isspace() and not (before in _ASCII_PUNCT and text[s - 2] == "\\"):
                continue
            if has_wiki:
                if wspans is None:
                    wspans = _wikilink_spans(text, marked)
                if bisect_right(wspans, s) % 2:
                    continue  # `[[Note #not-a-tag]]`
            tag = m.group(1).rstrip("/")
            if tag and not tag.isdigit():
                line += count("\n", pos, s)
                pos = s
                note.tags.append(tag)
                note.tag_lines.append((line, tag))
    elif "[" not in text:
        return
    pos, line = 0, base
    headings = None
    for m in _LINE_RE.finditer(text):
        s = m.start() + 1
        line += count("\n", pos, s)
        pos = s
        if m.group(1):
            if headings is None:
                headings = []
            title = m.group(2).strip().rstrip("#").strip().lower()
            headings.append((s, len(m.group(1)), line, title in _LOG_HEADINGS))
            continue
        s4, e4 = m.span(4)
        _task(note, line, m.group(3), src[s4:e4].strip(), m.group(4))
    if headings:
        for start, end, hline in _log_sections(headings, len(text)):
            _scan_log(note, text, src, start, end, hline)


def _wikilink_spans(text: str, marked: bool) -> list[int]:
    """start, end, start, end... of every wikilink the link pass reads (escaped ones are text)."""
    out: list[int] = []
    for m in WIKILINK_SCAN_RE.finditer(text):
        if marked and text[m.start() - 1] == "\\":
            continue
        out += m.span()
    return out


def _log_sections(headings: list, n: int) -> list[tuple[int, int, int]]:
    """(start, end, line) of every log section: from its heading to the next heading of the same or
    a higher level. One backward pass with a stack of the headings seen so far, so a note of 100,000
    headings costs no more than one of ten."""
    out = []
    after: list[tuple[int, int]] = []  # (level, start) of following headings; levels rise toward the top
    for start, level, line, is_log in reversed(headings):
        while after and after[-1][0] > level:
            after.pop()
        if is_log:
            out.append((start, after[-1][1] if after else n, line))
        after.append((level, start))
    out.reverse()
    return out


def _bad_date_message(value: str) -> str:
    try:
        parse_date(value)
    except BadDate as exc:
        return str(exc)
    return f"{value!r} is not a date"


def _first_item(pair):
    return pair[0]


def _scan_log(note: Note, text: str, src: str, start: int, end: int, line: int) -> None:
    pos = start
    for m in _LOG_LINE_RE.finditer(text, start, end):
        s = m.start() + 1
        line += text.count("\n", pos, s)
        pos = s
        lineno = line
        day = m.group(1)
        try:
            _date.fromisoformat(day)
        except ValueError:
            note.add(lineno, "data-date", f"log date {_bad_date_message(day)}")
            continue
        s2, e2 = m.span(2)
        note.log.append(LogEntry(day, src[s2:e2].strip(), lineno))


def _task(note: Note, lineno: int, status: str, text: str, scan: str) -> None:
    """One task item; dates are read from `scan` (the line with code and comments blanked)."""
    task = Task(lineno, text, status)
    # no date of any kind: the common case, kept cheap (an ASCII line holds none of the emoji)
    if "::" not in scan and (scan.isascii() or _TASK_HINT_RE.search(scan) is None):
        task.cancelled = status == "-"
        note.tasks.append(task)
        return
    dates: dict[str, str] = {}
    for m in _TASK_DATE_RE.finditer(scan):
        marker, day = (m[1], m[2]) if m[1] else (m[3], m[4])
        dates.setdefault(_TASK_DATE_KIND[marker], day)
    task.due, task.done_date = dates.get("due"), dates.get("done")
    task.cancelled = status == "-" or "cancelled" in dates
    task.scheduled, task.start = dates.get("scheduled"), dates.get("start")
    for label, value in (("due", task.due), ("done", task.done_date), ("scheduled", task.scheduled), ("start", task.start)):
        if value:
            try:
                _date.fromisoformat(value)
            except ValueError:
                note.add(lineno, "data-date", f"task {label} date {_bad_date_message(value)}")
                if label == "due":
                    task.due = None
    if "due" not in dates:
        bad = _BAD_DATE_RE.search(scan)
        value = bad and (bad[1] or bad[2])  # the one alternative that matched
        if value:
            note.add(lineno, "data-date", f"task due date {value!r} is not a date (use 📅 YYYY-MM-DD)")
    note.tasks.append(task)


# ---------------------------------------------------------------- the whole note


def _is_link_value(value) -> bool:
    if isinstance(value, list):
        return any(_is_link_value(v) for v in value)
    return isinstance(value, str) and "[[" in value


def _date_error(value) -> str | None:
    """None for a date plainnet accepts, else why not. `YYYY-MM-DD`, by far the most common value,
    is checked by the C date parser; everything else by dates.parse_date."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            _date.fromisoformat(value)
            return None
        except ValueError:
            pass
    try:
        parse_date(value)
    except BadDate as exc:
        return str(exc)
    return None


def _check_dates(note: Note) -> None:
    fm = note.front_matter
    for key in ("met", "last_contact", "date", "joined"):
        if key not in fm:
            continue
        value = fm[key]
        if _is_link_value(value) or isinstance(value, (list, dict)):
            continue  # `met` may be a link to the event; lists are not dates
        if key == "met" and isinstance(value, str) and not value.lstrip()[:1].isdigit():
            continue  # `met: at the chamber breakfast`
        problem = _date_error(value)
        if problem:
            note.add(note.line_of(key), "data-date", f"{key}: {problem}")
    if "birthday" in fm or "anniversaries" in fm:
        from plainnet.notes.yearly import problem as yearly_problem

        bad = yearly_problem(fm.get("birthday"))
        if bad:
            note.add(note.line_of("birthday"), "data-date", f"birthday: {bad}")
        items = fm.get("anniversaries")
        for i, item in enumerate(items if type(items) is list else []):
            bad = yearly_problem(item.get("date")) if type(item) is dict else None
            if bad:
                note.add(note.line_of("anniversaries", i), "data-date", f"anniversaries[{i + 1}].date: {bad}")
    for key in ("follow_ups", "gave", "got"):
        items = fm.get(key)
        if type(items) is not list:
            continue
        field_name = "due" if key == "follow_ups" else "date"
        for i, item in enumerate(items):
            if type(item) is dict:
                value = item.get(field_name)
                if value is not None and value != "":
                    problem = _date_error(value)
                    if problem:
                        note.add(note.line_of(key, i), "data-date", f"{key}[{i + 1}].{field_name}: {problem}")


def parse_note(path: str, data: bytes, folder_type=None) -> Note:
    """Parse the bytes of one file. `folder_type(path)` gives the type the folder mapping implies.

    The cyclic garbage collector is paused meanwhile: a parse allocates one object per YAML node,
    link and task and frees none of them, so the collector's repeated passes over them made a note
    of 100,000 links superlinear (seconds instead of a fraction of one). A parse makes no garbage
    cycles worth collecting before it returns."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _parse_note(path, data, folder_type)
    finally:
        if paused:
            gc.enable()


def _parse_note(path: str, data: bytes, folder_type) -> Note:
    # the path stays as the file system spells it (so it can be opened); names compare NFC elsewhere
    name = path.rsplit("/", 1)[-1]
    title = name[:-3] if name.lower().endswith(".md") else name
    note = Note(path=path, title=title, type=None)
    text, problem = decode(data)
    if problem:
        note.add(1, "data-file", problem, "warning")
    text = normalize_newlines(text)
    span = front_matter_span(text)
    body_pos = 0
    if span is not None:
        start, end, body_pos = span
        _parse_front_matter(note, text, start, end)
    note.body_line = text.count("\n", 0, body_pos) + 1
    note.body = text[body_pos:] if body_pos else text
    del text  # the body scan makes copies of its own: one whole copy less at the peak
    fm = note.front_matter
    t = fm.get("type")
    note.type = t.strip().lower() if isinstance(t, str) and t.strip() else (folder_type(path) if folder_type else None)
    note.aliases = _string_list(fm.get("aliases", fm.get("alias")))
    for key in ("tags", "tag"):
        if key in fm:
            v = fm[key]
            if isinstance(v, str) and "," in v:
                continue  # Obsidian reads a comma string as no tags
            note.tags.extend(x.lstrip("#") for x in _string_list(v) if x.lstrip("#"))
    if fm:
        _check_dates(note)
    _scan_body(note, note.body, note.body_line)
    return note
