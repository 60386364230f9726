"""The watch debounce on its own (plainnet.watch.debounce): which paths an event can change, and
when a batch of changed paths is handed over. Timing runs on a clock the test sets, so nothing
here depends on how loaded the machine is; the few tests on the real clock only bound a wait from
below and allow seconds above it."""
from __future__ import annotations

import threading
import time

import pytest

from plainnet.watch.debounce import IGNORED_DIRS, Pending, is_temporary, relevant


class Clock:
    """Monotonic seconds that only move when the test moves them."""

    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


# ------------------------------------------------------------------------------------------------
# which paths matter
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "4913", "note.md~", "~", ".note.md.swp", ".note.md.swo", ".note.md.swx", ".note.md.swn", "x.tmp", "x.temp",
    "x.bak", "x.part", "x.crdownload", "x.kate-swp", "note.md___jb_tmp___", "note.md___jb_old___", "x.orig",
    ".#note.md", ".~lock.note.md#", ".goutputstream-AB12", ".plainnet-1234-abcd.tmp", ".syncthing.note.md",
    "~$note.md", "#note.md#", "#", ".DS_Store", "Thumbs.db",
])
def test_editor_scratch_files_are_temporary(name):
    assert is_temporary(name) is True


@pytest.mark.parametrize("name", [
    "note.md", "4913.md", "x4913", "#note.md", "note.md#", "notes.bak.md", "DS_Store", "thumbs.db.md", "swp",
    ".plainnet", "plainnet.toml", "lock.note.md",
])
def test_notes_and_attachments_are_not_temporary(name):
    assert is_temporary(name) is False


@pytest.mark.parametrize("rel, want", [
    ("people/Jane Doe.md", True),
    ("Jane.md", True),
    ("a/b/c/deep.md", True),
    ("plainnet.toml", True),
    ("files/photo.png", True),
    (".hidden.md", True),             # a hidden note is still a note
    ("people/.draft.md", True),
    (".hidden", False),               # a hidden file that is no note
    ("people/.env", False),
    (".hidden/note.md", False),       # anything in a hidden folder
    ("a/.b/note.md", False),
    (".git/HEAD", False),
    (".obsidian/workspace.json", False),
    (".plainnet/index.sqlite", False),
    (".trash/old.md", False),
    ("node_modules/x/readme.md", False),
    ("people/node_modules/readme.md", False),
    ("people/", False),               # a folder's own path: no file name
    ("", False),
    ("people/.Jane.md.swp", False),   # an editor's temporary file
    ("people/4913", False),
    ("node_modules.md", True),        # only a folder of that name is ignored
])
def test_which_paths_can_change_the_index(rel, want):
    assert relevant(rel) is want


def test_a_vaults_own_ignore_list_replaces_the_default_one():
    mine = frozenset({"archive"})
    assert relevant("archive/old.md", mine) is False
    assert relevant("node_modules/readme.md", mine) is True  # not in this list, not hidden
    assert relevant(".git/HEAD", mine) is False             # hidden folders never count
    assert relevant("notes/archive.md", mine) is True
    assert IGNORED_DIRS == frozenset({".git", ".obsidian", ".plainnet", ".trash", "node_modules"})


# ------------------------------------------------------------------------------------------------
# when a batch is ready (on a clock the test moves)
# ------------------------------------------------------------------------------------------------

def test_nothing_waiting_means_no_batch():
    clock = Clock()
    p = Pending(0.3, clock=clock)
    assert p.ready_at() is None
    assert p.take(0) is None


def test_a_batch_is_ready_once_the_vault_was_quiet_for_the_interval():
    clock = Clock(1000.0)
    p = Pending(0.5, max_wait=10, clock=clock)
    p.add(["a.md"])
    assert p.ready_at() == 1000.5
    clock.t = 1000.5  # exactly the quiet interval later: ready
    assert p.take(0) == ({"a.md"}, False)
    assert p.ready_at() is None and p.take(0) is None  # handed over once


def test_every_event_restarts_the_quiet_interval_and_the_paths_add_up():
    clock = Clock(1000.0)
    p = Pending(0.5, max_wait=10, clock=clock)
    p.add(["a.md"])
    clock.t = 1000.25
    p.add(["b.md", "a.md"])
    assert p.ready_at() == 1000.75
    clock.t = 1000.75
    assert p.take(0) == ({"a.md", "b.md"}, False)


def test_a_batch_is_never_held_past_max_wait_after_its_first_event():
    clock = Clock(1000.0)
    p = Pending(2.0, max_wait=3.0, clock=clock)
    p.add(["a.md"])
    for t in (1001.0, 1002.0, 1002.5):  # events keep coming: never quiet for 2 s
        clock.t = t
        p.add([f"{t}.md"])
    assert p.ready_at() == 1003.0
    clock.t = 1003.0
    paths, full = p.take(0)
    assert "a.md" in paths and len(paths) == 4 and full is False
    # the next batch counts max_wait from its own first event
    clock.t = 1010.0
    p.add(["c.md"])
    assert p.ready_at() == 1012.0


