"""A reader for the front matter most notes have: `key: value` lines, `key:` with `- item` lines,
`key: [a, b]`. It gives exactly what the YAML path of plainnet.notes.parse gives for such a front
matter (values as libyaml and PyYAML's YAML 1.1 resolver read them, and the line of every key and
list item), and None for anything it is not certain of, so that the caller reads that with YAML.

Why: importing PyYAML costs more than reading a whole small vault's worth of such front matter
(about 17 ms), and composing YAML nodes was half of the parse. What it refuses, among others:
anchors, aliases and tags, block scalars (`|`, `>`), multi-line values, nested mappings, comments
after a value, tabs, CR, characters YAML rejects or treats as line breaks, repeated keys, keys YAML
reads as something other than a string (`yes:`), and plain values that look like numbers, times or
dates in any form but `2026-06-15` and `42`. tests/test_parse_fast.py compares it with the YAML
path on every corpus file and on generated front matter.
"""
from __future__ import annotations

import re

# Anything but LF, printable ASCII and the printable non-ASCII range libyaml accepts (without NEL,
# the line and paragraph separators, the BOM and the non-characters): such a front matter goes to YAML.
_UNSAFE_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_DQ_RE = re.compile(r'"((?:[^"\\]|\\["\\])*)"\Z')
_DQ_ESCAPE_RE = re.compile(r'\\(["\\])')
_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_INT_RE = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
# the items of a one-line flow list: quoted strings, or plain ones with no flow indicator, colon or `#`
_DQ_ITEM_RE = re.compile(r'"(?:[^"\\]|\\["\\])*"')
_SQ_ITEM_RE = re.compile(r"'(?:[^']|'')*'")
_FLOW_PLAIN_BAD_RE = re.compile(r"[\[\]{}#:]")

