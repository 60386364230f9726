"""The library API the CLI and the tests share: `open_vault(path)` and the Vault it returns."""
from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from plainnet.rules.analyze import ANALYZER_VERSION, Analyzer
from plainnet.settings import Config, load_config
from plainnet.notes.findings import Finding
from plainnet.index.store import Index, SyncStats, bump_generation, loads, record_changes
from plainnet.index.schema import VERSION
from plainnet.index.names import NameTable, add_files, last_part, resolve as resolve_in
from plainnet.notes.links import Link, norm
from plainnet.notes.model import NOTE_TYPES, LogEntry, Note, Task
from plainnet.vault.files import find_root

# (empty lists and tables come back as NULL, decoded as empty: no 10,000 copies of "[]" in memory)
NOTE_COLUMNS = ("path, title, type, NULL, fm_lines, NULLIF(item_lines, '{}'), body_line, NULLIF(aliases, '[]'), "
                "NULLIF(tags, '[]'), yaml_ok, facts")


class NoteNotFound(LookupError):
    def __init__(self, name: str, candidates: list[str]):
        self.name, self.candidates = name, candidates
        hint = f"; did you mean: {', '.join(candidates[:8])}" if candidates else ""
        super().__init__(f"no note called {name!r}{hint}")


class AmbiguousNote(LookupError):
    def __init__(self, name: str, candidates: list[str]):
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} could mean {len(candidates)} notes: {', '.join(candidates)}")


def _decoded(slot: str, bit: int, default, fetch: bool = False):
    """A NoteRow property: the JSON column kept in `slot`, decoded on first use. Only the value is
    kept after that, not the text as well (a network of 100,000 notes held both)."""

    def get(self):
        if self._done & bit:
            return getattr(self, slot)
        raw = getattr(self, slot)
        if raw is None and fetch and self._conn is not None:  # not selected: fetch it now
            row = self._conn.execute("SELECT fm FROM notes WHERE path = ?", (self.path,)).fetchone()
            raw = row[0] if row else None
        value = loads(raw, default())
        setattr(self, slot, value)
        self._done |= bit
        return value

    return property(get)


_FACTS = 32
_TYPES = {t: t for t in NOTE_TYPES}  # one string per type, not one per note


class NoteRow:
    """A note as the index holds it (no body). JSON columns are decoded on first use, so listing
    10,000 notes costs only for the fields a command actually reads."""

    __slots__ = ("path", "title", "type", "body_line", "yaml_ok", "_fm", "_fm_lines", "_item_lines", "_aliases",
                 "_tags", "_facts", "_done", "_conn")

    def __init__(self, row, conn=None):
        self._conn = conn  # to fetch the front matter when it was not selected
        self.path, self.title, self.type = row[0], row[1], _TYPES.get(row[2], row[2])
        self.body_line, self.yaml_ok = row[6], bool(row[9])
        self._fm, self._fm_lines, self._item_lines, self._aliases, self._tags, self._facts = \
            row[3], row[4], row[5], row[7], row[8], row[10]
        self._done = 0  # a bit per decoded column

    front_matter = _decoded("_fm", 1, dict, fetch=True)
    fm_lines = _decoded("_fm_lines", 2, dict)
    item_lines = _decoded("_item_lines", 4, dict)
    aliases = _decoded("_aliases", 8, list)
    tags = _decoded("_tags", 16, list)
    facts = _decoded("_facts", _FACTS, lambda: None)

    line_of = Note.line_of

    def keep_facts(self, keys) -> None:
        """Keep only these of the decoded facts (network.build_network has read the rest)."""
        facts = self.facts
        if isinstance(facts, dict):
            self._facts = {k: facts[k] for k in keys if k in facts}

    def __repr__(self):
        return f"NoteRow({self.path!r}, type={self.type!r})"


