"""`find`: full-text search over titles, aliases, front-matter values and bodies.

The index keeps an SQLite FTS5 table over each note's words (plainnet.index: `docs` and `fts`,
updated with the rest of the rows), ranked by bm25 with a title worth more than a field and a
field more than a line of the body. A query is words (all must occur, in any part of the note),
"quoted phrases", `word*` prefixes, and filters: `key:value` (the front-matter value contains
it, ignoring case), `key:*` (the key is filled), `type:T` and `tag:T`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

#: bm25 weights of the fts columns: title and aliases, front-matter values, body
WEIGHTS = (10.0, 4.0, 1.0)
OPEN, CLOSE = "\x02", "\x03"  # highlight marks inside snippets (never in a note: control characters are cleaned)
_FILTER = re.compile(r"^([A-Za-z_][\w.-]*):(.*)$", re.DOTALL)
_WORD = re.compile(r"[^\W_]+")
TYPES = ("contact", "event", "group", "pitch", "note")


class QueryError(ValueError):
    """A query plainnet cannot run (the CLI exits 2 with the message)."""


@dataclass
class Query:
    terms: list = field(default_factory=list)  # (words tuple, prefix: bool): a word or a phrase
    fields: list = field(default_factory=list)  # (key, value or "*")
    types: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    def fts(self) -> str:
        """The FTS5 MATCH expression: every term quoted (no user text is FTS syntax)."""
        parts = []
        for words, prefix in self.terms:
            parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
        return " AND ".join(parts)


def parse_query(args, types=(), tags=()) -> Query:
    """Words, phrases and filters from the command line's QUERY arguments (and --type/--tag)."""
    q = Query(types=list(types), tags=list(tags))
    for arg in args:
        m = _FILTER.match(arg) if " " not in arg.split(":", 1)[0] else None
        if m and not arg.startswith(("http:", "https:", "mailto:")):
            key, value = m.group(1), m.group(2).strip()
            if not value:
                raise QueryError(f"{arg!r}: say what {key} should contain (or {key}:* for any value)")
            if key == "type":
                if value.lower() not in TYPES:
                    raise QueryError(f"{arg!r}: type is one of {', '.join(TYPES)}")
                q.types.append(value.lower())
            elif key == "tag":
                q.tags.append(value)
            else:
                q.fields.append((key, value))
            continue
        prefix = arg.rstrip().endswith("*")
        words = tuple(w for w in _WORD.findall(arg))
        if words:
            q.terms.append((words, prefix))
    for t in q.types:
        if t not in TYPES:
            raise QueryError(f"{t!r}: type is one of {', '.join(TYPES)}")
    if not (q.terms or q.fields or q.types or q.tags):
        raise QueryError("give words to search for, or a filter such as company:Northwind")
    return q


def field_matches(fm: dict, key: str, value: str) -> bool:
    """A `key:value` filter: the key is filled (`*`), or its value, as read or as written,
    contains `value` ignoring case (`met:2026-11` matches a date and a link to a November event)."""
    from plainnet.plaintext import plain_value

    if key not in fm:
        return False
    v = fm[key]
    shown = plain_value(v)
    if value == "*":
        return shown.strip() != ""
    want = value.casefold()
    return want in shown.casefold() or want in json.dumps(v, ensure_ascii=False, default=str).casefold()


@dataclass
class Hit:
    path: str
    line: int
    title: str
    type: str | None
    part: str  # "title", "fields" or "body": where the words were found
    snippet: str  # with OPEN/CLOSE around each matched word
    score: float

    def to_json(self) -> dict:
        text, marks = split_marks(self.snippet)
        return {"path": self.path, "line": self.line, "title": self.title, "type": self.type, "in": self.part,
                "snippet": text, "marks": marks, "score": round(self.score, 4)}


def split_marks(snippet: str) -> tuple[str, list]:
    """The snippet without marks, and [start, end) of each highlighted span in it."""
    out, marks, start = [], [], None
    pos = 0
    for ch in snippet:
        if ch == OPEN:
            start = pos
        elif ch == CLOSE:
            if start is not None:
                marks.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), marks


def _filters_sql(q: Query) -> tuple[str, list]:
    sql, params = [], []
    if q.types:
        ors = []
        for t in dict.fromkeys(q.types):
            if t == "note":
                ors.append("n.type IS NULL OR n.type NOT IN ('contact', 'event', 'group', 'pitch')")
            else:
                ors.append("n.type = ?")
                params.append(t)
        sql.append("(" + " OR ".join(ors) + ")")
    for key, _value in q.fields:
        sql.append("json_type(n.fm, ?) IS NOT NULL")
        params.append('$."' + key.replace('"', '') + '"')
    return "".join(" AND " + s for s in sql), params


