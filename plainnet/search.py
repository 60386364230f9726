"""`find`: full-text search over titles, aliases, front-matter values and bodies.

The index keeps an SQLite FTS5 table over each note's words (plainnet.index.store: `docs` and `fts`,
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
        """The FTS5 MATCH expression: every term quoted (no user text is FTS syntax); a field
        filter's words must be in the front-matter column (its key is checked afterwards)."""
        parts = []
        for words, prefix in self.terms:
            parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
        for _key, value in self.fields:
            words = tokens(value)
            if value != "*" and words:
                parts.append('{fields} : "' + " ".join(words) + '"*')
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


def field_values(fields_text: str) -> dict[str, str]:
    """key -> readable value, from the `key: value` lines the index keeps for search."""
    out = {}
    for line in (fields_text or "").split("\n"):
        key, sep, value = line.partition(": ")
        if sep:
            out[key] = value
    return out


def tokens(text: str) -> list[str]:
    """Words as the index's tokenizer (unicode61, diacritics removed) splits them, lower case."""
    import unicodedata

    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return [w.lower() for w in _WORD.findall(text)]


def field_matches(fields: dict, key: str, value: str) -> bool:
    """A `key:value` filter: the words of `value` occur in that field's value as shown (links by
    their text, lists joined by commas), in order, the last one as a prefix, ignoring case and
    accents (`met:2026-11` matches 2026-11-03 and a link to a November event; `company:North`
    matches Northwind). A value without words must occur as written."""
    shown = fields.get(key)
    if shown is None:
        return False
    want = tokens(value)
    if not want:
        return value.casefold() in shown.casefold()
    have = tokens(shown)
    n = len(want)
    return any(have[i:i + n - 1] == want[:-1] and have[i + n - 1].startswith(want[-1])
               for i in range(len(have) - n + 1))


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


_FILLED_SQL = ("CASE json_type(n.fm, ?1) WHEN 'null' THEN 0 WHEN 'text' THEN trim(json_extract(n.fm, ?1)) != '' "
               "WHEN 'array' THEN json_array_length(n.fm, ?1) > 0 WHEN 'object' THEN json_extract(n.fm, ?1) != '{}' "
               "WHEN 'false' THEN 1 WHEN 'true' THEN 1 WHEN 'integer' THEN 1 WHEN 'real' THEN 1 ELSE 0 END")


def _filters_sql(q: Query) -> tuple[str, list, bool]:
    """SQL conditions on notes `n` for the filters, their parameters, and whether a Python check
    must still follow (tags, and field values SQL cannot judge exactly)."""
    sql, params, python = [], [], bool(q.tags)
    if q.types:
        ors = []
        for t in dict.fromkeys(q.types):
            if t == "note":
                ors.append("n.type IS NULL OR n.type NOT IN ('contact', 'event', 'group', 'pitch')")
            else:
                ors.append("n.type = ?")
                params.append(t)
        sql.append("(" + " OR ".join(ors) + ")")
    for key, value in q.fields:
        if value == "*":
            path = '$."' + key.replace('"', '') + '"'
            sql.append(_FILLED_SQL.replace("?1", "?"))
            params += [path] * _FILLED_SQL.count("?1")
            continue
        python = True
    for t in q.tags:
        sql.append("instr(lower(n.tags), ?) > 0")
        params.append(t.lstrip("#").lower() if t.isascii() else "")
    return "".join(" AND " + s for s in sql), params, python


def _keep(q: Query, tags_json: str | None, fields_text: str | None) -> bool:
    if q.tags:
        from plainnet.api import has_tag

        tags = json.loads(tags_json or "[]")
        if not all(has_tag(tags, t) for t in q.tags):
            return False
    fields = [(k, v) for k, v in q.fields if v != "*"]
    if fields:
        values = field_values(fields_text)
        if not all(field_matches(values, k, v) for k, v in fields):
            return False
    return True


def find(vault, q: Query, limit: int | None = 20) -> list[Hit]:
    """The notes matching `q`, best first (bm25; by path for filters alone), at most `limit`."""
    where, params, python = _filters_sql(q)
    vault.index.ensure_search()
    conn = vault.index.conn
    rank = f"bm25(fts, {', '.join(map(str, WEIGHTS))})"
    cut = f" LIMIT {int(limit)}" if limit and not python else ""
    match = q.fts()
    if match and not where and not python:  # words alone: the full-text index answers without a join
        top = conn.execute(f"SELECT fts.rowid, {rank} AS r FROM fts WHERE fts MATCH ? ORDER BY r, fts.rowid{cut}",
                           (match,)).fetchall()
        paths = dict(vault.index.rows_in("SELECT id, path FROM docs WHERE id IN ({})", [r[0] for r in top]))
        rows = [(rid, paths[rid], None, None, r) for rid, r in top if rid in paths]
    elif match:
        order = "r, d.path" if q.terms else "d.path"  # (filters alone: by path)
        rows = conn.execute(
            f"SELECT d.id, d.path, n.tags, d.fields, {rank} AS r "
            "FROM fts JOIN docs d ON d.id = fts.rowid JOIN notes n ON n.path = d.path "
            f"WHERE fts MATCH ?{where} ORDER BY {order}{cut}", (match, *params)).fetchall()
    else:
        rows = conn.execute(f"SELECT NULL, n.path, n.tags, d.fields, 0.0 FROM notes n JOIN docs d ON d.path = n.path "
                            f"WHERE 1{where} ORDER BY n.path{cut}", params).fetchall()
    if python:
        rows = [r for r in rows if _keep(q, r[2], r[3])]
    if limit:
        rows = rows[:limit]
    return _hits(vault, q, rows)


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
        sql = (f"SELECT fts.rowid, d.title, d.fields, d.body, highlight(fts, 0, {marks}), "
               f"snippet(fts, 1, {marks}, '…', 12), snippet(fts, 2, {marks}, '…', 14) "
               f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?")
        if len(ids) > 500:  # many hits: one pass over the matches (each pass runs the whole query)
            want = set(ids)
            texts = {row[0]: row[1:] for row in conn.execute(sql, (q.fts(),)) if row[0] in want}
        else:
            texts = {row[0]: row[1:] for row in conn.execute(
                sql + f" AND fts.rowid IN ({','.join('?' * len(ids))})", (q.fts(), *ids))}
    out = []
    for rid, path, _tags, fields_text, score in rows:
        title, type_, fm_lines, body_line, _aliases = info.get(path, (path, None, {}, 1, "[]"))
        if not q.terms:  # filters alone: the first field filter's line
            if q.fields and fields_text is not None:
                key, value = q.fields[0]
                shown = field_values(fields_text).get(key, "")
                out.append(Hit(path, fm_lines.get(key, 1), title, type_, "fields",
                               _mark_words(f"{key}: {shown}", tokens(value) if value != "*" else []), 0.0))
            else:
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


def _mark_words(line: str, want: list[str]) -> str:
    """`line` with OPEN/CLOSE around the words that begin like one of `want` (a filter's words)."""
    if not want:
        return _one_line(line)

    def mark(m):
        w = tokens(m.group(0))
        return OPEN + m.group(0) + CLOSE if w and any(w[0].startswith(x) for x in want) else m.group(0)

    return _one_line(_WORD.sub(mark, line))


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
    from plainnet.notes.plaintext import clean

    return OPEN.join(CLOSE.join(clean(p) for p in part.split(CLOSE)) for part in snippet.split(OPEN))
