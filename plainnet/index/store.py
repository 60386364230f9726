"""The disposable SQLite cache of parsed notes, kept in step with the files by (path, size, mtime_ns).

Like zk and khal: every command first diffs what is on disk against the stored rows and re-parses
only what changed; a missing, old, foreign or corrupt index file is rebuilt without asking. The
Markdown files are the truth; deleting `.plainnet/` loses nothing.
"""
from __future__ import annotations

import json
import marshal
import os
import sqlite3
import stat as _stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from plainnet.index.schema import APP_ID, DDL, INDEXES, INSERT_COLUMNS, KEPT_WHEN_SAME, NOTE_TABLES, VERSION
from plainnet.vault.files import Skipped, Walk, is_inside, not_regular, take_walk, walk

PARALLEL_MIN = 800  # below this many changed notes one process is faster than a pool
BATCH = 250  # notes a worker parses per task (and rows written per insert)
IN_FLIGHT = 8  # batches submitted ahead of the writer
DEFER_CHECKS_MAX = 50  # syncs of this many notes or fewer leave the per-note checks for later
LATE_INDEX_MIN = 2000  # a fresh index this large gets its secondary indexes after the inserts
#: a sync writing this many notes (or finding no statistics) refreshes the query planner's
#: statistics: without them SQLite takes an index on a link's key over one on its note's path for
#: the few notes an updated agenda reads, and scans every front-matter link (0.1 s at 100,000 notes)
ANALYZE_MIN = 500
SNAPSHOT_DELTA_MAX = 1000  # changed notes a snapshot delta holds before the snapshot is rewritten
FALLBACKS = 0  # parallel parses that broke and were finished in-process (tests watch it)
IN_CHUNK = 500  # values bound in one `IN (...)` (SQLite allows 999 variables in older builds)