def _keep(q: Query, tags_json: str | None, fm_json: str | None) -> bool:
    if q.tags:
        from plainnet.api import has_tag

        tags = json.loads(tags_json or "[]")
        if not all(has_tag(tags, t) for t in q.tags):
            return False
    if q.fields:
        fm = json.loads(fm_json or "{}")
        if not all(field_matches(fm, k, v) for k, v in q.fields):
            return False
    return True


def find(vault, q: Query, limit: int | None = 20) -> list[Hit]:
    """The notes matching `q`, best first (bm25; by path for filters alone), at most `limit`."""
    where, params = _filters_sql(q)
    need_fm = bool(q.fields)
    fm_col = "n.fm" if need_fm else "NULL"
    conn = vault.index.conn
    if q.terms:
        rows = conn.execute(
            f"SELECT d.id, d.path, n.tags, {fm_col}, bm25(fts, {', '.join(map(str, WEIGHTS))}) AS r "
            "FROM fts JOIN docs d ON d.id = fts.rowid JOIN notes n ON n.path = d.path "
            f"WHERE fts MATCH ?{where} ORDER BY r, d.path", (q.fts(), *params)).fetchall()
    else:
        rows = conn.execute(
            f"SELECT NULL, n.path, n.tags, {fm_col}, 0.0 FROM notes n WHERE 1{where} ORDER BY n.path",
            params).fetchall()
    kept = [r for r in rows if _keep(q, r[2], r[3])] if (q.tags or q.fields) else rows
    if limit:
        kept = kept[:limit]
    return _hits(vault, q, kept)


def _hits(vault, q: Query, rows) -> list[Hit]:
    """Hits with their line and snippet (read only for the notes shown)."""
    if not rows:
        return []
    conn = vault.index.conn
    info = {}
    paths = [r[1] for r in rows]
    for path, title, type_, fm_lines, body_line, aliases in vault.index.rows_in(
            "SELECT path, title, type, fm_lines, body_line, aliases FROM notes WHERE path IN ({})", paths):
        info[path] = (title, type_, json.loads(fm_lines or "{}"), body_line, aliases)
    texts = {}
    if q.terms:
        ids = [r[0] for r in rows]
        marks = f"'{OPEN}', '{CLOSE}'"
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for row in conn.execute(
                    f"SELECT fts.rowid, d.title, d.fields, d.body, highlight(fts, 0, {marks}), "
                    f"snippet(fts, 1, {marks}, '…', 12), snippet(fts, 2, {marks}, '…', 14) "
                    f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? AND fts.rowid IN "
                    f"({','.join('?' * len(chunk))})", (q.fts(), *chunk)):
                texts[row[0]] = row[1:]
    out = []
    for rid, path, _tags, _fm, score in rows:
        title, type_, fm_lines, body_line, _aliases = info.get(path, (path, None, {}, 1, "[]"))
        if not q.terms:
            out.append(Hit(path, 1, title, type_, "title", title, 0.0))
            continue
        t_text, f_text, b_text, t_hl, f_snip, b_snip = texts.get(rid, ("", "", "", "", "", ""))
        if OPEN in t_hl:
            first = t_hl.split("\n")
            n = next(i for i, s in enumerate(first) if OPEN in s)
            line = 1 if n == 0 else fm_lines.get("aliases", fm_lines.get("alias", 1))
            out.append(Hit(path, line, title, type_, "title", _one_line(first[n]), score))
        elif OPEN in f_snip:
            offset = _locate(f_text, f_snip)
            key = f_text[f_text.rfind("\n", 0, offset) + 1:].split(":", 1)[0] if offset is not None else ""
            out.append(Hit(path, fm_lines.get(key, 1), title, type_, "fields", _one_line(f_snip), score))
        else:
            offset = _locate(b_text, b_snip)
            line = body_line + (b_text.count("\n", 0, offset) if offset is not None else 0)
            out.append(Hit(path, line, title, type_, "body", _one_line(b_snip), score))
    return out


def _locate(text: str, snippet: str) -> int | None:
    """Where in `text` the snippet's first highlighted word is (None if it cannot be told)."""
    frag = snippet.strip("…")
    first = frag.find(OPEN)
    if first < 0:
        return None
    plain_before = frag[:first].replace(OPEN, "").replace(CLOSE, "")
    plain = frag.replace(OPEN, "").replace(CLOSE, "")
    at = text.find(plain)
    if at >= 0:
        return at + len(plain_before)
    at = text.find(plain_before)
    return at + len(plain_before) if at >= 0 else None


def _one_line(snippet: str) -> str:
    return re.sub(r" {2,}", " ", _keep_marks(snippet)).strip()


def _keep_marks(snippet: str) -> str:
    """The snippet on one line, control characters removed except the highlight marks."""
    from plainnet.plaintext import clean

    return OPEN.join(CLOSE.join(clean(p) for p in part.split(CLOSE)) for part in snippet.split(OPEN))
