"""Turn files into index rows: read, parse (with the vault's analyzers), flatten to tuples."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from plainnet.notes.facts import front_matter_follow_ups, note_facts, target_key
from plainnet.index.names import last_part, note_keys
from plainnet.index.schema import INSERT_COLUMNS, KEPT_WHEN_SAME
from plainnet.notes.links import display_text, norm
from plainnet.notes.parse import Note, parse_note
from plainnet.notes.plaintext import plain_value
from plainnet.vault.files import MAX_NOTE_BYTES, read_note_bytes


#: the fields `ls` shows for each type of note
DETAIL_KEYS = {
    "contact": ("company", "role", "last_contact", "cadence"),
    "event": ("date", "kind", "status"),
    "group": ("meets", "joined"),
    "pitch": ("seconds", "audience"),
}


def details(type: str | None, fm: dict) -> str:
    """`company: Acme, role: CTO`: what `ls` shows of a note (stored in the index at parse time,
    so listing 10,000 notes decodes no front matter)."""
    parts = []
    for k in DETAIL_KEYS.get(type or "", ()):
        v = fm.get(k)
        if v not in (None, "", []):
            parts.append(f"{k}: {v}")
    return ", ".join(parts)


def unreadable_note(rel: str, reason: str) -> Note:
    name = rel.rsplit("/", 1)[-1]
    note = Note(path=rel, title=name[:-3] if name.endswith(".md") else name, type=None)
    note.add(1, "data-file", reason, "error")
    note.yaml_ok = False
    return note


def read_and_parse(root: Path, rel: str, parser=None, checks: bool = True) -> Note:
    """Never raises for a user's file: an unreadable one becomes a note with a data-file finding.
    `checks=False` skips the per-note checks (see plainnet.rules.analyze)."""
    try:
        data = read_note_bytes(root, rel)
    except OSError as exc:
        note = unreadable_note(rel, f"not readable: {exc.strerror or exc}")
        note.unreadable = True  # type: ignore[attr-defined]
        return note
    if len(data) > MAX_NOTE_BYTES:
        return unreadable_note(rel, f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB; not indexed")
    if parser is None:
        return parse_note(rel, data)
    if checks or not hasattr(parser, "check"):
        return parser(rel, data)
    return parser(rel, data, checks=False)


class _TargetKeys(dict):
    """target -> target_key(target): a dict lookup costs a tenth of a call through target_key's
    lru_cache, and a note's rows ask for every link's."""

    def __missing__(self, target: str) -> str:
        if len(target) > 200:
            return target_key(target)  # (not kept: a long one would hold its memory)
        if len(self) >= 100_000:
            self.clear()
        key = self[target] = target_key(target)
        return key


_TARGET_KEYS = _TargetKeys()

# json.dumps(x, ensure_ascii=False[, default=str]), with the encoder made once rather than per call
_UNICODE_DUMPS = json.JSONEncoder(ensure_ascii=False).encode
_FM_DUMPS = json.JSONEncoder(ensure_ascii=False, default=str).encode


#: names the stat walk knows (names.walk_table), set by the index before it forks its workers
EARLY_TABLE: dict | None = None


def note_rows(note: Note, size: int = 0, mtime_ns: int = 0, early=None) -> dict:
    """The note's rows for every table. `early(target, path)` pre-resolves links (None: later)."""
    p = note.path
    dumps = json.dumps
    udumps = _UNICODE_DUMPS
    names = [(key, p, rank, last_part(key)) for key, rank in note_keys(p, note.title, note.aliases)]
    facts = note_facts(note)
    out = {
        "path": p,
        "note": (p, size, mtime_ns, note.title, note.type, _FM_DUMPS(note.front_matter),
                 dumps(note.fm_lines), dumps(note.item_lines), note.body_line, udumps(note.aliases),
                 udumps(sorted(set(note.tags))), int(note.yaml_ok),
                 ",".join(sorted(getattr(note, "silenced", ()) or ())),
                 None if facts is None else udumps(facts), details(note.type, note.front_matter),
                 int(getattr(note, "checked", True))),
        "links": [(p, l.target, l.heading, l.display, l.line, l.where, l.key, int(l.embed), int(l.markdown),
                   int(l.unquoted), _TARGET_KEYS[l.target], early(l.target, p) if early else None)
                  for l in note.links],
        "tasks": [(p, t.line, t.text, t.status, t.due, t.done_date, t.scheduled, t.start, int(t.cancelled), "task", None)
                  for t in note.tasks]
        + [(p, line, what, status, due, done, None, None, 0, "fm", i)
           for line, what, status, due, done, i in front_matter_follow_ups(note)],
        "log": [(p, e.date, e.text, e.line) for e in note.log],
        "findings": [(p, f.line, f.column, f.rule, f.severity, f.message) for f in note.findings],
        "names": names,
        "idents": identities(p, names, facts) if note.type == "contact" and facts is not None else [],
        "docs": [search_doc(note)],
    }
    out["rowsigs"] = [(p, *(_digest([r[:-1] for r in out["links"]] if t == "links" else out[t])
                             for t in KEPT_WHEN_SAME))]
    return out


