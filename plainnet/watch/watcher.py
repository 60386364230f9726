"""plainnet watch: keep the index current while notes are edited, and say what each save changed.

A watchdog observer (inotify on Linux, or polling with `poll=True`) feeds file events into a
`Pending` batch; once the vault has been quiet for the debounce interval the batch becomes one
incremental refresh: only the paths named by the events are stat'ed and re-parsed
(`Index.sync(only=...)`), then the agenda (and with `checks=True` every finding) is recomputed.

Editors save in many ways: in place, or by writing a temporary file and renaming it over the note
(Vim with `backupcopy=no`, VS Code, Obsidian, our own writes), sometimes after renaming the note to
a backup first. Events on temporary, swap and backup files are dropped; a rename counts as its
source and its destination changing; whatever happened, the refresh looks at the files as they now
are, so every sequence ends in the right state. A folder created, moved or deleted, an inotify queue
overflow, or anything the fast path cannot decide makes the refresh walk the whole vault instead.

`Watch` is the library half (no click, no printing); `plainnet.cli.watch` renders it.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from plainnet.watch.debounce import Pending, relevant


class _Handler:
    """Turns watchdog events into vault-relative paths on a `Pending` batch (observer thread)."""

    def __init__(self, root: Path, pending: Pending, ignore: frozenset, skip: frozenset):
        self.root = os.path.realpath(root)
        self.alt_root = os.fspath(root)
        self.pending = pending
        self.ignore = ignore  # folders never read (replaced when the settings change)
        self.skip = skip  # vault paths whose events are not ours to follow

    def _rel(self, path) -> str | None:
        if not path:
            return None
        path = os.fsdecode(path)
        for root in (self.root, self.alt_root):
            if path == root:
                return ""
            if path.startswith(root + os.sep):
                return path[len(root) + 1:].replace(os.sep, "/")
        return None

    def dispatch(self, event) -> None:  # the observer calls this for every event
        kind = event.event_type
        if kind in ("opened", "closed_no_write"):
            return  # reads (including our own) change nothing
        rels = [self._rel(event.src_path)]
        if kind == "moved":
            rels.append(self._rel(event.dest_path))
        rels = [r for r in rels if r is not None]
        if event.is_directory:
            if kind == "modified" or kind == "attrib" or kind == "closed":
                return  # a folder's listing changed: the file events say which file
            if any(relevant(r + "/x", self.ignore) for r in rels):  # could a file in it matter?
                self.pending.add(full=True)  # a folder appeared, vanished or moved: walk it all
            return
        keep = [r for r in rels if r and relevant(r, self.ignore) and r not in self.skip]
        if not keep:
            return
        if kind == "modified" or kind == "closed":
            # contents of an attachment do not matter, only that it exists
            keep = [r for r in keep if r.endswith(".md") or r == "plainnet.toml"]
            if not keep:
                return
        self.pending.add(keep)


class _OverflowAlarm(logging.Handler):
    """watchdog only logs an inotify queue overflow; events were lost, so walk everything."""

    def __init__(self, pending: Pending):
        super().__init__(logging.WARNING)
        self.pending = pending

    def emit(self, record) -> None:
        if "overflow" in record.getMessage().lower():
            self.pending.add(full=True)


_WATCHDOG_LOGGERS = ("watchdog.observers.inotify_c", "watchdog.observers.inotify")


def _filtered_scandir(ignore: frozenset):
    """os.scandir for the polling observer that skips hidden and ignored folders (.git can be big)."""

    def listdir(path):
        with os.scandir(path) as it:
            return [e for e in it
                    if not ((e.name.startswith(".") or e.name in ignore) and e.is_dir(follow_symlinks=False))]

    return listdir


def make_observer(root: Path, handler, *, poll: bool, interval: float, ignore: frozenset):
    """A started-able observer over the vault: inotify (or the platform's native API), or polling."""
    if poll:
        from watchdog.observers.polling import PollingObserverVFS

        obs = PollingObserverVFS(os.lstat, _filtered_scandir(ignore), polling_interval=interval)
    else:
        from watchdog.observers import Observer

        obs = Observer()
    obs.schedule(handler, os.fspath(root), recursive=True)
    return obs


# ---------------------------------------------------------------- a refresh


@dataclass
class Refresh:
    """What one refresh found. `changed` is empty for the start-up state and a new day."""

    changed: list
    items: list  # agenda Items
    findings: list  # Findings: every one with checks=True, else the notes that could not be read
    today: date
    appeared: list = field(default_factory=list)  # findings new since the previous refresh
    gone: list = field(default_factory=list)  # findings that went away
    problems: int = 0  # notes that could not be read
    errors: list = field(default_factory=list)  # messages about the watch itself (bad plainnet.toml ...)
    startup: bool = False
    seconds: float = 0.0
    items_json: list | None = None  # each item as agenda --json prints it
    incremental: bool = False  # the agenda was updated around the changed notes, not rebuilt

    def to_json(self) -> dict:
        return {"changed": self.changed, "today": self.today.isoformat(),
                "items": [i.to_json() for i in self.items], "findings": [f.to_json() for f in self.findings]}

    def json_line(self) -> str:
        """`to_json()` as one line of JSON, reusing the serialised items of unchanged notes."""
        dumps = _dumps
        items = self.items_json if self.items_json is not None else [dumps(i.to_json()) for i in self.items]
        return (f'{{"changed":{dumps(self.changed)},"today":"{self.today.isoformat()}",'
                f'"items":[{",".join(items)}],"findings":{dumps([f.to_json() for f in self.findings])}}}')


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def unreadable_findings(vault) -> list:
    """The error-level data findings (invalid YAML, unreadable files): cheap, straight from the index."""
    from plainnet.notes.findings import Finding

    rows = vault.index.query("SELECT path, line, col, rule, severity, message FROM findings "
                             "WHERE severity = 'error' AND rule LIKE 'data-%'")
    out = [Finding(p, l, r, m, s, c) for p, l, c, r, s, m in rows]
    if vault.index.walk:
        out.extend(Finding(s.path, 1, "data-file", s.reason) for s in vault.index.walk.skipped)  # a warning
    return sorted(set(out), key=Finding.sort_key)


class Watch:
    """A vault kept current from file events. Use from one thread:

        w = Watch(root, debounce=0.1)
        state = w.start()                 # opens and syncs the vault; the start-up Refresh
        for r in w.refreshes():           # blocks; one Refresh per debounced batch of changes
            ...
        w.close()                         # w.stop() from another thread ends refreshes()
    """

    IDLE_TICK = 1.0  # how often, with nothing happening, to check the day and the index file
    RECONCILE_AFTER = 3.0  # quiet seconds before an incrementally kept agenda is checked by a rebuild

    def __init__(self, root, *, today: date | None = None, debounce: float = 0.1, poll: bool = False,
                 poll_interval: float = 1.0, checks: bool = False, agenda_days: int | None = None,
                 index_path: str | None = None, max_wait: float = 5.0, skip=()):
        self.root = Path(root)
        self.skip = frozenset(skip)  # vault paths whose events are not ours to follow (the agenda note)
        self.fixed_today = today
        self.checks = checks
        self.agenda_days = agenda_days
        self.index_path = index_path
        self.poll, self.poll_interval = poll, poll_interval
        self.pending = Pending(debounce, max_wait)
        self.vault = None
        self.observer = None
        self.critical = False  # True while the index is being written: a signal should wait
        self._stop = threading.Event()
        self._findings: set = set()
        self._index_id = None
        self._alarm = None
        self._handler = None
        self._agenda_dirty = False  # the kept agenda was updated incrementally since a full rebuild
        self._unreadable: set | None = None
        self._last_refresh = 0.0
        self._retry_full = False

    # ------------------------------------------------------------ life cycle

    def start(self) -> Refresh:
        """Start observing, then open and sync the vault: events during a long first sync are kept."""
        from plainnet.api import folders_never_read, load_config

        t0 = time.perf_counter()
        # what the index never reads (hidden folders never matter: `relevant` drops them)
        ignore = frozenset(folders_never_read(load_config(self.root)))
        self._alarm = _OverflowAlarm(self.pending)
        for name in _WATCHDOG_LOGGERS:
            logging.getLogger(name).addHandler(self._alarm)
        self._handler = _Handler(self.root, self.pending, ignore, self.skip)
        self.observer = make_observer(self.root, self._handler, poll=self.poll, interval=self.poll_interval,
                                      ignore=ignore)
        self.observer.daemon = True
        self.observer.start()
        self._open(critical=False)  # nothing shown yet: Ctrl-C may end the first sync at once
        r = self._compute([], startup=True)
        r.seconds = time.perf_counter() - t0
        return r

    def stop(self) -> None:
        """Ask `refreshes()` to end (from any thread, or a signal handler)."""
        self._stop.set()
        self.pending.wake()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self.stop()
        if self.observer is not None:
            try:
                self.observer.stop()
                self.observer.join(timeout=1.0)
            except Exception:  # noqa: BLE001 - shutting down; nothing useful to do
                pass
            self.observer = None
        if self._alarm is not None:
            for name in _WATCHDOG_LOGGERS:
                logging.getLogger(name).removeHandler(self._alarm)
            self._alarm = None
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ the loop

    def refreshes(self, max_refreshes: int | None = None):
        """Yield a Refresh for each debounced batch that changed something, until stop()."""
        n = 0
        while not self._stop.is_set():
            if max_refreshes is not None and n >= max_refreshes:
                return
            batch = self.pending.take(self.IDLE_TICK)
            if self._stop.is_set():
                return
            try:
                r = self.refresh(*batch) if batch is not None else self._idle()
            except (sqlite3.Error, OSError) as exc:
                # say so and carry on; the next refresh walks everything
                self._retry_full = True
                r = self._compute(sorted(batch[0]) if batch else [])
                r.errors.append("refresh failed, retrying: " + _one_line(exc))
            if r is not None:
                n += 1
                self._last_refresh = time.monotonic()
                yield r

    def refresh(self, paths=(), full: bool = False) -> Refresh | None:
        """Re-index `paths` (or everything) and recompute; None when nothing in the index changed."""
        t0 = time.perf_counter()
        errors: list[str] = []
        paths = set(paths)
        full, self._retry_full = full or self._retry_full, False
        reopened = True  # the notes may have changed beyond `changed` (other settings ignore other folders)
        try:
            if "plainnet.toml" in paths or self._index_replaced():
                # new settings (or the index file deleted under us): open afresh, re-parse as needed
                self._reopen(errors)
                changed = sorted(set(self.vault.last_sync.changed_paths) | (paths - {"plainnet.toml"}))
            else:
                stats = self._sync(None if full else paths)
                changed = sorted(set(stats.changed_paths) | set(stats.changed_files))
                reopened = False
        except sqlite3.DatabaseError as exc:
            errors.append(f"index problem ({exc}); rebuilding it")
            self._reopen(errors, force=True)
            changed = sorted(set(self.vault.last_sync.changed_paths) | paths)
        if not changed and not errors:
            return None
        r = self._compute(changed, recount=reopened)
        r.errors = errors + r.errors
        r.seconds = time.perf_counter() - t0
        return r

    def _idle(self) -> Refresh | None:
        """Nothing happened for a while: a new day changes the agenda; a deleted index is rebuilt."""
        errors: list[str] = []
        if self._index_replaced():
            self._reopen(errors)
            r = self._compute(sorted(self.vault.last_sync.changed_paths))
            r.errors = errors + r.errors
            return r
        if self.fixed_today is None and date.today() != self.vault.today:
            self.vault.today = date.today()
            return self._compute([])
        if self._agenda_dirty and time.monotonic() - self._last_refresh >= self.RECONCILE_AFTER:
            # a quiet moment: check the incrementally kept agenda against a full rebuild
            from plainnet.agenda.kept_items import KeptAgenda

            kept = KeptAgenda(self.vault, self.agenda_days)
            kept.refresh()
            before = kept.texts()
            kept.refresh(force_full=True)
            self._agenda_dirty = False
            if kept.texts() != before:
                r = self._compute([], reuse=True)
                r.errors.append("the agenda kept between saves differed from a full rebuild; "
                                "showing the rebuilt one (please report this)")
                return r
        return None

    # ------------------------------------------------------------ the index

    def _open(self, critical: bool = True) -> None:
        from plainnet.api import Vault

        vault = Vault(self.root, today=self.fixed_today, index_path=self.index_path)
        if self.vault is not None:
            self.vault.close()
        self.vault = vault
        try:
            # this connection commits after every save for as long as the watch runs: room for a
            # 10,000-note vault's hot pages, so a burst of changes does not thrash a 2 MB page cache
            vault.index.conn.execute("PRAGMA cache_size = -32768")
        except sqlite3.Error:
            pass
        if not self.checks:  # a burst is parsed for the agenda alone: its checks run when asked for
            vault.index.defer_checks = True
        if self._handler is not None:  # the settings may ignore other folders now
            self._handler.ignore = frozenset(vault.index.ignore)
        self.critical = critical
        try:
            vault.sync()
        finally:
            self.critical = False
        self._index_id = self._index_file_id()

    def _reopen(self, errors: list, force: bool = False) -> None:
        """Open the vault again (new settings, new index file); bad settings keep the old ones, said
        in `errors`. `force` deletes the index file first (it is corrupt): only a cache is lost."""
        from plainnet.settings import ConfigError

        try:
            if force and self.vault is not None:
                self.vault.close()
                db = self._index_file()
                if db:
                    for suffix in ("", "-wal", "-shm"):
                        try:
                            os.remove(db + suffix)
                        except OSError:
                            pass
            self._open()
        except ConfigError as exc:
            errors.append(f"{exc}; keeping the previous settings")
            self._sync(None)

    def _sync(self, only):
        self.critical = True
        try:
            return self.vault.sync(only=only)
        finally:
            self.critical = False

    def _index_file(self) -> str | None:
        if self.vault is None:
            return None
        explicit = self.vault.index.explicit_db
        if explicit:
            return None if explicit == ":memory:" else explicit
        return os.path.join(self.vault.root, ".plainnet", "index.sqlite")

    def _index_file_id(self):
        db = self._index_file()
        try:
            st = os.stat(db) if db else None
        except OSError:
            return None
        return (st.st_dev, st.st_ino) if st else None

    def _index_replaced(self) -> bool:
        """The index file we write is gone or is another file now (deleted, rebuilt by someone)."""
        if self._index_id is None:
            return False  # in memory (read-only vault): nothing to lose
        return self._index_file_id() != self._index_id

    # ------------------------------------------------------------ what to show

    def _compute(self, changed: list, startup: bool = False, recount: bool = True,
                 reuse: bool = False) -> Refresh:
        """The refresh after `changed` was synced. The agenda comes from the index's kept agenda
        (plainnet.incremental), which updates itself around the changed notes when it can; without
        `recount`, only the notes in `changed` can have become readable or unreadable."""
        from plainnet.agenda.kept_items import ItemRows, KeptAgenda

        vault = self.vault
        errors: list[str] = []
        items, items_json = [], []
        how = ""
        try:
            kept = KeptAgenda(vault, self.agenda_days)
            how = "kept" if reuse else kept.refresh()
            rows = kept.rows()
            items, items_json = ItemRows(rows), [t for t, _, _ in rows]
        except Exception as exc:  # noqa: BLE001 - a bug must not end the watch; say it
            errors.append("agenda failed: " + _one_line(exc))
        if how == "incremental":
            self._agenda_dirty = True
        elif how == "full":
            self._agenda_dirty = False
        findings = []
        try:
            if self.checks:
                from plainnet.checks.engine import run_checks

                findings = run_checks(vault)
            else:
                findings = unreadable_findings(vault)
        except Exception as exc:  # noqa: BLE001
            errors.append("checks failed: " + _one_line(exc))
        now = set(findings)
        appeared = sorted(now - self._findings, key=lambda f: f.sort_key())
        gone = sorted(self._findings - now, key=lambda f: f.sort_key())
        self._findings = now
        return Refresh(changed, items, findings, vault.today, appeared, gone, self._problems(changed, recount),
                       errors, startup, items_json=items_json, incremental=how == "incremental")

    def _problems(self, changed, recount: bool) -> int:
        """vault.unreadable_count(), without scanning 10,000 rows after each save."""
        vault = self.vault
        if recount or self._unreadable is None:
            self._unreadable = {p for (p,) in vault.index.query("SELECT path FROM notes WHERE yaml_ok = 0")}
        else:
            self._unreadable.difference_update(changed)
            from plainnet.incremental import SubsetIndex

            self._unreadable.update(p for p, ok in SubsetIndex(vault.index, sorted(changed)).query(
                "SELECT path, yaml_ok FROM notes") if not ok)
        return len(self._unreadable) + (len(vault.index.walk.skipped) if vault.index.walk else 0)


def _one_line(exc: BaseException) -> str:
    """An exception as the one line a refresh's errors show (its message may span several)."""
    return " ".join(line.strip() for line in traceback.format_exception_only(exc)
                    for line in line.splitlines() if line.strip())