def test_max_wait_also_caps_a_single_long_quiet_interval():
    clock = Clock(1000.0)
    p = Pending(30.0, max_wait=5.0, clock=clock)
    p.add(["a.md"])
    assert p.ready_at() == 1005.0


def test_the_default_max_wait_is_five_seconds():
    clock = Clock(1000.0)
    p = Pending(60.0, clock=clock)
    p.add(["a.md"])
    assert p.ready_at() == 1005.0


@pytest.mark.parametrize("count, quiet, wait", [
    (10, 0.5, 0.5),    # ten paths: not yet a burst
    (11, 0.5, 1.5),    # more than ten: three times the quiet interval
    (11, 0.1, 0.3),    # three times 0.1 is over the floor
    (11, 0.01, 0.25),  # but never under a quarter second
    (40, 1.0, 3.0),
])
def test_a_burst_waits_three_times_as_long(count, quiet, wait):
    clock = Clock(1000.0)
    p = Pending(quiet, max_wait=60, clock=clock)
    p.add([f"n{i}.md" for i in range(count)])
    assert p.ready_at() == pytest.approx(1000.0 + wait)
    assert Pending.BURST == 10


def test_a_burst_counts_distinct_paths_not_events():
    clock = Clock(1000.0)
    p = Pending(0.5, max_wait=60, clock=clock)
    for _ in range(5):
        p.add([f"n{i}.md" for i in range(10)])  # fifty events on ten files
    assert p.ready_at() == 1000.5


def test_a_walk_of_everything_is_asked_for_by_any_event_of_the_batch():
    clock = Clock(1000.0)
    p = Pending(0.5, clock=clock)
    p.add(full=True)
    p.add(["a.md"])  # a later ordinary event does not take it back
    clock.t = 1001.0
    assert p.take(0) == ({"a.md"}, True)
    p.add(["b.md"])  # the next batch starts without it
    clock.t = 1002.0
    assert p.take(0) == ({"b.md"}, False)
    p.add(["c.md"])
    p.add(full=True)
    clock.t = 1003.0
    assert p.take(0) == ({"c.md"}, True)


def test_a_full_walk_alone_is_a_batch_with_no_paths():
    clock = Clock(1000.0)
    p = Pending(0.5, clock=clock)
    p.add(full=True)
    assert p.ready_at() == 1000.5
    clock.t = 1000.5
    assert p.take(0) == (set(), True)


def test_a_stop_request_wins_over_a_ready_batch_and_loses_nothing():
    clock = Clock(1000.0)
    p = Pending(0.5, clock=clock)
    p.add(["a.md"])
    clock.t = 1001.0
    p.wake()
    assert p.take(0) is None              # stop first
    assert p.take(0) == ({"a.md"}, False)  # the batch is still there, and the wake-up was used up


# ------------------------------------------------------------------------------------------------
# the real clock: waits bounded from below, seconds of slack above
# ------------------------------------------------------------------------------------------------

def test_take_waits_for_the_quiet_interval_on_the_real_clock():
    p = Pending(0.3, max_wait=30)
    start = time.monotonic()
    p.add(["a.md"])
    got = p.take(timeout=30)
    took = time.monotonic() - start
    assert got == ({"a.md"}, False)
    assert 0.29 <= took < 15


def test_take_gives_up_after_its_timeout_when_nothing_happens():
    p = Pending(0.05)
    start = time.monotonic()
    assert p.take(timeout=0.4) is None
    assert 0.39 <= time.monotonic() - start < 15


def test_an_event_wakes_a_waiting_take():
    p = Pending(0.05, max_wait=30)
    got = []
    t = threading.Thread(target=lambda: got.append(p.take(timeout=60)))
    start = time.monotonic()
    t.start()
    time.sleep(0.2)
    p.add(["late.md"])
    t.join(timeout=60)
    assert got == [({"late.md"}, False)]
    assert time.monotonic() - start < 30  # woken by the event, not by the 60 s time-out


def test_wake_ends_a_waiting_take_at_once():
    p = Pending(0.05)
    got = []
    t = threading.Thread(target=lambda: got.append(p.take(timeout=60)))
    start = time.monotonic()
    t.start()
    time.sleep(0.2)
    p.wake()
    t.join(timeout=60)
    assert got == [None]
    assert time.monotonic() - start < 30
    p.add(["a.md"])  # and the next take works as usual
    assert p.take(timeout=30) == ({"a.md"}, False)