_BOOLS = {w: v for v, words in ((True, ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")),
                                (False, ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")))
          for w in words}
_NULLS = {"~", "null", "Null", "NULL"}
# first characters for which YAML 1.1 may resolve a plain scalar to something other than a string
_TRIGGERS = frozenset("yYnNtTfFoO~<=-+.0123456789")
# A superset of what YAML 1.1 reads as an int, a float or a timestamp (binary, octal, hex and
# sexagesimal numbers, `.inf`, `1.5e+3`, date-times with seconds): such a value goes to YAML.
_NUMBER_LIKE_RE = re.compile(r"""[-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+
    |[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))\Z""", re.X)
_TIMESTAMP_LIKE_RE = re.compile(r"""[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
    (?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?\Z""", re.X)
# characters that cannot start a plain scalar (or start something else)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class _Refuse(Exception):
    pass


def _scalar(s: str):
    """The value of one scalar written on one line, without surrounding blanks; raises _Refuse."""
    if not s:
        raise _Refuse
    c = s[0]
    if c == "'":
        inner = s[1:-1]
        if len(s) < 2 or s[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Refuse
        return inner.replace("''", "'")
    if c == '"':
        m = _DQ_RE.match(s)
        if m is None:
            raise _Refuse
        inner = m.group(1)
        return _DQ_ESCAPE_RE.sub(r"\1", inner) if "\\" in inner else inner
    if c in _INDICATORS or ": " in s or s[-1] == ":" or " #" in s:
        raise _Refuse
    if c not in _TRIGGERS:
        return s
    if s in _BOOLS:
        return _BOOLS[s]
    if s in _NULLS:
        return None
    if c in "yYnNtTfFoO~":
        return s
    if c in "<=":
        if s in ("<<", "="):
            raise _Refuse
        return s
    if _DAY_RE.match(s):
        return s  # a day is kept as written (see parse._load_yaml), an impossible one too
    if _INT_RE.match(s):
        return int(s)
    if _NUMBER_LIKE_RE.match(s) or _TIMESTAMP_LIKE_RE.match(s):
        raise _Refuse  # an octal, hex, float or sexagesimal number, or a date-time: YAML decides
    return s


def _flow_list(s: str) -> list:
    """`[a, "b", 'c']` on one line. Scanned by hand: a regular expression for the items backtracks
    quadratically on a long line of blanks."""
    if s[-1] != "]":
        raise _Refuse
    inner = s[1:-1]
    if not inner.strip(" "):
        return []
    out = []
    pos, n = 0, len(inner)
    while True:
        while pos < n and inner[pos] == " ":
            pos += 1
        if pos >= n:
            raise _Refuse  # an empty item: `[a, ]`, `[, a]`
        c = inner[pos]
        if c == '"' or c == "'":
            m = (_DQ_ITEM_RE if c == '"' else _SQ_ITEM_RE).match(inner, pos)
            if m is None:
                raise _Refuse
            end = m.end()
            item = inner[pos:end]
        else:
            end = inner.find(",", pos)
            if end < 0:
                end = n
            item = inner[pos:end].rstrip(" ")
            if _FLOW_PLAIN_BAD_RE.search(item):
                raise _Refuse
        out.append(_scalar(item))
        pos = end
        while pos < n and inner[pos] == " ":
            pos += 1
        if pos >= n:
            return out
        if inner[pos] != ",":
            raise _Refuse
        pos += 1


# One line of the simple kind, matched where the line starts: `key: value` or `key:`; a list item
# `- value`, `- key: value` or `- key:`; the next `key: value` of a mapping item; a comment or a
# blank line. A value is taken to the end of the line (its trailing blanks are stripped afterwards:
# a lazy match backtracks quadratically on a long run of blanks).
_LINE_RE = re.compile(r"""(?:
    ([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+([^\n]*))?
   |([ ]*)-[ ](?:([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+([^\n]*))?|([^ \n][^\n]*))
   |([ ]+)([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+([^\n]*))?
   |\#[^\n]*|[ ]*
)(?:\n|\Z)""", re.X)

_SCALARS: dict = {}  # text -> value (or _REFUSED): a vault writes the same few values over and over
_REFUSED = object()


def _value(raw: str | None, flow: bool = True):
    """The value of the rest of a `key:` line (None when there is none), memoised for scalars.
    `flow=False`: a list item, which may not be a list (`- [a]`) itself."""
    if raw is None:
        return None
    v = _SCALARS.get(raw, _REFUSED)
    if v is not _REFUSED:
        return v
    rest = raw.rstrip(" ")
    if not rest:
        return None
    if rest[0] == "[":
        if not flow:
            raise _Refuse
        return _flow_list(rest)
    if raw in _SCALARS:
        raise _Refuse  # refused before
    try:
        v = _scalar(rest)
    except _Refuse:
        v = _REFUSED
    if len(_SCALARS) < 50_000 and len(raw) <= 200:  # (a long value would hold its memory)
        _SCALARS[raw] = v
    if v is _REFUSED:
        raise _Refuse
    return v


_NOT_KEYS = frozenset(_BOOLS) | _NULLS  # keys YAML reads as a boolean or null, not a string


def read_simple(fm_text: str) -> list[tuple[str, int, object, list | None]] | None:
    """[(key, 0-based line, value, 0-based lines of its list items or None)] in file order, or None
    when the front matter is not of the simple kind (then YAML must read it).

    Besides `key: value` and `key: [a, b]`, a `key:` line may be followed by list items at one
    indentation, each a value or a mapping of `k: value` lines (`- date: 2026-01-02` then
    `  what: ...` aligned with `date`)."""
    if not fm_text.replace("\n", "").isprintable() and _UNSAFE_RE.search(fm_text):
        return None  # (what isprintable accepts, libyaml accepts too: the regex is for the rest)
    out: list = []
    seen: set = set()
    open_key = None  # the entry of a `key:` line that list items may follow
    indent = -1  # the indentation of its items' dashes
    item = None  # the mapping of the last item, if it is one
    match = _LINE_RE.match
    known = _SCALARS.get
    pos, n, i = 0, len(fm_text), -1
    try:
        while pos < n:
            m = match(fm_text, pos)
            if m is None:
                return None
            pos = m.end()
            i += 1
            key, raw, dash, ikey, iraw, scalar, mind, mkey, mraw = m.groups()
            if key is not None:  # a top-level key
                if key in seen or key in _NOT_KEYS:
                    return None  # a repeated key, or one YAML does not read as a string
                seen.add(key)
                item = None
                if raw is None or not raw.strip(" "):
                    open_key = [key, i, None, None]
                    indent = -1
                    out.append(open_key)
                else:
                    open_key = None
                    value = known(raw, _REFUSED)
                    if value is _REFUSED:
                        value = _value(raw)
                    out.append((key, i, value, [i] * len(value) if type(value) is list else None))
            elif dash is not None:  # a list item
                if open_key is None:
                    return None
                at = len(dash)
                if indent < 0:
                    indent = at
                    open_key[2], open_key[3] = [], []
                elif at != indent:
                    return None
                if ikey is not None:
                    if ikey in _NOT_KEYS:
                        return None
                    item = {ikey: _value(iraw)}
                    open_key[2].append(item)
                else:
                    item = None
                    open_key[2].append(_value(scalar, False))
                open_key[3].append(i)
            elif mkey is not None:  # the next key of a mapping item
                if item is None or len(mind) != indent + 2 or mkey in item or mkey in _NOT_KEYS:
                    return None
                item[mkey] = _value(mraw)
    except _Refuse:
        return None
    return out
