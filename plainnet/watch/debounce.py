"""The debounce of `plainnet watch`: which file events matter, and when a batch of them is ready.

Kept apart from the watcher because it is pure and small: no watchdog, no vault, no index. The
filters are functions of a path; `Pending` is a thread-safe batch whose clock can be replaced, so
its timing is tested exactly (tests/test_debounce.py) instead of through real file events.
"""
from __future__ import annotations

import threading
import time

# ---------------------------------------------------------------- which paths matter

# Folders never watched (besides hidden ones and the vault's own `ignore` list and templates).
IGNORED_DIRS = frozenset({".git", ".obsidian", ".plainnet", ".trash", "node_modules"})

_TEMP_SUFFIXES = (
    "~", ".swp", ".swo", ".swx", ".swn", ".tmp", ".temp", ".bak", ".part", ".crdownload", ".kate-swp",
    "___jb_tmp___", "___jb_old___", ".orig",
)
_TEMP_PREFIXES = (".#", ".~lock.", ".goutputstream-", ".plainnet-", ".syncthing.", "~$")


def is_temporary(name: str) -> bool:
    """Editor scratch files: Vim swap/backup and its `4913` probe, Emacs `.#lock` and `#autosave#`,
    `*.tmp`, JetBrains and GNOME safe-write files, our own atomic-write temporaries."""
    return (name == "4913" or name.endswith(_TEMP_SUFFIXES) or name.startswith(_TEMP_PREFIXES)
            or (name.startswith("#") and name.endswith("#")) or name in (".DS_Store", "Thumbs.db"))


def relevant(rel: str, ignore: frozenset = IGNORED_DIRS) -> bool:
    """Whether a vault-relative path can change the index: not in a hidden or ignored folder, not
    an editor's temporary file, not a hidden file other than a note."""
    parts = rel.split("/")
    if any(p.startswith(".") or p in ignore for p in parts[:-1]):
        return False
    name = parts[-1]
    if not name or is_temporary(name):
        return False
    if name.startswith(".") and not name.endswith(".md"):
        return False
    return True


# ---------------------------------------------------------------- batching events


class Pending:
    """Changed paths gathered from the observer thread until the vault has been quiet a while.

    The quiet interval is `quiet` seconds after the last event, three times that (at least
    0.25 s) once more than `BURST` paths are waiting, so a `git checkout` that pauses between files
    still lands in one refresh; a batch is never held more than `max_wait` after its first event.
    `clock` (monotonic seconds) is there for tests.
    """

    BURST = 10

    def __init__(self, quiet: float, max_wait: float = 5.0, clock=time.monotonic):
        self.quiet, self.max_wait = quiet, max_wait
        self._clock = clock
        self._cond = threading.Condition()
        self._paths: set[str] = set()
        self._full = False
        self._first: float | None = None
        self._last: float | None = None
        self._woken = False

    def add(self, paths=(), full: bool = False) -> None:
        with self._cond:
            self._paths.update(paths)
            self._full = self._full or full
            now = self._clock()
            if self._first is None:
                self._first = now
            self._last = now
            self._cond.notify_all()

    def wake(self) -> None:
        """Make a waiting `take` return now (stop was requested)."""
        with self._cond:
            self._woken = True
            self._cond.notify_all()

    def ready_at(self) -> float | None:
        """When the waiting batch is due (on `clock`), or None when nothing waits."""
        with self._cond:
            if self._last is None:
                return None
            quiet = self.quiet if len(self._paths) <= self.BURST else max(3 * self.quiet, 0.25)
            return min(self._last + quiet, self._first + self.max_wait)

    def take(self, timeout: float) -> tuple[set, bool] | None:
        """The next batch (paths, walk everything?) once quiet, or None after `timeout` seconds."""
        end = self._clock() + timeout
        with self._cond:
            while True:
                now = self._clock()
                if self._woken:
                    self._woken = False
                    return None
                ready = self.ready_at()
                if ready is not None:
                    if now >= ready:
                        batch = (self._paths, self._full)
                        self._paths, self._full, self._first, self._last = set(), False, None, None
                        return batch
                    self._cond.wait(ready - now)  # changes are waiting: no idle time-out now
                    continue
                if now >= end:
                    return None
                self._cond.wait(end - now)
