"""plainnet watch, one step at a time: events handed to the handler by the test, refreshes called
by the test, on real vaults and a real index. No waiting for an observer, so every outcome is exact.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import date

import pytest
from watchdog.events import (DirAttribEvent, DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent,
                             FileClosedEvent, FileClosedNoWriteEvent, FileCreatedEvent, FileDeletedEvent,
                             FileModifiedEvent, FileMovedEvent, FileOpenedEvent)

from plainnet.agenda.kept_items import KeptAgenda
from plainnet.watch import watcher
from plainnet.watch.debounce import IGNORED_DIRS, Pending
from plainnet.watch.watcher import Watch, _Handler, _one_line, unreadable_findings

TODAY = date(2026, 11, 25)

ANN = """---
type: contact
follow_ups:
  - {due: 2026-11-20, what: Send Ann the deck, done: false}
---
"""
BROKEN = "---\ntype: contact\nmet: [\n---\n"


# ---------------------------------------------------------------- events to paths


def handled(root, *events, ignore=IGNORED_DIRS, skip=(), alt=None):
    """What a batch holds after the handler saw `events`: (paths, walk everything) or None."""
    pending = Pending(0.0)
    h = _Handler(alt or root, pending, frozenset(ignore), frozenset(skip))
    for e in events:
        h.dispatch(e)
    return pending.take(0.01)


@pytest.fixture
def root(tmp_path):
    r = tmp_path / "vault"
    r.mkdir()
    return r


def test_a_saved_note_is_its_vault_path(root):
    assert handled(root, FileModifiedEvent(str(root / "people/Ann.md"))) == ({"people/Ann.md"}, False)
    assert handled(root, FileClosedEvent(str(root / "Ann.md"))) == ({"Ann.md"}, False)
    assert handled(root, FileCreatedEvent(os.fsencode(root / "people/Zoë.md"))) == ({"people/Zoë.md"}, False)
    assert handled(root, FileModifiedEvent(str(root / "plainnet.toml"))) == ({"plainnet.toml"}, False)


def test_reads_and_the_contents_of_attachments_change_nothing(root):
    assert handled(root, FileOpenedEvent(str(root / "Ann.md")), FileClosedNoWriteEvent(str(root / "Ann.md"))) is None
    assert handled(root, FileModifiedEvent(str(root / "img/card.png")), FileClosedEvent(str(root / "a.pdf"))) is None
    # but an attachment that appears, goes or moves does (a note may link to it)
    assert handled(root, FileCreatedEvent(str(root / "img/card.png"))) == ({"img/card.png"}, False)
    assert handled(root, FileDeletedEvent(str(root / "a.pdf"))) == ({"a.pdf"}, False)


def test_a_rename_is_its_source_and_its_destination(root):
    e = FileMovedEvent(str(root / "people/Ann.md"), str(root / "people/Ann Lee.md"))
    assert handled(root, e) == ({"people/Ann.md", "people/Ann Lee.md"}, False)
    # an editor's save by rename: only the note, not its temporary file
    e = FileMovedEvent(str(root / "people/.Ann.md.swp"), str(root / "people/Ann.md"))
    assert handled(root, e) == ({"people/Ann.md"}, False)
    # moved out of the vault: the note is gone; moved in: it appeared
    e = FileMovedEvent(str(root / "Ann.md"), str(root.parent / "elsewhere.md"))
    assert handled(root, e) == ({"Ann.md"}, False)
    e = FileMovedEvent(str(root.parent / "elsewhere.md"), str(root / "Ann.md"))
    assert handled(root, e) == ({"Ann.md"}, False)


def test_paths_outside_the_vault_temporary_files_and_skipped_paths_are_dropped(root):
    outside = [FileModifiedEvent(str(root.parent / "other.md")),
               FileModifiedEvent(str(root) + "-old/Ann.md"),  # a sibling whose name starts the same
               FileModifiedEvent(""),
               FileModifiedEvent(str(root / "people/.Ann.md.swp")),
               FileCreatedEvent(str(root / ".git/index")),
               FileCreatedEvent(str(root / "node_modules/x.md")),
               FileModifiedEvent(str(root / "Agenda.md"))]
    assert handled(root, *outside, skip={"Agenda.md"}) is None
    assert handled(root, FileModifiedEvent(str(root / "Agenda.md"))) == ({"Agenda.md"}, False)
    assert handled(root, FileModifiedEvent(str(root / "drafts/x.md")), ignore={"drafts"}) is None


def test_the_vault_given_through_a_link_is_the_same_vault(root, tmp_path):
    link = tmp_path / "link"
    os.symlink(root, link)
    events = [FileModifiedEvent(str(root / "a.md")), FileModifiedEvent(str(link / "b.md"))]
    assert handled(root, *events, alt=link) == ({"a.md", "b.md"}, False)


def test_folders_appearing_vanishing_or_moving_walk_everything(root):
    for e in (DirCreatedEvent(str(root / "people")), DirDeletedEvent(str(root / "people/old")),
              DirMovedEvent(str(root / "a"), str(root / "b")), DirDeletedEvent(str(root)),
              DirMovedEvent(str(root.parent / "x"), str(root / "x"))):
        assert handled(root, e) == (set(), True), e
    # a folder's listing changing says nothing by itself; hidden and ignored folders are not the vault's
    for e in (DirModifiedEvent(str(root / "people")), DirCreatedEvent(str(root / ".git/objects")),
              DirCreatedEvent(str(root / "node_modules")), DirCreatedEvent(str(root.parent / "x")),
              DirMovedEvent(str(root / ".trash/a"), str(root.parent / "b"))):
        assert handled(root, e) is None, e


class Dir:
    """A folder event of any kind, as an observer may report it."""

    is_directory = True

    def __init__(self, kind, path):
        self.event_type, self.src_path, self.dest_path = kind, str(path), ""


def test_a_folders_own_attributes_or_listing_say_nothing(root):
    for kind in ("modified", "attrib", "closed", "opened", "closed_no_write"):
        assert handled(root, Dir(kind, root / "people")) is None, kind
    assert handled(root, DirAttribEvent(str(root / "people"))) is None
    assert handled(root, Dir("created", root / "people")) == (set(), True)
    # a folder made inside an ignored one is not the vault's either
    assert handled(root, DirCreatedEvent(str(root / "drafts/2026")), ignore={"drafts"}) is None
    assert handled(root, DirCreatedEvent(str(root / "drafts/2026"))) == (set(), True)


def test_only_an_overflow_warning_walks_everything():
    pending = Pending(0.0)
    alarm = watcher._OverflowAlarm(pending)
    assert alarm.level == logging.WARNING
    alarm.emit(logging.makeLogRecord({"msg": "queue %s", "args": ("OverFlow",), "levelno": logging.WARNING}))
    assert pending.take(0.01) == (set(), True)


# ---------------------------------------------------------------- refreshes called by the test


def test_an_attachment_that_appears_is_a_change_but_not_an_edit(watch):
    w, _ = watch({"people/Ann.md": ANN.replace("---\n\n", "---\n![[card.png]]\n")})
    (w.root / "card.png").write_bytes(b"png")
    r = w.refresh(["card.png"])
    assert r.changed == ["card.png"] and not r.incremental
    assert w.refresh(["card.png"]) is None  # still there: nothing changed


def test_a_watch_before_it_starts(make_vault):
    w = Watch(make_vault({}), debounce=0.25, max_wait=2.0)
    assert (w.pending.quiet, w.pending.max_wait) == (0.25, 2.0)
    assert w.critical is False and not w.stopping
    d = Watch(w.root)
    assert (d.pending.quiet, d.pending.max_wait, d.poll, d.poll_interval) == (0.1, 5.0, False, 1.0)
    w.close()


def test_polling_looks_as_often_as_asked(tmp_path):
    handler = _Handler(tmp_path, Pending(0.0), frozenset(), frozenset())
    obs = watcher.make_observer(tmp_path, handler, poll=True, interval=0.3, ignore=frozenset())
    assert obs.timeout == 0.3 and type(obs).__name__ == "PollingObserverVFS"
    native = watcher.make_observer(tmp_path, handler, poll=False, interval=0.3, ignore=frozenset())
    assert type(native).__name__ != "PollingObserverVFS"


@pytest.fixture
def watch(make_vault):
    started = []

    def _start(files, *, toml="", **kw):
        w = Watch(make_vault(files, toml=toml), today=TODAY, **kw)
        started.append(w)
        r = w.start()
        w.observer.stop()  # the test says which paths changed, not the file system
        w.observer.join(5)
        return w, r

    yield _start
    for w in started:
        w.close()


def test_the_start_up_state(watch, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    w, r = watch({"people/Ann.md": ANN, "people/Bad.md": BROKEN})
    assert list(cwd.iterdir()) == []  # the settings are read without an index file anywhere
    assert (r.startup, r.changed, r.today, r.problems, r.errors) == (True, [], TODAY, 1, [])
    assert [i.what for i in r.items] == ["Send Ann the deck"]
    assert [f.path for f in r.findings] == ["people/Bad.md"] == [f.path for f in r.appeared]
    assert r.seconds > 0 and r.gone == []
    assert w.refresh([]) is None  # nothing named, nothing changed


def test_an_edit_in_place_is_a_refresh_of_that_note(watch):
    w, _ = watch({"people/Ann.md": ANN, "people/Bob.md": "---\ntype: contact\n---\n"})
    (w.root / "people/Ann.md").write_text(ANN.replace("the deck", "the case study"), encoding="utf-8")
    r = w.refresh(["people/Ann.md"])
    assert (r.changed, r.startup, r.errors) == (["people/Ann.md"], False, [])
    assert [i.what for i in r.items] == ["Send Ann the case study"]
    assert r.seconds > 0 and w.critical is False


def test_what_a_refresh_looks_at_is_what_it_was_told_unless_it_walks(watch):
    w, _ = watch({"people/Ann.md": ANN})
    (w.root / "people/Cy.md").write_text(ANN.replace("Ann", "Cy"), encoding="utf-8")
    (w.root / "people/Dee.md").write_text(ANN.replace("Ann", "Dee"), encoding="utf-8")
    r = w.refresh(["people/Cy.md"])
    assert r.changed == ["people/Cy.md"] and not r.incremental
    assert w.refresh(["people/Ann.md"]).changed == ["people/Ann.md"]  # a named note is read again; Dee waits for a walk
    r = w.refresh([], full=True)
    assert r.changed == ["people/Dee.md"]
    assert sorted(i.what for i in r.items) == ["Send Ann the deck", "Send Cy the deck", "Send Dee the deck"]


def test_unreadable_notes_are_counted_as_they_break_and_mend(watch):
    w, r = watch({"people/Ann.md": ANN, "people/Bad.md": BROKEN, "img/huge.png": b"x"})
    assert r.problems == 1
    (w.root / "people/Ann.md").write_text(BROKEN, encoding="utf-8")
    r = w.refresh(["people/Ann.md"])
    assert (r.problems, r.incremental) == (2, True)
    assert sorted(f.path for f in r.appeared) == ["people/Ann.md"] and r.gone == []
    (w.root / "people/Bad.md").write_text(ANN, encoding="utf-8")
    r = w.refresh(["people/Bad.md"])
    assert r.problems == 1 and [f.path for f in r.gone] == ["people/Bad.md"]
    (w.root / "people/Ann.md").unlink()
    r = w.refresh(["people/Ann.md"])
    assert r.problems == 0 and r.changed == ["people/Ann.md"]


def test_a_link_out_of_the_vault_counts_as_a_problem(make_vault, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(ANN, encoding="utf-8")
    root = make_vault({"people/Ann.md": ANN, "people/Bad.md": BROKEN})
    os.symlink(outside, root / "people/Link.md")
    with Watch(root, today=TODAY) as w:
        r = w.start()
        assert r.problems == 2
        assert [(f.path, f.rule) for f in r.findings] == [("people/Bad.md", "data-yaml"),
                                                          ("people/Link.md", "data-file")]
        assert unreadable_findings(w.vault) == r.findings
        link = r.findings[1]
        assert (link.line, link.column, link.severity, link.message) == (
            1, 1, "warning", "symlink leads outside the vault; not followed")
        (w.root / "people/Bad.md").write_text("---\ntype: contact\nname: Ann: Lee\n---\n", encoding="utf-8")
        (bad,) = w.refresh(["people/Bad.md"]).appeared
        assert (bad.rule, bad.line, bad.column) == ("data-yaml", 3, 10)
        (w.root / "people/Bad.md").write_text(ANN, encoding="utf-8")
        r = w.refresh(["people/Bad.md"])
        assert r.problems == 1 and r.incremental


def test_the_sync_is_marked_critical_while_it_writes(watch):
    w, _ = watch({"people/Ann.md": ANN})
    seen = []
    real = w.vault.sync

    def sync(*a, **kw):
        seen.append(w.critical)
        return real(*a, **kw)

    w.vault.sync = sync
    (w.root / "people/Ann.md").write_text(ANN + "more\n", encoding="utf-8")
    w.refresh(["people/Ann.md"])
    assert seen == [True] and w.critical is False


def test_new_settings_reopen_the_vault_and_bad_ones_keep_the_old(watch):
    w, r = watch({"people/Ann.md": ANN, "drafts/Cy.md": ANN.replace("Ann", "Cy"), "drafts/Bad.md": BROKEN})
    assert r.problems == 1
    w.vault.index.conn.execute("CREATE TABLE same_file (x)")  # new settings do not throw the index away
    w.vault.index.conn.commit()
    (w.root / "plainnet.toml").write_text('ignore = ["drafts"]\n', encoding="utf-8")
    r = w.refresh(["plainnet.toml"])
    assert r.changed == ["people/Ann.md"] and r.errors == []  # every note read again, under the new settings
    assert r.problems == 0 and r.findings == []
    assert [i.what for i in r.items] == ["Send Ann the deck"]
    assert "drafts" in w._handler.ignore
    assert w.vault.index.query("SELECT name FROM sqlite_master WHERE name = 'same_file'")
    (w.root / "plainnet.toml").write_text("ignore = [\n", encoding="utf-8")
    (w.root / "people/Ann.md").write_text(ANN.replace("the deck", "the offer"), encoding="utf-8")
    r = w.refresh(["plainnet.toml", "people/Ann.md"])
    (msg,) = r.errors
    assert msg.endswith("; keeping the previous settings") and "plainnet.toml" in msg
    assert [i.what for i in r.items] == ["Send Ann the offer"]  # the rest of the batch still counts
    assert r.changed == ["people/Ann.md"]


def test_an_index_deleted_under_the_watch_is_rebuilt(watch):
    w, _ = watch({"people/Ann.md": ANN})
    db = w.root / ".plainnet" / "index.sqlite"
    assert db.exists() and w._index_id is not None
    w.vault.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(str(db) + suffix):
            os.remove(str(db) + suffix)
    r = w.refresh([])
    assert r.changed == ["people/Ann.md"] and r.errors == []
    assert db.exists() and [i.what for i in r.items] == ["Send Ann the deck"]
    w.vault.close()
    os.remove(db)
    r = w._idle()  # found on a quiet tick too
    assert r.changed == ["people/Ann.md"] and db.exists() and r.errors == []
    assert w._idle() is None
    # gone again, and the settings broken meanwhile: said, and the old settings kept
    w.vault.close()
    os.remove(db)
    (w.root / "plainnet.toml").write_text("wpm = [\n", encoding="utf-8")
    r = w._idle()
    (msg,) = r.errors
    assert msg.endswith("; keeping the previous settings")
    assert [i.what for i in r.items] == ["Send Ann the deck"]


def corrupt_once(w):
    """The watch's next sync finds its index corrupt (as SQLite says it); the one after works."""
    real = w.vault.sync
    calls = []

    def sync(*a, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(*a, **kw)

    w.vault.sync = sync


def test_a_corrupt_index_is_deleted_and_rebuilt(watch, monkeypatch):
    w, _ = watch({"people/Ann.md": ANN})
    db = str(w.root / ".plainnet" / "index.sqlite")
    w.vault.index.conn.execute("CREATE TABLE old_file (x)")
    w.vault.index.conn.commit()
    corrupt_once(w)
    removed = []
    real_remove = os.remove

    def remove(path):
        removed.append(os.path.basename(path))
        return real_remove(path)

    monkeypatch.setattr(watcher.os, "remove", remove)
    r = w.refresh(["people/Ann.md", "people/Gone.md"])
    assert removed == ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"]
    assert r.errors == ["index problem (database disk image is malformed); rebuilding it"]
    assert r.changed == ["people/Ann.md", "people/Gone.md"] and [i.what for i in r.items] == ["Send Ann the deck"]
    with sqlite3.connect(db) as conn:  # a new file, not the old one reopened
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'old_file'").fetchall()


def test_a_corrupt_index_and_broken_settings_at_once(watch):
    w, _ = watch({"people/Ann.md": ANN})
    corrupt_once(w)
    (w.root / "plainnet.toml").write_text("wpm = [\n", encoding="utf-8")
    r = w.refresh(["people/Ann.md"])
    first, second = r.errors
    assert first == "index problem (database disk image is malformed); rebuilding it"
    assert second.endswith("; keeping the previous settings")
    assert [i.what for i in r.items] == ["Send Ann the deck"]


def test_a_refresh_that_fails_is_said_and_the_next_one_walks_everything(watch):
    w, _ = watch({"people/Ann.md": ANN})
    real = w.vault.sync
    fail = [OSError(5, "Input/output error")]

    def sync(*a, **kw):
        if fail:
            raise fail.pop()
        return real(*a, **kw)

    w.vault.sync = sync
    w.pending.add(["people/Ann.md"])
    (w.root / "people/Cy.md").write_text(ANN.replace("Ann", "Cy"), encoding="utf-8")
    gen = w.refreshes()
    r = next(gen)
    assert r.errors == ["refresh failed, retrying: OSError: [Errno 5] Input/output error"]
    assert r.changed == ["people/Ann.md"]
    w.pending.add(["people/Ann.md"])  # not Cy: only a walk finds it
    r = next(gen)
    assert r.changed == ["people/Cy.md"] and r.errors == []
    w.stop()
    assert list(gen) == []


def test_refreshes_stops_after_as_many_as_asked(watch):
    w, _ = watch({"people/Ann.md": ANN})
    for name in ("Cy", "Dee"):
        (w.root / f"people/{name}.md").write_text(ANN.replace("Ann", name), encoding="utf-8")
    w.pending.add(["people/Cy.md"])
    got = list(w.refreshes(max_refreshes=1))
    assert [r.changed for r in got] == [["people/Cy.md"]]
    w.pending.add(["people/Dee.md"])
    assert [r.changed for r in w.refreshes(max_refreshes=1)] == [["people/Dee.md"]]
    assert list(w.refreshes(max_refreshes=0)) == []
    for name in ("Cy", "Dee"):
        (w.root / f"people/{name}.md").write_text(ANN.replace("Ann", name).replace("deck", "menu"), encoding="utf-8")
    w.pending.add(["people/Cy.md"])
    got = []
    for r in w.refreshes(max_refreshes=2):
        got.append(r.changed)
        if len(got) == 1:
            w.pending.add(["people/Dee.md"])
    assert got == [["people/Cy.md"], ["people/Dee.md"]]


def test_the_quiet_time_counts_from_the_last_refresh(watch, monkeypatch):
    w, _ = watch({"people/Ann.md": ANN})
    (w.root / "people/Ann.md").write_text(ANN.replace("the deck", "the offer"), encoding="utf-8")
    w.pending.add(["people/Ann.md"])
    (r,) = w.refreshes(max_refreshes=1)
    assert r.incremental
    monkeypatch.setattr(Watch, "RECONCILE_AFTER", 3600.0)
    monkeypatch.setattr(KeptAgenda, "refresh", lambda *a, **k: pytest.fail("reconciled too soon"))
    assert w._idle() is None


def test_a_quiet_tick_that_fails_is_said(watch, monkeypatch):
    w, _ = watch({"people/Ann.md": ANN})

    def idle(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Watch, "_idle", idle)
    monkeypatch.setattr(Watch, "IDLE_TICK", 0.01)
    (r,) = w.refreshes(max_refreshes=1)
    assert r.changed == [] and r.errors == ["refresh failed, retrying: OSError: [Errno 28] No space left on device"]


def test_a_new_day_is_a_refresh_without_changes(make_vault, monkeypatch):
    w = Watch(make_vault({"people/Ann.md": ANN.replace("2026-11-20", "2026-12-05")}))
    try:
        w.start()

        class Tomorrow(date):
            @classmethod
            def today(cls):
                return date(2026, 12, 6)

        monkeypatch.setattr(watcher, "date", Tomorrow)
        r = w._idle()
        assert (r.changed, r.today) == ([], date(2026, 12, 6))
        assert [i.what for i in r.items] == ["Send Ann the deck"]
        assert w._idle() is None  # the same day again
    finally:
        w.close()


def test_a_fixed_day_never_rolls_over(watch):
    w, _ = watch({"people/Ann.md": ANN})
    assert w._idle() is None and w.vault.today == TODAY


def test_a_quiet_moment_checks_the_kept_agenda_against_a_rebuild(watch, monkeypatch):
    w, _ = watch({"people/Ann.md": ANN, "people/Bob.md": ANN.replace("Ann", "Bob")})
    (w.root / "people/Ann.md").write_text(ANN.replace("the deck", "the offer"), encoding="utf-8")
    assert w.refresh(["people/Ann.md"]).incremental
    assert w._idle() is None  # not quiet long enough yet
    monkeypatch.setattr(Watch, "RECONCILE_AFTER", 0.0)
    assert w._idle() is None  # the same as a rebuild: nothing to say
    assert w._agenda_dirty is False
    # a kept agenda that drifted from the notes is replaced by the rebuilt one, and said
    (w.root / "people/Bob.md").write_text(ANN.replace("Ann", "Bob").replace("the deck", "a note"),
                                          encoding="utf-8")
    assert w.refresh(["people/Bob.md"]).incremental
    w.vault.index.conn.execute("DELETE FROM kept_items WHERE path = 'people/Bob.md'")
    w.vault.index.conn.commit()
    r = w._idle()
    assert r.errors == ["the agenda kept between saves differed from a full rebuild; "
                        "showing the rebuilt one (please report this)"]
    assert r.changed == [] and not r.incremental
    assert sorted(i.what for i in r.items) == ["Send Ann the offer", "Send Bob a note"]
    assert w._idle() is None


def test_the_quiet_check_uses_the_watchs_own_agenda_days(watch, monkeypatch):
    later = ANN.replace("2026-11-20", "2026-12-15")  # 20 days ahead: upcoming only in a 30-day agenda
    w, r = watch({"people/Ann.md": later}, agenda_days=30)
    assert [i.what for i in r.items] == ["Send Ann the deck"]
    (w.root / "people/Ann.md").write_text(later.replace("the deck", "the offer"), encoding="utf-8")
    assert w.refresh(["people/Ann.md"]).incremental
    monkeypatch.setattr(Watch, "RECONCILE_AFTER", 0.0)
    assert w._idle() is None


def test_an_index_path_given_and_an_index_in_memory(make_vault, tmp_path):
    root = make_vault({"people/Ann.md": ANN})
    db = tmp_path / "elsewhere.sqlite"
    with Watch(root, today=TODAY, index_path=str(db)) as w:
        w.start()
        assert w._index_file() == str(db) and w._index_id == (os.stat(db).st_dev, os.stat(db).st_ino)
    with Watch(root, today=TODAY, index_path=":memory:") as w:
        w.start()
        assert w._index_file() is None and w._index_id is None and not w._index_replaced()
    assert Watch(root)._index_file() is None


def test_closing_lets_go_of_the_observer_and_the_log_handlers(watch):
    w, _ = watch({"people/Ann.md": ANN})
    alarm = w._alarm
    assert all(alarm in logging.getLogger(n).handlers for n in watcher._WATCHDOG_LOGGERS)
    w.close()
    assert w.observer is None and w.vault is None and w.stopping
    assert not any(alarm in logging.getLogger(n).handlers for n in watcher._WATCHDOG_LOGGERS)
    w.close()  # twice is fine


def test_the_agenda_note_is_not_followed_and_settings_ignores_are(watch):
    w, _ = watch({"people/Ann.md": ANN}, toml='ignore = ["drafts"]\n', skip=["Agenda.md"])
    assert w._handler.skip == frozenset({"Agenda.md"})
    # exactly the folders the index never reads: these settings replace the default list, so
    # node_modules is read, and followed
    assert w._handler.ignore == {"drafts", "templates"}
    assert handled(w.root, FileModifiedEvent(str(w.root / "drafts/x.md")), ignore=w._handler.ignore) is None
    node = FileModifiedEvent(str(w.root / "node_modules/x.md"))
    assert handled(w.root, node, ignore=w._handler.ignore) == ({"node_modules/x.md"}, False)


def test_checks_in_a_watch_report_what_appeared_and_went(watch):
    pitch = "---\ntype: pitch\n---\nWe help people with various solutions.\n"
    w, r = watch({"people/Ann.md": ANN, "pitch.md": pitch}, checks=True)
    before = {f.rule for f in r.findings}
    assert before and {f.rule for f in r.appeared} == before
    (w.root / "pitch.md").write_text(
        "---\ntype: pitch\n---\nI'm Ann. I help family dentists in Leeds who lose patients to missed "
        "recalls: my reminders cut no-shows by a third. Introduce me to a practice manager.\n", encoding="utf-8")
    r = w.refresh(["pitch.md"])
    assert r.gone and not (set(r.gone) & set(r.findings))
    assert set(r.appeared) <= set(r.findings)


def test_the_json_line_is_compact_json_and_reuses_the_kept_items(watch):
    w, r = watch({"people/Zoë.md": ANN.replace("Ann", "Zoë"), "people/Bäd.md": BROKEN})
    line = r.json_line()
    assert json.loads(line) == r.to_json()
    findings = json.dumps([f.to_json() for f in r.findings], ensure_ascii=False, separators=(",", ":"))
    assert line.endswith(f',"findings":{findings}}}') and "Bäd" in findings
    r.items_json = ['{"kept":1}']
    assert '"items":[{"kept":1}],' in r.json_line()


def test_the_watchs_own_overflow_alarm_and_polling_observer(watch):
    w, _ = watch({"people/Ann.md": ANN}, poll=True, poll_interval=0.2)
    assert type(w.observer).__name__ == "PollingObserverVFS" and w.observer.timeout == 0.2
    assert w.observer.daemon  # a watch never keeps the program from ending
    assert w.pending.take(0.01) is None
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify event queue overflow")
    assert w.pending.take(0.5) == (set(), True)


def test_a_broken_agenda_or_check_is_said_and_the_watch_goes_on(watch, monkeypatch):
    from plainnet.checks import engine

    w, _ = watch({"people/Ann.md": ANN}, checks=True)

    def broken(*a, **k):
        raise RuntimeError("a bug\nin two lines")

    monkeypatch.setattr(KeptAgenda, "rows", broken)
    (w.root / "people/Ann.md").write_text(ANN.replace("the deck", "the offer"), encoding="utf-8")
    r = w.refresh(["people/Ann.md"])
    assert r.errors == ["agenda failed: RuntimeError: a bug in two lines"]
    assert list(r.items) == [] and r.changed == ["people/Ann.md"]
    monkeypatch.undo()
    monkeypatch.setattr(engine, "run_checks", broken)
    r = w.refresh(["people/Ann.md"])
    assert r.errors == ["checks failed: RuntimeError: a bug in two lines"]
    assert [i.what for i in r.items] == ["Send Ann the offer"] and r.findings == []


def test_the_index_is_marked_critical_while_a_reopen_writes_it(make_vault, monkeypatch):
    from plainnet.api import Vault

    w = Watch(make_vault({"people/Ann.md": ANN}), today=TODAY)
    seen = []
    real = Vault.sync

    def sync(self, *a, **kw):
        seen.append(w.critical)
        if len(seen) == 1:  # a save while the first sync runs is kept for the first refresh
            w._handler.dispatch(FileModifiedEvent(str(w.root / "people/Ann.md")))
        return real(self, *a, **kw)

    monkeypatch.setattr(Vault, "sync", sync)
    try:
        r = w.start()
        assert seen == [False] and w.critical is False  # nothing shown yet: Ctrl-C may end it at once
        assert w.pending.take(0.5) == ({"people/Ann.md"}, False)
        assert 0 < r.seconds < 60
        (w.root / "plainnet.toml").write_text("wpm = 120\n", encoding="utf-8")
        r = w.refresh(["plainnet.toml"])
        assert seen == [False, True] and w.critical is False
        assert 0 < r.seconds < 60
    finally:
        w.close()


def test_errors_are_one_line():
    try:
        raise sqlite3.OperationalError("disk I/O error\nmore")
    except sqlite3.Error as exc:
        assert _one_line(exc) == "sqlite3.OperationalError: disk I/O error more"
    assert _one_line(OSError("x")) == "OSError: x"