def decode_facts(notes, chunk: int = 5000) -> None:
    """Decode the facts of many NoteRows with one json.loads per `chunk` notes: json shares the
    keys within one call, so the keys every contact repeats ("name", "cadence", "dates", ...) are
    then one string each instead of one per note (a fifth of a large network's memory)."""
    import json

    todo = [n for n in notes if isinstance(n, NoteRow) and not n._done & _FACTS and n._facts]
    for i in range(0, len(todo), chunk):
        part = todo[i:i + chunk]
        for n, value in zip(part, json.loads("[" + ",".join(n._facts for n in part) + "]"), strict=True):
            n._facts = value
            n._done |= _FACTS


def _fingerprint(raw: bytes) -> str:
    return hashlib.sha1(raw + f"|{VERSION}|{ANALYZER_VERSION}".encode()).hexdigest()


def has_tag(tags, tag) -> bool:
    """Whether `tags` hold `tag` (with or without `#`, any case) or a nested tag below it; `tag`
    may also be several tags (a repeated --tag), any of which will do."""
    if not isinstance(tag, str):
        return any(has_tag(tags, t) for t in tag)
    t = tag.lstrip("#").casefold()
    return any(x.casefold() == t or x.casefold().startswith(t + "/") for x in tags)


SQL_RESOLVES = 300  # names resolved by asking SQLite key by key before loading the whole table
FEW_PAIRS = 500  # link re-resolution with fewer (target, folder) pairs asks SQLite key by key


class _SqlNames:
    """The name table's `get` and suffix search, answered by SQLite key by key (plus attachments)."""

    def __init__(self, index, files):
        self.index = index
        self.files: dict[str, list] = {}
        add_files(self.files, files)

    def get(self, key):
        hits = [(r, p) for p, r in self.index.query("SELECT path, rank FROM names WHERE key = ?", (key,))]
        return hits + self.files.get(key, [])

    def suffix(self, suffix):
        hits = [(r, p) for p, r, k in self.index.query("SELECT path, rank, key FROM names WHERE last = ?",
                                                       (last_part(suffix),)) if k.endswith(suffix)]
        return hits + [h for k, hs in self.files.items() if k.endswith(suffix) for h in hs]


def folders_never_read(config: Config) -> list[str]:
    """The settings' `ignore` folders and the templates folder: what the index and the watch skip."""
    return [*config["ignore"], config["templates"].strip("/")]