def search_doc(note: Note) -> tuple:
    """(path, title, fields, body) for the full-text index: the title then each alias on a line;
    one `key: value` line per front-matter key (in file order, values as read: links by their
    text, lists by commas); the body as written."""
    fields = "\n".join(f"{k}: {_plain(v)}" for k, v in note.front_matter.items()
                       if k not in ("aliases", "alias", "type"))
    return (note.path, "\n".join([note.title, *(a for a in note.aliases if isinstance(a, str))]), fields, note.body)


def _plain(value) -> str:
    """plain_value(value), faster for the values front matter is made of (tests/test_parse_fast.py
    holds the two equal): a string with no character clean() would change (isprintable() rejects
    every one) is shown as written, or by its links' text; an int (not a bool) by its digits; lists
    and mappings as plain_value shows them, their parts by _plain."""
    t = type(value)
    if t is str:
        if value.isprintable():
            return _display(value) if "[[" in value else value
    elif t is int:
        return str(value)
    elif t is list:
        if not (len(value) == 1 and type(value[0]) is list):
            return ", ".join([p for p in map(_plain, value) if p])
    elif t is dict:
        if _ITEM_KEYS.issuperset(value):
            head = " ".join(_plain(value[k]) for k in ("date", "due") if value.get(k) not in (None, ""))
            body = _plain(value.get("what") or value.get("text") or "")
            done = " (done)" if value.get("done") else ""
            return (f"{head}: {body}" if head and body else head or body) + done
        return "; ".join(f"{k} {_plain(v)}".strip() for k, v in value.items())
    return plain_value(value)


_ITEM_KEYS = frozenset(("date", "what", "text", "due", "done"))
_DISPLAYED: dict[str, str] = {}


def _display(text: str) -> str:
    """display_text, memoised: the same links (`met:`, `attendees:`) recur across a vault."""
    shown = _DISPLAYED.get(text)
    if shown is None:
        shown = display_text(text)
        if len(_DISPLAYED) < 50_000 and len(text) <= 200:
            _DISPLAYED[text] = shown
    return shown