@dataclass
class SyncStats:
    total: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    problems: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    fresh: bool = False  # the index was empty before this sync (or rebuilt): see _parse_and_write
    changed_paths: list = field(default_factory=list)
    renamed: list | None = None  # changed paths whose names (path, title, aliases) differ now; None: unknown
    changed_files: list = field(default_factory=list)  # non-note files that appeared or vanished (only=)

    def summary(self) -> str:
        return (f"{self.total} notes: +{self.added} ~{self.changed} -{self.removed}, "
                f"{self.problems} problem{'s' if self.problems != 1 else ''}")


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    # WAL with NORMAL sync: a crash never corrupts the file, a power cut may forget the last sync,
    # which the next command redoes (the index is a cache); no fsync on every commit
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class Index:
    """One vault's index. `sync()` before reading; the query helpers return plain rows."""

    def __init__(self, root: Path, *, fingerprint: str = "", parser: Callable | None = None,
                 ignore: Iterable[str] = (), db_path: str | None = None):
        self.root = Path(root)
        self.fingerprint = fingerprint  # config + analyzers; a change re-parses every note
        self.parser = parser  # (rel, bytes) -> row dict, see rows.note_rows
        self.ignore = tuple(ignore) or (".obsidian", ".git", ".plainnet", ".trash", "node_modules")
        self.walk: Walk | None = None
        self._unsnapped: str | None = None  # the rows' generation, when the last _stored() read them row by row
        self._delta: tuple | None = None  # (rows generation, snapshot's generation, delta) of the last _stored()
        self.renamed: list | None = None  # set by each write: see SyncStats.renamed
        self.defer_checks: bool | None = None  # None: by size; the watch without --checks always defers
        self.explicit_db = db_path  # e.g. ":memory:" or a file outside the vault (read-only corpora)
        self.shrunk: dict[str, int] = {}  # path -> size the index knew, for notes smaller now (last sync)
        self.notices: list[str] = []  # things the user should hear about (the CLI prints them on stderr)
        self.conn = self._open()

    # ------------------------------------------------------------ opening

    def _db_path(self) -> str | None:
        if self.explicit_db:
            return None if self.explicit_db == ":memory:" else self.explicit_db
        folder = self.root / ".plainnet"
        if os.path.islink(folder) and not is_inside(self.root, folder):
            self.notices.append(f".plainnet is a symlink to {os.path.realpath(folder)}, outside the vault; "
                                "plainnet does not follow it and keeps the index in memory for this run")
            return None
        try:
            folder.mkdir(exist_ok=True)
            if not os.access(folder, os.W_OK):
                return None
        except OSError:
            return None
        path = folder / "index.sqlite"
        try:
            st = os.lstat(path)
        except OSError:
            return str(path)
        if not _stat.S_ISREG(st.st_mode):
            what = "a folder" if _stat.S_ISDIR(st.st_mode) else "a symlink" if _stat.S_ISLNK(st.st_mode) \
                else "not a regular file"
            self.notices.append(f".plainnet/index.sqlite is {what}, not an index file; plainnet keeps the index "
                                "in memory for this run (remove it and the next run rebuilds the file)")
            return None
        return str(path)

    def _open(self) -> sqlite3.Connection:
        path = self._db_path()
        if path is None:  # read-only vault: a private in-memory index
            conn = _connect(":memory:")
            self._create(conn)
            return conn
        try:
            conn = _connect(path)
            if self._usable(conn):
                return conn
            conn.close()
        except sqlite3.DatabaseError:
            pass
        try:
            return self._recreate(path)
        except (OSError, sqlite3.Error) as exc:  # cannot replace it: a private index, and say why
            self.notices.append(f"{path}: cannot rebuild the index file ({getattr(exc, 'strerror', None) or exc}); "
                                "plainnet keeps the index in memory for this run")
            conn = _connect(":memory:")
            self._create(conn)
            return conn

    def _usable(self, conn: sqlite3.Connection) -> bool:
        try:
            app, ver = conn.execute("PRAGMA application_id").fetchone()[0], conn.execute("PRAGMA user_version").fetchone()[0]
            if app == APP_ID and ver == VERSION:
                row = conn.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
                if row and row[0] == self.fingerprint:
                    return True
                # settings changed: keep the file, forget the parsed rows
                conn.execute("BEGIN IMMEDIATE")
                for t in NOTE_TABLES:
                    conn.execute(f"DELETE FROM {t}")
                conn.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                conn.execute("DELETE FROM meta WHERE key IN ('rows', 'snapshot', 'snapdelta', 'fts')")
                record_changes(conn, None)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
                conn.execute("COMMIT")
                return True
            if app == 0 and ver == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                self._create(conn)
                return True
        except sqlite3.DatabaseError:
            return False
        return False

    def _recreate(self, path: str) -> sqlite3.Connection:
        """Replace an old, foreign or corrupt file with a new empty index (it is only a cache)."""
        tmp = f"{path}.{os.getpid()}.new"
        conn = _connect(tmp)
        self._create(conn)
        conn.close()
        for suffix in ("-wal", "-shm", "-journal"):
            try:
                os.remove(path + suffix)
            except FileNotFoundError:
                pass
        try:
            os.replace(tmp, path)
        except OSError:
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.remove(tmp + suffix)
                except OSError:
                    pass
            raise
        return _connect(path)

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
            conn.execute("ROLLBACK")  # another process created it meanwhile
            return
        conn.executescript("BEGIN;" + DDL + f"PRAGMA user_version = {VERSION}; PRAGMA application_id = {APP_ID};"
                           "COMMIT;")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass

    # ------------------------------------------------------------ syncing

    def sync(self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False,
             only: Iterable[str] | None = None) -> SyncStats:
        """Bring the rows in line with the disk; re-parse only what changed.

        `only` limits the stat walk to some paths (watch uses it for a few changed files): each
        one that is a note is re-parsed (its event says it changed, even if only its permissions
        did), each that is gone is removed, and `self.walk` is updated in place. Without a previous
        full walk, or when a path is a folder or lies behind a symlinked folder, it walks everything.
        """
        t0 = time.perf_counter()
        stats = SyncStats(rebuilt=rebuild)
        if only is not None and not rebuild and self.walk is not None:
            done = self._sync_only(sorted(set(only)), stats)
            if done is not None:
                done.seconds = time.perf_counter() - t0
                return done
        self.walk = w = take_walk(self.root, self.ignore) or walk(self.root, self.ignore)
        on_disk = w.notes
        try:
            stored, gen = self._stored()
        except sqlite3.DatabaseError:
            self.conn.close()
            path = self._db_path()
            self.conn = self._recreate(path) if path else _connect(":memory:")
            if not path:
                self._create(self.conn)
            stored, gen = {}, ""
        if on_disk == stored and not rebuild:  # the everyday case, compared at C speed
            todo, gone = [], []
        else:
            todo = [p for p, st in on_disk.items() if rebuild or stored.get(p) != st]
            gone = [p for p in stored if p not in on_disk]
        # notes that got smaller since the index last saw them: an edit must not trust a read of
        # one caught mid-write by another program (see record.read_for_edit)
        self.shrunk = {p: stored[p][0] for p in todo if p in stored and on_disk[p][0] < stored[p][0]}
        if todo or gone or rebuild:
            stats.fresh = self._parse_and_write(todo, gone, rebuild, progress, stored, gen)
            stats.renamed = self.renamed
        elif self._unsnapped is not None:  # rows read the slow way: leave a snapshot for next time
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                self._snapshot(self.conn, stored, gen, {}, [], False)
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
        self._unsnapped = None
        stats.total = len(on_disk)
        stats.added = sum(1 for p in todo if p not in stored)
        stats.changed = len(todo) - stats.added
        stats.removed = len(gone)
        stats.changed_paths = sorted(todo + gone)
        stats.problems = self.conn.execute("SELECT count(DISTINCT path) FROM findings WHERE rule LIKE 'data-%' AND severity='error'").fetchone()[0] + len(w.skipped)
        stats.seconds = time.perf_counter() - t0
        return stats

    def _sync_only(self, paths: list[str], stats: SyncStats) -> SyncStats | None:
        """The `only=` fast path: stat just these paths. None means "walk everything instead"."""
        w = self.walk
        real_root = os.path.realpath(self.root)
        found = {}
        for rel in paths:
            what = self._stat_one(rel, real_root)
            if what == "walk":
                return None
            found[rel] = what
        try:
            stored = {p for (p,) in self.rows_in("SELECT path FROM notes WHERE path IN ({})", paths)}
        except sqlite3.DatabaseError:
            return None  # the full path below rebuilds a broken file
        files = set(w.files)
        todo, gone = [], []
        for rel, what in found.items():
            w.skipped = [s for s in w.skipped if s.path != rel]
            kind, info = what if what else (None, None)
            if kind == "note":
                w.notes[rel] = info  # in place when already there: the walk's order stays a fresh walk's
                todo.append(rel)
            else:
                w.notes.pop(rel, None)
                if rel in stored:
                    gone.append(rel)
            if kind == "file" and rel not in files:
                w.files.append(rel)
                stats.changed_files.append(rel)
            elif kind != "file" and rel in files:
                w.files.remove(rel)
                stats.changed_files.append(rel)
            if kind == "skip":
                w.skipped.append(Skipped(rel, info))
        if todo or gone:
            self._parse_and_write(todo, gone, False, None)
            stats.renamed = self.renamed
        stats.total = len(w.notes)
        stats.added = sum(1 for p in todo if p not in stored)
        stats.changed = len(todo) - stats.added
        stats.removed = len(gone)
        stats.changed_paths = sorted(todo + gone)
        stats.problems = self.conn.execute("SELECT count(DISTINCT path) FROM findings WHERE rule LIKE 'data-%' AND severity='error'").fetchone()[0] + len(w.skipped)
        return stats

    def _stat_one(self, rel: str, real_root: str):
        """What `walk` would record for one path: ("note", (size, mtime_ns)), ("file", None),
        ("skip", reason), None (not part of the vault), or "walk" (a folder: walk everything)."""
        parts = rel.split("/")
        if not rel or any(not d or d in (".", "..") or d.startswith(".") or d in self.ignore for d in parts[:-1]):
            return None
        name = parts[-1]
        full = os.path.join(self.root, *parts)
        parent = os.path.dirname(full)
        try:
            if os.path.realpath(parent) != os.path.join(real_root, *parts[:-1]):
                return "walk"  # behind a symlinked folder: let walk() apply its rules
            st = os.lstat(full)
            link = _stat.S_ISLNK(st.st_mode)
            if link:
                real = os.path.realpath(full)
                if not (real == real_root or real.startswith(real_root + os.sep)):
                    if name.endswith(".md") or os.path.isdir(full):
                        return ("skip", "symlink leads outside the vault; not followed")
                    return None
                st = os.stat(full)
            if _stat.S_ISDIR(st.st_mode):
                return "walk"
        except FileNotFoundError:
            return None
        except OSError as exc:
            if isinstance(exc, NotADirectoryError):
                return None
            return ("skip", f"not readable ({exc.strerror})")
        if name.endswith(".md"):
            return ("note", (st.st_size, st.st_mtime_ns)) if _stat.S_ISREG(st.st_mode) else ("skip", not_regular(st.st_mode))
        return None if name.startswith(".") and not link else ("file", None)

    def _stored(self) -> tuple[dict, str]:
        """{path: (size, mtime_ns)} of every note row, and the rows' generation ("" when read from
        the rows themselves). Read from the snapshot the last full sync left (one blob instead of
        100,000 rows) when it is of the current rows, or is with the delta that brings it to
        them; else from the rows."""
        self._unsnapped = None
        self._delta = None
        gen_row = self.conn.execute("SELECT value FROM meta WHERE key = 'rows'").fetchone()
        gen = gen_row[0] if gen_row else ""
        snap = self.conn.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
        if snap and gen and isinstance(snap[0], bytes):
            base_gen, _, blob = snap[0].partition(b"\0")
            try:
                delta: dict = {}  # path -> (size, mtime_ns), or None: removed since the snapshot
                if base_gen != gen.encode():
                    row = self.conn.execute("SELECT value FROM meta WHERE key = 'snapdelta'").fetchone()
                    cur, _, rest = row[0].partition(b"\0") if row and isinstance(row[0], bytes) else (b"", b"", b"")
                    of, _, dblob = rest.partition(b"\0")
                    if cur != gen.encode() or of != base_gen:
                        raise ValueError("no snapshot of these rows")
                    delta = dict(marshal.loads(dblob))
                paths, sizes, mtimes = marshal.loads(blob)
                out = dict(zip(paths, zip(sizes, mtimes)))
                for p, st in delta.items():
                    if st is None:
                        out.pop(p, None)
                    else:
                        out[p] = tuple(st)
                self._delta = (gen, base_gen, delta)
                return out, gen
            except (ValueError, TypeError, EOFError):
                pass
        rows = {p: (s, m) for p, s, m in self.conn.execute("SELECT path, size, mtime_ns FROM notes")}
        self._unsnapped = gen  # (sync writes a snapshot if it writes nothing else)
        return rows, gen

    def _snapshot(self, c, stored: dict | None, gen: str | None, written: dict, gone: list, rebuild: bool) -> None:
        """Inside the write transaction: a new rows generation, and the snapshot `_stored` reads,
        when `stored` was read at the generation still current (else no snapshot: another process
        wrote meanwhile, so the rows are read the slow way next time). A few changes to a
        snapshot are written as a delta beside it (a whole snapshot of 100,000 notes is 5 MB)."""
        row = c.execute("SELECT value FROM meta WHERE key = 'rows'").fetchone()
        new_gen = os.urandom(8).hex()
        c.execute("INSERT OR REPLACE INTO meta VALUES ('rows', ?)", (new_gen,))
        if stored is None or (row[0] if row else "") != (gen or ""):
            c.execute("DELETE FROM meta WHERE key IN ('snapshot', 'snapdelta')")
            return
        base = self._delta if self._delta is not None and self._delta[0] == gen and not rebuild else None
        if base is not None:
            delta = dict(base[2])
            delta.update((p, None) for p in gone)
            delta.update(written)
            if len(delta) <= SNAPSHOT_DELTA_MAX:
                blob = marshal.dumps(list(delta.items()))
                c.execute("INSERT OR REPLACE INTO meta VALUES ('snapdelta', ?)",
                          (new_gen.encode() + b"\0" + base[1] + b"\0" + blob,))
                return
        now = {} if rebuild else dict(stored)
        for p in gone:
            now.pop(p, None)
        now.update(written)
        blob = marshal.dumps((list(now), [v[0] for v in now.values()], [v[1] for v in now.values()]))
        c.execute("INSERT OR REPLACE INTO meta VALUES ('snapshot', ?)", (new_gen.encode() + b"\0" + blob,))
        c.execute("DELETE FROM meta WHERE key = 'snapdelta'")

    def _parse_and_write(self, todo: list[str], gone: list[str], rebuild: bool, progress,
                         stored: dict | None = None, gen: str | None = None) -> bool:
        """Parse `todo` and replace the rows of `todo` and `gone`, in one write transaction.

        Parsed batches are written as they arrive (large syncs parse in worker processes while
        this one writes), so memory holds a few batches, not the vault. The rows of every path
        written are replaced, even ones another process added since the stat walk. Returns whether
        the index was empty before ("fresh"): then secondary indexes are built once at the end,
        and every link the workers could not resolve on their own is NULL (see names.resolve_early).
        """
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if rebuild:
                for t in NOTE_TABLES:
                    c.execute(f"DELETE FROM {t}")
            fresh = c.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is None
            search_ready = c.execute("SELECT 1 FROM meta WHERE key = 'fts'").fetchone() is not None
            if fresh and not rebuild:
                for t in NOTE_TABLES:  # (nothing should be there, but a note-less row must not survive)
                    c.execute(f"DELETE FROM {t}")
            same = None
            if not fresh:
                old_names = self._names_of([*todo, *gone])
                # a re-parsed note's links, tasks, log, names and identities are replaced only
                # where they came out different (appending a log line rewrites no link)
                old_sigs = self._sigs_of(todo)
                col = {t: i for i, t in enumerate(KEPT_WHEN_SAME, 1)}

                def same(sig, table):
                    old = old_sigs.get(sig[0])
                    return old is not None and old[col[table]] == sig[col[table]]

                if search_ready:
                    self._fts_forget([*todo, *gone])
                for t in NOTE_TABLES:
                    c.executemany(f"DELETE FROM {t} WHERE path = ?", [(p,) for p in gone])
                    if t not in KEPT_WHEN_SAME:
                        c.executemany(f"DELETE FROM {t} WHERE path = ?", [(p,) for p in todo])
            record_changes(c, None if fresh else [*todo, *gone])
            late = fresh and len(todo) >= LATE_INDEX_MIN
            if late:  # building an index once is cheaper than keeping it sorted through every insert
                for name in INDEXES:
                    c.execute(f"DROP INDEX IF EXISTS {name}")
            done = 0
            written: dict = {}
            stages: set = set()
            staged: list = []
            fallbacks = FALLBACKS
            for batch in self._parse_batches(todo):
                if isinstance(batch, tuple):  # (a worker's staging file, what it wrote there)
                    stages.add(batch[0])
                    staged.extend(p for p, _size, _mtime in batch[1])
                    written.update((p, (size, mtime)) for p, size, mtime in batch[1])
                    done += len(batch[1])
                else:
                    from plainnet.index.rows import insert_rows

                    insert_rows(c, batch, same)
                    written.update((r["note"][0], (r["note"][1], r["note"][2])) for r in batch)
                    done += len(batch)
                if progress:
                    progress(done, len(todo))
            broke = bool(stages) and FALLBACKS != fallbacks
            if broke:
                # the pool broke: batches in flight may have reached a staging file as well as been
                # parsed here since; copy in only what was received from the workers
                c.execute("CREATE TEMP TABLE IF NOT EXISTS staged (path TEXT PRIMARY KEY)")
                c.execute("DELETE FROM temp.staged")
                c.executemany("INSERT OR IGNORE INTO temp.staged VALUES (?)", [(p,) for p in staged])
            only = " WHERE path IN (SELECT path FROM temp.staged)" if broke else ""
            if stages and same is not None:
                c.execute("CREATE TEMP TABLE IF NOT EXISTS oldsigs (path TEXT PRIMARY KEY, "
                          + ", ".join(f"{t} TEXT" for t in KEPT_WHEN_SAME) + ")")
                c.execute("DELETE FROM temp.oldsigs")
                c.executemany(f"INSERT INTO temp.oldsigs VALUES (?{',?' * len(KEPT_WHEN_SAME)})", old_sigs.values())
            for i, stage in enumerate(sorted(stages)):  # copied in at C speed
                c.execute(f"ATTACH DATABASE ? AS stage{i}", (stage,))
                for t in NOTE_TABLES:
                    if t in INSERT_COLUMNS:  # (its own ids are the stage's: let SQLite number the rows)
                        cols = INSERT_COLUMNS[t]
                        c.execute(f"INSERT OR REPLACE INTO main.{t}{cols} SELECT {cols[1:-1]} FROM stage{i}.{t}{only}")
                        continue
                    if same is None or t not in KEPT_WHEN_SAME:
                        c.execute(f"INSERT OR REPLACE INTO main.{t} SELECT * FROM stage{i}.{t}{only}")
                        continue
                    differ = (f"SELECT s.path FROM stage{i}.rowsigs s LEFT JOIN temp.oldsigs o ON o.path = s.path "
                              f"WHERE (o.path IS NULL OR o.{t} IS NOT s.{t})"
                              + (" AND s.path IN (SELECT path FROM temp.staged)" if broke else ""))
                    c.execute(f"DELETE FROM main.{t} WHERE path IN ({differ})")
                    c.execute(f"INSERT INTO main.{t} SELECT * FROM stage{i}.{t} WHERE path IN ({differ})")
            if late:
                for sql in INDEXES.values():
                    c.execute(sql)
            if fresh:  # the words are indexed in one pass when first searched (see ensure_search)
                if search_ready:
                    c.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                    c.execute("DELETE FROM meta WHERE key = 'fts'")
            elif search_ready:
                self._fts_add(todo)
            if len(todo) + len(gone) >= ANALYZE_MIN or not c.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
                c.execute("PRAGMA analysis_limit = 1000")  # sampled: ~20 ms at 100,000 notes
                c.execute("ANALYZE")
            self._snapshot(c, stored, gen, written, gone, rebuild)
            if fresh:
                self.renamed = None
            else:  # what link resolution must look at again (names gained or lost)
                new_names = self._names_of(todo)
                self.renamed = [p for p in [*todo, *gone] if old_names.get(p) != new_names.get(p)]
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        finally:
            self._drop_stages(stages if "stages" in locals() else ())
        return fresh

    def ensure_search(self) -> None:
        """Make the full-text index match the rows, once: a fresh index leaves it empty (one pass
        over 10,000 notes' words takes a second or two, which a vault never searched need not
        pay); from then on every sync keeps it current note by note."""
        c = self.conn
        if c.execute("SELECT 1 FROM meta WHERE key = 'fts'").fetchone():
            return
        c.execute("BEGIN IMMEDIATE")
        try:
            if not c.execute("SELECT 1 FROM meta WHERE key = 'fts'").fetchone():
                c.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
                c.execute("INSERT INTO meta VALUES ('fts', 'ready')")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _fts_forget(self, paths: list[str]) -> None:
        """Inside the write transaction, before the docs rows of `paths` go: take their words out of
        the full-text index (an external-content FTS5 table is told the exact text it indexed)."""
        for i in range(0, len(paths), IN_CHUNK):
            chunk = paths[i:i + IN_CHUNK]
            self.conn.execute("INSERT INTO fts(fts, rowid, title, fields, body) SELECT 'delete', id, title, fields, body "
                              f"FROM docs WHERE path IN ({','.join('?' * len(chunk))})", chunk)

    def _fts_add(self, paths: list[str]) -> None:
        """Inside the write transaction, after the docs rows of `paths` are written: index their words."""
        for i in range(0, len(paths), IN_CHUNK):
            chunk = paths[i:i + IN_CHUNK]
            self.conn.execute("INSERT INTO fts(rowid, title, fields, body) SELECT id, title, fields, body "
                              f"FROM docs WHERE path IN ({','.join('?' * len(chunk))})", chunk)

    def rows_in(self, sql: str, values) -> Iterator[tuple]:
        """Rows of `sql`, whose `{}` is an IN list, for every one of `values` (bound a chunk at a time)."""
        values = list(values)
        for i in range(0, len(values), IN_CHUNK):
            chunk = values[i:i + IN_CHUNK]
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def _sigs_of(self, paths: list[str]) -> dict[str, tuple]:
        """path -> its rowsigs row (path, then one digest per KEPT_WHEN_SAME table)."""
        return {row[0]: row for row in self.rows_in("SELECT * FROM rowsigs WHERE path IN ({})", paths)}

    def _names_of(self, paths: list[str]) -> dict[str, list]:
        """path -> sorted (key, rank) of its rows in the names table."""
        out: dict[str, list] = {}
        for path, key, rank in self.rows_in("SELECT path, key, rank FROM names WHERE path IN ({})", paths):
            out.setdefault(path, []).append((key, rank))
        for v in out.values():
            v.sort()
        return out

    def _drop_stages(self, stages) -> None:
        """Detach and delete workers' staging files (after the transaction that copied them)."""
        attached = {row[2]: row[1] for row in self.conn.execute("PRAGMA database_list")}
        for stage in stages:
            name = attached.get(stage)
            if name:
                try:
                    self.conn.execute(f"DETACH DATABASE {name}")
                except sqlite3.Error:
                    pass
            for suffix in ("", "-journal"):
                try:
                    os.remove(stage + suffix)
                except OSError:
                    pass

    def _parse_batches(self, paths: list[str]) -> Iterator:
        """Index rows of `paths`, a batch at a time: in worker processes when there are many (then
        a batch can be a (staging file, [(path, size, mtime_ns)]) pair instead of rows)."""
        if not paths:
            return
        from plainnet.index.rows import parse_paths

        if len(paths) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1 and not os.environ.get("PLAINNET_NO_PARALLEL"):
            try:
                pool = self._pool()
            except (OSError, RuntimeError, ImportError):  # no fork, no semaphores: do it here
                pool = None
            if pool is not None:
                yield from self._parse_parallel(pool, paths)
                return
        step = max(1, min(BATCH, len(paths) // 50))
        checks = self._checks_now(len(paths))
        for i in range(0, len(paths), step):
            yield parse_paths(self.root, paths[i:i + step], self.parser, checks=checks)

    def _checks_now(self, n: int) -> bool:
        """Whether a sync of `n` notes runs the per-note checks as it parses (see plainnet.rules.analyze):
        a large one does, since it reads the files anyway, unless `defer_checks` says otherwise."""
        return not self.defer_checks if self.defer_checks is not None else n > DEFER_CHECKS_MAX

    def _pool(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        from plainnet.index import rows
        from plainnet.index.names import walk_table

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        if ctx is not None and self.walk is not None:  # forked workers inherit the walk's names
            rows.EARLY_TABLE = walk_table(self.walk.notes, self.walk.files)
        return ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 2), mp_context=ctx)

    def _parse_parallel(self, pool, paths: list[str]) -> Iterator:
        """Batches in order, with a bounded number in flight (memory stays flat on 100,000 notes).
        With an index file, each worker writes its batches into a staging file beside it. Should
        the pool break (a worker killed), the batches not yet done are parsed here."""
        from collections import deque

        from plainnet.index import rows

        early = rows.EARLY_TABLE is not None
        chunks = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
        prefix = self._stage_prefix()
        checks = self._checks_now(len(paths))
        written = 0
        try:
            with pool:
                pending: deque = deque()
                submitted = 0
                while written < len(chunks):
                    while submitted < len(chunks) and len(pending) < IN_FLIGHT:
                        chunk = chunks[submitted]
                        pending.append(pool.submit(rows.stage_paths, self.root, chunk, self.parser, early, checks, prefix)
                                       if prefix else pool.submit(rows.parse_paths, self.root, chunk, self.parser, early,
                                                                  checks))
                        submitted += 1
                    try:
                        batch = pending.popleft().result()
                    except (OSError, RuntimeError, sqlite3.Error):  # BrokenProcessPool is a RuntimeError
                        global FALLBACKS
                        FALLBACKS += 1
                        break
                    written += 1
                    yield batch
        finally:
            rows.EARLY_TABLE = None
            # the walk table filled norm's memo with every path and title: useless from here on,
            # and left in place it fragments the memory a whole kept result is built in next
            from plainnet.notes.links import norm

            norm.cache_clear()
        for chunk in chunks[written:]:
            yield rows.parse_paths(self.root, chunk, self.parser, checks=checks)

    def _stage_prefix(self) -> str | None:
        """Where workers put their staging files: beside an index file (none for one in memory).
        Staging files of processes that no longer run are removed."""
        db = next((row[2] for row in self.conn.execute("PRAGMA database_list") if row[1] == "main"), "")
        if not db:
            return None
        folder = os.path.dirname(db)
        try:
            for name in os.listdir(folder):
                if name.startswith("stage-") and name.count("-") >= 2:
                    try:
                        os.kill(int(name.split("-")[1]), 0)
                    except ProcessLookupError:
                        os.remove(os.path.join(folder, name))
                    except (ValueError, OSError):
                        pass
        except OSError:
            return None
        return os.path.join(folder, f"stage-{os.getpid()}-")

    # ------------------------------------------------------------ queries

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()


def bump_generation(conn) -> None:
    """Inside a write transaction: a new token that says "the rows changed" (result caches key on it)."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (os.urandom(8).hex(),))


CHANGES_KEPT = 20_000  # change-log rows kept; a reader further behind recomputes everything


def record_changes(conn, paths) -> None:
    """Inside a write transaction: log that the rows of `paths` changed (None: possibly all).

    Derived results kept in the index (plainnet.incremental) read the log to update only around what
    changed since they were computed; every write to the note tables goes through here."""
    bump_generation(conn)
    if paths is None:
        conn.execute("INSERT INTO changes (path) VALUES (NULL)")
    elif paths:
        conn.executemany("INSERT INTO changes (path) VALUES (?)", [(p,) for p in paths])
    else:
        return
    conn.execute("DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - ?", (CHANGES_KEPT,))


def change_seq(conn) -> int:
    """The position in the change log the rows are at (0: nothing logged yet)."""
    return conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]


def changes_since(conn, seq: int) -> set | None:
    """Paths whose rows changed after log position `seq`; None when that cannot be told (a rebuild,
    a settings change, or log rows already dropped)."""
    lo, hi = conn.execute("SELECT min(seq), max(seq) FROM changes").fetchone()
    if hi is None or hi <= seq:
        return set()
    if seq < lo - 1:
        return None
    paths = set()
    for (p,) in conn.execute("SELECT path FROM changes WHERE seq > ?", (seq,)):
        if p is None:
            return None
        paths.add(p)
    return paths


def generation(conn) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return row[0] if row else ""


def loads(text: str | None, default=None):
    return json.loads(text) if text else default