class Vault:
    """A vault opened for reading: settings, the synced index and the questions the features ask."""

    def __init__(self, root: Path, *, today: date | None = None, config: Config | None = None,
                 index_path: str | None = None):
        self.root = Path(root)
        self.config = config or load_config(self.root)
        self.today = today or date.today()
        # the settings file's bytes, as this vault was configured from them (a replayed answer is
        # recorded against them: plainnet.replay)
        self.settings_bytes = self.config.path.read_bytes() if self.config.path else b""
        self.index = Index(self.root, fingerprint=_fingerprint(self.settings_bytes), parser=Analyzer(self.config),
                           ignore=folders_never_read(self.config),
                           db_path=index_path)
        self.last_sync: SyncStats | None = None
        self._names: dict | None = None
        self._keys_of: dict | None = None
        self._sql_names: _SqlNames | None = None
        self._sql_budget = SQL_RESOLVES

    # ------------------------------------------------------------ keeping current

    def sync(self, progress=None, rebuild: bool = False, only=None) -> SyncStats:
        """Bring the index in line with the files; `only` limits the stat walk to some paths (watch)."""
        self.last_sync = stats = self.index.sync(progress=progress, rebuild=rebuild, only=only)
        if only is None and self.index.walk is not None and self.index.walk.temp:
            self._clean_temp(self.index.walk)
        if self._names is not None and only is not None and not stats.changed_files and not rebuild:
            self._patch_names(stats.changed_paths)  # a few notes changed: not 30,000 rows again
        else:
            self._names = None
        self._sql_names, self._sql_budget = None, SQL_RESOLVES
        self._update_resolution(stats.changed_paths, rebuild and not stats.fresh, fresh=stats.fresh,
                                renamed=stats.renamed)
        return stats

    def _clean_temp(self, walk) -> None:
        """Remove the temp files an interrupted write (kill -9) left, and say so (see notices)."""
        from plainnet.vault.files import clean_temp

        removed, failed = clean_temp(self.root, walk.temp)
        gone = set(removed)
        walk.temp = [t for t in walk.temp if t not in gone]
        if removed:
            self.index.notices.append(f"removed {len(removed)} temp file{'s' if len(removed) != 1 else ''} left by "
                                      f"an interrupted write: " + ", ".join(removed))
        if failed:
            self.index.notices.append("could not remove temp files left by an interrupted write: " + ", ".join(failed))

    def notices(self) -> list[str]:
        """What the user should hear about this run (on stderr): a refused `.plainnet/`, a broken
        index file, temp files cleaned up. Each is said once."""
        out, self.index.notices[:] = list(self.index.notices), []
        return out

    def _patch_names(self, paths) -> None:
        """Update the cached name table for a few changed notes instead of reloading it."""
        table = self._names
        if self._keys_of is None:  # (built once, when a watch first patches the table)
            self._keys_of = {}
            for key, hits in table.items():
                for _rank, path in hits:
                    self._keys_of.setdefault(path, set()).add(key)
        keys_of = self._keys_of
        table.changed()
        for p in paths:
            for k in keys_of.pop(p, ()):
                hits = [h for h in table.get(k, ()) if h[1] != p]
                if hits:
                    table[k] = hits
                else:
                    table.pop(k, None)
        if paths:
            marks = ",".join("?" * len(paths))
            for key, path, rank in self.index.query(f"SELECT key, path, rank FROM names WHERE path IN ({marks})",
                                                    tuple(paths)):
                table.setdefault(key, []).append((rank, path))
                keys_of.setdefault(path, set()).add(key)

    def _update_resolution(self, changed: list[str], everything: bool = False, fresh: bool = False,
                           renamed: list[str] | None = None) -> None:
        """Keep `links.resolved` current: links resolve at sync time, not on every read.

        A change can only alter links that are new (resolved IS NULL: not looked at yet), that
        pointed at a changed or removed note, or whose target names a title/alias/file of a changed
        note. A link checked and found to lead nowhere stores '' (so it is not re-resolved on every
        sync), and an interrupted sync leaves NULLs that the next one picks up. Attachments
        appearing or vanishing re-resolve everything (rare). After a `fresh` sync (the index was
        empty) every link was resolved against this walk where it could be, so only the NULLs are left.
        `renamed` (when known) are the changed notes whose names differ: only links to those, or
        naming them, can move (an edit that keeps a note's title and aliases moves none).
        """
        idx = self.index
        files = sorted(idx.walk.files) if idx.walk else []
        files_hash = hashlib.sha1("\0".join(files).encode()).hexdigest()
        row = idx.query("SELECT value FROM meta WHERE key='files'")
        everything = everything or ((not row or row[0][0] != files_hash) and not fresh)
        if not changed and not everything:
            return
        from plainnet.notes.facts import target_key

        if fresh and not everything:
            rows = idx.query("SELECT rowid, path, target, resolved FROM links WHERE resolved IS NULL")
        elif everything:
            rows = idx.query("SELECT rowid, path, target, resolved FROM links")
        else:
            moved = changed if renamed is None else renamed
            keys = {target_key(p.rsplit("/", 1)[-1]) for p in moved}
            marks = ",".join("?" * len(moved))
            keys.update(k for (k,) in idx.query(f"SELECT key FROM names WHERE rank = 2 AND path IN ({marks})", tuple(moved)))
            kmarks = ",".join("?" * len(keys))
            where = "resolved IS NULL" + (f" OR resolved IN ({marks}) OR tkey IN ({kmarks})" if moved else "")
            # (an empty IN list would make SQLite scan every link instead of using the indexes)
            rows = idx.query(f"SELECT rowid, path, target, resolved FROM links WHERE {where}",
                             (*moved, *keys) if moved else ())
        # links from one folder to one target resolve alike; SQLite answers a few hundred pairs key
        # by key, more from one table of just the names they can match (not all 300,000 names)
        pairs = {(t, p.rsplit("/", 1)[0] if "/" in p else "") for _r, p, t, _o in rows if t}
        table = self._few_names() if len(pairs) < FEW_PAIRS else self._names_for(pairs)
        memo: dict = {}

        def resolved(target, path):
            key = (target, path.rsplit("/", 1)[0] if "/" in path else "")
            if key not in memo:
                memo[key] = self.resolve(target, path, table) or ""
            return memo[key]

        updates, moved = [], set()
        for rowid, path, target, old in rows:
            new = resolved(target, path) if target else path
            if new != old:
                updates.append((new, rowid))
                moved.add(path)
        if not updates and row and row[0][0] == files_hash:
            return  # nothing moved: no write (the sync's own write already told the caches)
        with_conn = idx.conn
        with_conn.execute("BEGIN IMMEDIATE")
        try:
            with_conn.executemany("UPDATE links SET resolved = ? WHERE rowid = ?", updates)
            if fresh or not moved:  # (a fresh sync logged "everything" already)
                bump_generation(with_conn)
            else:
                record_changes(with_conn, sorted(moved))
            with_conn.execute("INSERT OR REPLACE INTO meta VALUES ('files', ?)", (files_hash,))
            with_conn.execute("COMMIT")
        except BaseException:
            with_conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.index.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ notes

    def notes(self, type: str | None = None, tag: str | None = None, with_front_matter: bool = False,
              facts_of: tuple = ()) -> list[Note]:
        """Notes from the index, by path. The front matter is fetched per note on first use unless
        `with_front_matter` (one bulk read, for commands that show every note's fields); the facts
        of notes of the types `facts_of` are decoded at once (decode_facts: less memory)."""
        cols = NOTE_COLUMNS.replace("type, NULL,", "type, fm,") if with_front_matter else NOTE_COLUMNS
        sql = f"SELECT {cols} FROM notes"
        params: tuple = ()
        if type:
            sql += " WHERE type = ?"
            params = (type,)
        conn = self.index.conn
        notes = [NoteRow(r, conn) for r in self.index.query(sql + " ORDER BY path", params)]
        if tag:
            notes = [n for n in notes if has_tag(n.tags, tag)]
        if facts_of:
            decode_facts([n for n in notes if n.type in facts_of])
        return notes

    def contacts(self, tag: str | None = None) -> list[Note]:
        return self.notes("contact", tag)

    def events(self, tag: str | None = None) -> list[Note]:
        return self.notes("event", tag)

    def groups(self, tag: str | None = None) -> list[Note]:
        return self.notes("group", tag)

    def pitches(self, tag: str | None = None) -> list[Note]:
        return self.notes("pitch", tag)

    def read(self, path: str) -> Note:
        """Parse one note afresh from disk, with body, links, tasks and its per-note findings."""
        from plainnet.index.rows import read_and_parse

        return read_and_parse(self.root, path, self.index.parser)

    def note(self, name: str) -> Note:
        """A note by vault-relative path, title or alias (case-insensitive); raises if none or several."""
        return self.read(self.lookup(name))

    def post(self, name: str):
        """A note as a python-frontmatter `Post` (front matter as `post.metadata`, body as
        `post.content`), read by the same Obsidian rules as the index, from one parse."""
        from plainnet.notes.post import post_of

        note = self.note(name)
        return post_of(note.front_matter, note.body)

    def lookup(self, name: str) -> str:
        key = norm(name).replace("\\", "/")
        for k in (key, key[:-3] if key.endswith(".md") else key + ".md"):
            hits = self._few_names().get(k)
            if hits:
                best = min(r for r, _ in hits)
                paths = sorted({p for r, p in hits if r == best})
                if len(paths) == 1:
                    return paths[0]
                raise AmbiguousNote(name, paths)
        import difflib

        titles = [t for (t,) in self.index.query("SELECT title FROM notes ORDER BY title")]
        want = norm(name)
        near = [t for t in titles if want and want in norm(t)][:5]
        near += [t for t in difflib.get_close_matches(name, titles, n=5, cutoff=0.6) if t not in near]
        raise NoteNotFound(name, near[:8])

    # ------------------------------------------------------------ links

    def _names_for(self, pairs) -> NameTable:
        """A name table holding every name the (target, folder) `pairs` can resolve to: the keys
        their link_keys give and, for folder links, the keys with the same last part (the suffix
        search). resolve() over it answers them exactly as over the whole table."""
        if self._names is not None:
            return self._names
        from plainnet.notes.links import link_keys

        keys, lasts = set(), set()
        for target, folder in pairs:
            keys.update(link_keys(target, folder))
            t = norm(target)
            if "/" in t:
                lasts.add(last_part(t if t.endswith(".md") else t + ".md"))
        table = NameTable()
        for column, values in (("key", sorted(keys)), ("last", sorted(lasts))):
            for key, path, rank in self.index.rows_in(f"SELECT key, path, rank FROM names WHERE {column} IN ({{}})",
                                                      values):
                hits = table.setdefault(key, [])
                if (rank, path) not in hits:
                    hits.append((rank, path))
        if self.index.walk is not None:
            add_files(table, self.index.walk.files)
        return table

    def _name_table(self) -> dict:
        if self._names is None:
            table = NameTable()
            for key, path, rank in self.index.query("SELECT key, path, rank FROM names"):
                table.setdefault(key, []).append((rank, path))
            self._keys_of = None  # (see _patch_names)
            if self.index.walk is not None:
                add_files(table, self.index.walk.files)
            self._names = table
        return self._names

    def resolve(self, target: str, source: str = "", table=None) -> str | None:
        """The vault path a link target names: path, then title, then alias; case-insensitive, NFC
        (see plainnet.index.names). `table` is the name lookup; by default SQLite answers the first
        few hundred key by key, then the whole name table is loaded (30,000 rows at 10,000 notes)."""
        if table is None:
            if self._names is None and self._sql_budget > 0:
                self._sql_budget -= 1
                table = self._few_names()
            else:
                table = self._name_table()
        return resolve_in(table, target, source)

    def _few_names(self):
        """A name lookup that asks SQLite per key: for resolving a handful of names after an edit,
        instead of loading every note's names."""
        if self._names is not None:
            return self._names
        if self._sql_names is None:
            self._sql_names = _SqlNames(self.index, self.index.walk.files if self.index.walk else [])
        return self._sql_names

    def links(self, path: str | None = None) -> list[tuple[str, Link]]:
        sql = "SELECT path, target, heading, display, line, place, key, embed, markdown, unquoted FROM links"
        rows = self.index.query(sql + (" WHERE path = ?" if path else ""), (path,) if path else ())
        return [(r[0], Link(r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), bool(r[9]))) for r in rows]

    # ------------------------------------------------------------ tasks, log

    def tasks(self, open_only: bool = False, source: str = "task") -> list[tuple[str, Task]]:
        """Body tasks (`source="task"`), front-matter follow_ups entries (`"fm"`), or both (`None`)."""
        sql = "SELECT path, line, text, status, due, done_date, scheduled, start, cancelled FROM tasks"
        rows = self.index.query(sql + " WHERE source = ?", (source,)) if source else self.index.query(sql)
        out = [(r[0], Task(r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]))) for r in rows]
        return [(p, t) for p, t in out if t.is_open] if open_only else out

    def log_entries(self) -> list[tuple[str, LogEntry]]:
        return [(r[0], LogEntry(r[1], r[2], r[3])) for r in self.index.query("SELECT path, date, text, line FROM log")]

    # ------------------------------------------------------------ data findings

    def complete_checks(self) -> int:
        """Run the per-note checks a small sync left for later (see plainnet.rules.analyze); returns how
        many notes were checked. A note that changed on disk since it was indexed is left for the
        next sync. The notes checked are logged as changed, so kept findings pick them up."""
        conn = self.index.conn
        if conn.in_transaction:  # (inside a kept state's read: it sees what the index holds)
            return 0
        pending = self.index.query("SELECT path, size, mtime_ns FROM notes WHERE checked = 0")
        if not pending:
            return 0
        from plainnet.index.rows import read_and_parse

        done = []
        for path, size, mtime in pending:
            try:
                st = os.stat(os.path.join(self.root, path))
            except OSError:
                continue
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                continue
            note = read_and_parse(self.root, path, self.index.parser, checks=False)
            found = self.index.parser.check(note) if getattr(note, "checked", True) is False else []
            done.append((path, size, mtime, found, ",".join(sorted(getattr(note, "silenced", ()) or ()))))
        if not done:
            return 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            fresh = []
            for path, size, mtime, found, silenced in done:
                row = conn.execute("SELECT size, mtime_ns, checked FROM notes WHERE path = ?", (path,)).fetchone()
                if row != (size, mtime, 0):
                    continue  # another process re-indexed it meanwhile
                conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)",
                                 [(path, f.line, f.column, f.rule, f.severity, f.message) for f in found])
                conn.execute("UPDATE notes SET silenced = ?, checked = 1 WHERE path = ?", (silenced, path))
                fresh.append(path)
            if fresh:
                record_changes(conn, fresh)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return len(fresh)

    def findings(self) -> list[Finding]:
        """Per-note findings cached in the index, unreadable files, links to no note, duplicate people."""
        self.complete_checks()
        out = self.note_findings()
        out.extend(self.skipped_findings())
        out.extend(self.broken_links())
        out.extend(self.duplicates())
        return sorted(out, key=Finding.sort_key)

    def note_findings(self, paths=None) -> list[Finding]:
        """The findings the index keeps with each note (of `paths`, or all)."""
        sql = "SELECT path, line, col, rule, severity, message FROM findings"
        return [Finding(p, l, r, m, s, c) for p, l, c, r, s, m in self._rows_of(sql, paths)]

    def skipped_findings(self) -> list[Finding]:
        """Files the walk did not read (a symlink out of the vault, an unreadable folder)."""
        skipped = self.index.walk.skipped if self.index.walk else ()
        return [Finding(s.path, 1, "data-file", s.reason, "warning") for s in skipped]

    def _rows_of(self, sql: str, paths, column: str = "path") -> list[tuple]:
        """Rows of `sql`: all, or those whose `column` is in `paths`."""
        if paths is None:
            return self.index.query(sql)
        glue = " AND " if " WHERE " in sql else " WHERE "
        return list(self.index.rows_in(f"{sql}{glue}{column} IN ({{}})", sorted(paths)))

    def silenced(self) -> dict[str, set[str]]:
        """Rules each note silences (`plainnet_ignore:` or `<!-- plainnet-disable RULE -->`)."""
        self.complete_checks()
        return {p: set(s.split(",")) for p, s in self.index.query("SELECT path, silenced FROM notes WHERE silenced != ''")}

    def unreadable_count(self) -> int:
        """Notes whose front matter or bytes could not be read (the agenda says how many)."""
        n = self.index.query("SELECT count(*) FROM notes WHERE yaml_ok = 0")[0][0]
        return n + (len(self.index.walk.skipped) if self.index.walk else 0)

    def resolved_links(self, key: str | None = None) -> list[tuple[str, str, str | None]]:
        """(source path, target as written, resolved path or None), from the index."""
        sql = "SELECT path, target, resolved FROM links"
        rows = self.index.query(sql + (" WHERE key = ?" if key else ""), (key,) if key else ())
        return [(p, t, r or None) for p, t, r in rows]

    def broken_links(self, paths=None) -> list[Finding]:
        """A data-link finding for each link (in `paths`, or anywhere) that leads to no note or file."""
        out = []
        rows = self._rows_of(
            "SELECT l.path, l.target, l.heading, l.display, l.line, l.place, l.key, l.embed, l.markdown, l.unquoted, "
            "n.type FROM links l LEFT JOIN notes n ON n.path = l.path WHERE (l.resolved IS NULL OR l.resolved = '') "
            "AND l.target != ''", paths, "l.path")
        for r in rows:
            link = Link(r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), bool(r[8]), bool(r[9]))
            out.append(link_finding(r[0], link, r[10]))
        return out

    def duplicates(self, paths=None) -> list[Finding]:
        """data-duplicate: contacts that share an email address (ignoring case) or a title, alias
        or `name:` (NFC, ignoring case). Each note (of `paths`, or all) is told once per group of
        notes it shares something with, naming the first shared key (addresses before names, then
        by key)."""
        only = set(paths) if paths is not None else None
        if only is not None and len(only) <= 500:  # a few notes' groups: not a GROUP BY over 140,000 rows
            if not only:
                return []
            rows = self.index.query(
                "SELECT kind, key, path FROM idents WHERE (kind, key) IN (SELECT kind, key FROM idents "
                f"WHERE path IN ({','.join('?' * len(only))}))", tuple(sorted(only)))
        else:
            rows = self.index.query(
                "SELECT kind, key, path FROM idents WHERE (kind, key) IN "
                "(SELECT kind, key FROM idents GROUP BY kind, key HAVING count(DISTINCT path) > 1)")
        groups: dict[tuple, list] = {}
        for kind, key, path in rows:
            groups.setdefault((kind, key), []).append(path)
        notes: dict = {}
        out, seen = [], set()
        for (kind, key), members in sorted(groups.items(), key=lambda g: (g[0][0] != "email", g[0][1])):
            group = sorted(set(members))
            if len(group) < 2:
                continue
            for path in group:
                if (path, tuple(group)) in seen or (only is not None and path not in only):
                    continue
                seen.add((path, tuple(group)))
                others = ", ".join(p for p in group if p != path)
                line = 1
                if kind == "email":
                    if path not in notes:
                        notes[path] = self._note_row(path)
                    line = notes[path].line_of("email") if notes[path] else 1
                out.append(Finding(path, line, "data-duplicate",
                                   f"same person as {others} (same {kind} {key!r}); merge the notes or add to one",
                                   "warning"))
        return out

    def _note_row(self, path: str):
        rows = self.index.query(f"SELECT {NOTE_COLUMNS} FROM notes WHERE path = ?", (path,))
        return NoteRow(rows[0], self.index.conn) if rows else None


def link_finding(src: str, link: Link, note_type: str | None) -> Finding:
    """The data-link finding for a link in `src` that leads to no note or file."""
    what = "file" if link.embed or (link.markdown and not link.target.endswith(".md")) else "note"
    # in an ordinary Obsidian note an unresolved link is a placeholder; in a contact or
    # event it is a person or meeting plainnet cannot find
    severity = "warning" if note_type in NOTE_TYPES else "info"
    return Finding(src, link.line, "data-link", f"link to no {what}: [[{link.target}]]"
                   + (f" (in {link.key})" if link.key else ""), severity)


def open_vault(path: str | os.PathLike | None = None, *, today: date | None = None, sync: bool = True,
               progress=None, index_path: str | None = None) -> Vault:
    """Open the vault at `path` (or found from --vault/$PLAINNET_VAULT/the current folder) and sync its index.

    `index_path` puts the index elsewhere (":memory:" for none on disk), e.g. for a read-only folder.
    """
    root = find_root(path)
    vault = Vault(root, today=today, index_path=index_path)
    if sync:
        vault.sync(progress=progress)
    return vault