def _digest(rows: list) -> str:
    """A digest of some rows (tuples of str, int and None: their repr is exact and stable)."""
    return hashlib.blake2b(repr(rows).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def identities(path: str, names: list, facts: dict) -> list[tuple]:
    """(path, "email" or "name", key) for each way a contact can be the same person as another:
    its addresses (case-insensitive), its title, aliases and `name:` (NFC, case-insensitive)."""
    out = {("email", e) for e in facts.get("emails", ())}
    out |= {("name", key) for key, _p, rank, _last in names if rank in (1, 2)}
    if facts.get("name"):
        out.add(("name", norm(facts["name"])))
    return [(path, kind, key) for kind, key in sorted(out)]


def parse_paths(root: Path, paths: list[str], parser=None, early: bool = False, checks: bool = True) -> list[dict]:
    """Parse a batch (runs in a worker process for large syncs). Size and mtime are taken before
    reading. With `early`, links are resolved against EARLY_TABLE where its names suffice;
    without `checks`, the per-note checks wait (see plainnet.rules.analyze). The cycle collector is
    paused for the batch: parsing makes many objects and few cycles, and it cost a tenth of the time."""
    import gc
    import os

    resolver = _resolver_for(EARLY_TABLE) if early and EARLY_TABLE is not None else None
    out = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for rel in paths:
            try:
                st = os.stat(os.path.join(root, rel))
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1  # re-parsed next time
            note = read_and_parse(root, rel, parser, checks)
            if getattr(note, "unreadable", False):
                size, mtime = -1, -1  # fixing permissions changes no mtime: try again next time
            out.append(note_rows(note, size, mtime, resolver))
    finally:
        if collecting:
            gc.enable()
    return out


def _early_resolver(table: dict):
    """names.resolve_early, memoised by (target, folder): a vault has far fewer pairs than links.
    A link that leads nowhere (even with aliases) stays None for the pass that knows the aliases."""
    from plainnet.index.names import resolve_early

    memo: dict = {}

    def early(target: str, path: str):
        if not target:
            return path  # [[#heading]]: the note itself
        key = (target, path.rsplit("/", 1)[0] if "/" in path else "")
        try:
            return memo[key]
        except KeyError:
            if len(memo) >= EARLY_MEMO_MAX:  # (kept for the whole sync, it grew by ~50 MB a worker
                memo.clear()                 # at 100,000 notes; the names that recur come back at once)
            value = memo[key] = resolve_early(table, target, path)
            return value
    return early


EARLY_MEMO_MAX = 1 << 16




#: a worker's resolver, kept for every batch of the sync: EARLY_TABLE does not change during one
_RESOLVER: list = []


def _resolver_for(table: dict):
    if not _RESOLVER or _RESOLVER[0] is not table:
        _RESOLVER[:] = [table, _early_resolver(table)]  # (holding the table keeps `is` meaningful)
    return _RESOLVER[1]


WIDTHS = {"links": 12, "tasks": 11, "log": 4, "findings": 6, "names": 4, "idents": 3, "docs": 4}


def insert_rows(conn, parsed: list[dict], same=None) -> None:
    """Write parsed notes' rows (note_rows) into the note tables of `conn`. `same(row_sigs, table)`
    says a table's old rows of that note are still right: they are neither deleted nor written
    (without it, every row is inserted: the caller has deleted the old ones)."""
    conn.executemany("INSERT OR REPLACE INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [r["note"] for r in parsed])
    conn.executemany("INSERT OR REPLACE INTO rowsigs VALUES (?,?,?,?,?,?)", [r["rowsigs"][0] for r in parsed])
    for table, width in WIDTHS.items():
        if same is not None and table in KEPT_WHEN_SAME:
            todo = [r for r in parsed if not same(r["rowsigs"][0], table)]
            conn.executemany(f"DELETE FROM {table} WHERE path = ?", [(r["path"],) for r in todo])
        else:
            todo = parsed
        rows = [row for r in todo for row in r[table]]
        if rows:
            conn.executemany(f"INSERT INTO {table}{INSERT_COLUMNS.get(table, '')} VALUES ({','.join('?' * width)})", rows)


#: in a worker process: its staging file and connection (see stage_paths)
_STAGE: dict = {}


def stage_paths(root: Path, paths: list[str], parser, early: bool, checks: bool, prefix: str) -> tuple[str, list]:
    """parse_paths in a worker, its rows written to the worker's own SQLite file (`prefix` + pid)
    instead of pickled back: the writing happens in parallel too, and the index copies the file
    in at C speed. Returns (the file, [(path, size, mtime_ns)] of the notes written)."""
    import os
    import sqlite3

    from plainnet.index.schema import DDL, INDEXES

    parsed = parse_paths(root, paths, parser, early, checks)
    if _STAGE.get("pid") != os.getpid() or not os.path.exists(_STAGE["path"]):  # (not a parent's, nor a merged one)
        path = f"{prefix}{os.getpid()}.sqlite"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA synchronous = OFF")  # a scratch file: losing it to a crash loses nothing
        conn.executescript(DDL + "".join(f"DROP INDEX {name};" for name in INDEXES))
        _STAGE.update(pid=os.getpid(), path=path, conn=conn)
    conn = _STAGE["conn"]
    conn.execute("BEGIN")
    insert_rows(conn, parsed)
    conn.execute("COMMIT")
    return _STAGE["path"], [(r["note"][0], r["note"][1], r["note"][2]) for r in parsed]
