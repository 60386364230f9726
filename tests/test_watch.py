"""plainnet watch: real observers on temporary vaults.

Every test waits for the outcome it expects with a generous deadline (the machine may be slow and
shared) instead of sleeping a fixed time and asserting.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date

import pytest

import plainnet
from plainnet.watch.debounce import is_temporary, relevant
from plainnet.watch.watcher import Watch

TODAY = date(2026, 11, 25)
DEADLINE = 30.0

JANE = """---
type: contact
aliases: [Jane]
follow_ups:
  - {due: 2026-11-20, what: Send Jane the case study, done: false}
---
# Jane Doe
"""

BOB = """---
type: contact
follow_ups:
  - {due: 2026-11-21, what: Call Bob back, done: false}
---
"""

COFFEE = """---
type: event
date: 2026-11-27
attendees: ["[[Jane]]"]
---
Coffee with [[Jane]].
"""


def whats(refresh) -> set[str]:
    return {i.what for i in refresh.items}


class Running:
    """A Watch running in a thread, its refreshes on a queue (the start-up state first)."""

    def __init__(self, root, **kw):
        kw.setdefault("debounce", 0.05)
        self.w = Watch(root, today=TODAY, **kw)
        self.q: queue.Queue = queue.Queue()
        self.seen: list = []
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()
        self.first = self.next()

    def _run(self):
        try:
            self.q.put(self.w.start())
            for r in self.w.refreshes():
                self.q.put(r)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            self.q.put(exc)
        finally:
            self.w.close()

    def next(self, timeout: float = DEADLINE):
        try:
            r = self.q.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no refresh within {timeout} s; seen: {[x.changed for x in self.seen]}") from None
        if isinstance(r, BaseException):
            raise r
        self.seen.append(r)
        return r

    def until(self, pred, timeout: float = DEADLINE):
        """The first refresh for which pred(refresh) holds."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"condition not met within {timeout} s; refreshes: "
                                     f"{[(x.changed, sorted(whats(x))) for x in self.seen[-5:]]}")
            r = self.next(left)
            if pred(r):
                return r

    def stop(self):
        self.w.stop()
        self.t.join(10)
        assert not self.t.is_alive()


@pytest.fixture
def running():
    started = []

    def _start(root, **kw):
        r = Running(root, **kw)
        started.append(r)
        return r

    yield _start
    for r in started:
        r.stop()


def save(path, text):
    """An in-place save (open, truncate, write), the way most editors without safe-write do it."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def atomic_save(path, text, tmp_name=None):
    """Write a temporary file beside the note and rename it over the note (VS Code, Obsidian, Vim)."""
    tmp = path.parent / (tmp_name or f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------- which events count


@pytest.mark.parametrize("rel, want", [
    ("people/Jane Doe.md", True),
    ("pitch.md", True),
    ("plainnet.toml", True),
    ("attachments/card.png", True),
    ("people/.hidden.md", True),
    ("people/.Jane Doe.md.swp", False),
    ("people/.Jane Doe.md.swx", False),
    ("people/Jane Doe.md~", False),
    ("people/4913", False),
    ("people/.#Jane Doe.md", False),
    ("people/#Jane Doe.md#", False),
    ("people/Jane Doe.md.tmp", False),
    ("people/.plainnet-abc123", False),
    ("people/Jane Doe.md___jb_tmp___", False),
    (".git/index", False),
    (".git/refs/heads/main", False),
    (".obsidian/workspace.json", False),
    (".plainnet/index.sqlite-wal", False),
    ("node_modules/x/readme.md", False),
    ("people/.DS_Store", False),
])
def test_which_paths_are_relevant(rel, want):
    assert relevant(rel) is want
    assert is_temporary("4913") and not is_temporary("Jane Doe.md")


# ---------------------------------------------------------------- the index's only= fast path


def test_sync_only_matches_a_full_walk(make_vault, tmp_path):
    """After any mix of changes, syncing just the touched paths leaves the same rows and walk as a full sync."""
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB, "events/e.md": COFFEE,
                       "img/card.png": b"png"})
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntype: contact\n---\n", encoding="utf-8")
    v = plainnet.open_vault(root, today=TODAY)
    touched = ["people/Jane Doe.md", "people/Bob.md", "people/New.md", "img/card.png", "img/new.png",
               "people/.hidden.md", "people/Link.md", "people/.x.swp", "events/e.md"]
    save(root / "people/Jane Doe.md", JANE.replace("case study", "deck"))
    (root / "people/Bob.md").unlink()
    (root / "people/New.md").write_text(BOB, encoding="utf-8")
    (root / "img/card.png").unlink()
    (root / "img/new.png").write_bytes(b"png")
    (root / "people/.hidden.md").write_text("hidden note\n", encoding="utf-8")
    os.symlink(outside, root / "people/Link.md")
    (root / "people/.x.swp").write_bytes(b"swap")
    s = v.sync(only=touched)
    assert s.changed_paths == sorted(["people/Jane Doe.md", "people/Bob.md", "people/New.md",
                                      "people/.hidden.md", "events/e.md"])
    assert sorted(s.changed_files) == ["img/card.png", "img/new.png"]
    assert (s.added, s.changed, s.removed) == (2, 2, 1)

    def state(index):
        tables = {t: sorted(index.query(f"SELECT * FROM {t}"), key=repr)
                  for t in ("notes", "links", "tasks", "log", "findings", "names")}
        w = index.walk
        return tables, dict(w.notes), sorted(w.files), sorted((x.path, x.reason) for x in w.skipped)

    fast = state(v.index)
    v.close()
    full = plainnet.open_vault(root, today=TODAY, index_path=str(tmp_path / "fresh.sqlite"))
    assert state(full.index) == fast
    # a folder among the paths makes it walk everything
    (root / "groups").mkdir()
    (root / "groups/G.md").write_text("---\ntype: group\n---\n", encoding="utf-8")
    assert full.index.sync(only=["groups"]).changed_paths == ["groups/G.md"]


# ---------------------------------------------------------------- edits, as editors make them


def test_in_place_edit(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    w = running(root)
    assert w.first.changed == [] and w.first.startup
    assert {"Send Jane the case study", "Call Bob back"} <= whats(w.first)
    save(root / "people/Jane Doe.md", JANE.replace("case study", "slide deck"))
    r = w.until(lambda r: "Send Jane the slide deck" in whats(r))
    assert r.changed == ["people/Jane Doe.md"]
    assert "Send Jane the case study" not in whats(r)


def test_atomic_save_by_rename_and_vim_style(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    w = running(root)
    note = root / "people/Jane Doe.md"
    atomic_save(note, JANE.replace("case study", "deck"))
    r = w.until(lambda r: "Send Jane the deck" in whats(r))
    assert r.changed == ["people/Jane Doe.md"]  # the temporary file is not a change
    # Vim (backupcopy=no): probe file 4913, rename the note to a backup, write anew, drop the backup
    probe = note.parent / "4913"
    probe.write_text("", encoding="utf-8")
    probe.unlink()
    backup = note.parent / "Jane Doe.md~"
    os.rename(note, backup)
    note.write_text(JANE.replace("case study", "notes"), encoding="utf-8")
    backup.unlink()
    r = w.until(lambda r: "Send Jane the notes" in whats(r))
    assert all(c == "people/Jane Doe.md" for x in w.seen[1:] for c in x.changed)


def test_create_and_delete(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE})
    w = running(root)
    (root / "people/Bob.md").write_text(BOB, encoding="utf-8")
    r = w.until(lambda r: "Call Bob back" in whats(r))
    assert "people/Bob.md" in r.changed
    (root / "people/Bob.md").unlink()
    r = w.until(lambda r: "Call Bob back" not in whats(r))
    assert r.changed == ["people/Bob.md"]
    assert "people/Bob.md" not in w.w.vault.index.walk.notes
    # deleted and recreated within one debounce window: the new text wins
    (root / "people/Jane Doe.md").unlink()
    (root / "people/Jane Doe.md").write_text(JANE.replace("case study", "recreated"), encoding="utf-8")
    w.until(lambda r: "Send Jane the recreated" in whats(r))


def test_rename_keeps_links_resolving(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "events/2026-11-27 Coffee.md": COFFEE})
    w = running(root, checks=True)
    hw = [i for i in w.first.items if i.section == "homework"]
    assert [i.person for i in hw] == ["Jane Doe"]
    os.rename(root / "people/Jane Doe.md", root / "people/Jane Smith.md")
    r = w.until(lambda r: any(i.section == "homework" and i.person == "Jane Smith" for i in r.items))
    assert sorted(r.changed) == ["people/Jane Doe.md", "people/Jane Smith.md"]
    assert w.w.vault.resolve("Jane", "events/2026-11-27 Coffee.md") == "people/Jane Smith.md"
    assert not [f for f in r.findings if f.rule == "data-link"]  # [[Jane]] still resolves, by alias
    assert "Send Jane the case study" in whats(r)
    assert {i.path for i in r.items if i.what == "Send Jane the case study"} == {"people/Jane Smith.md"}


def test_burst_is_one_or_few_refreshes(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE})
    w = running(root)
    n = 200
    for i in range(n):
        (root / f"people/P{i:03}.md").write_text(BOB.replace("Call Bob back", f"Call P{i:03}"), encoding="utf-8")
    want = {f"people/P{i:03}.md" for i in range(n)}
    got: set = set()
    refreshes = 0
    while want - got:
        r = w.next()
        refreshes += 1
        got |= set(r.changed)
    assert refreshes <= 3, [len(x.changed) for x in w.seen[1:]]
    assert len(w.w.vault.index.walk.notes) == n + 1
    assert {f"Call P{i:03}" for i in range(n)} <= whats(r)


def test_invalid_yaml_is_reported_then_recovers(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    w = running(root)
    assert w.first.findings == [] and w.first.problems == 0
    broken = JANE.replace("aliases: [Jane]", "aliases: [Jane")
    save(root / "people/Jane Doe.md", broken)
    r = w.until(lambda r: r.findings)
    assert [(f.path, f.rule, f.severity) for f in r.findings] == [("people/Jane Doe.md", "data-yaml", "error")]
    assert r.problems == 1
    assert "Call Bob back" in whats(r)  # the rest is still shown
    assert [f.rule for f in r.appeared] == ["data-yaml"]
    save(root / "people/Jane Doe.md", JANE)
    r = w.until(lambda r: not r.findings)
    assert "Send Jane the case study" in whats(r) and r.problems == 0
    assert [f.rule for f in r.gone] == ["data-yaml"]


def test_swap_and_temporary_files_are_ignored(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    (root / ".git").mkdir()
    (root / ".obsidian").mkdir()
    w = running(root)
    for rel in ("people/.Jane Doe.md.swp", "people/Jane Doe.md~", "people/4913", "people/.#Jane Doe.md",
                "people/Jane Doe.md.tmp", ".git/index", ".obsidian/workspace.json", "people/.Bob.md.swx"):
        (root / rel).write_text("scratch", encoding="utf-8")
    (root / "people/4913").unlink()
    (root / ".plainnet/scratch").write_text("x", encoding="utf-8")
    save(root / "people/Bob.md", BOB.replace("Call Bob back", "Call Bob today"))
    w.until(lambda r: "Call Bob today" in whats(r))
    assert [x.changed for x in w.seen[1:]] == [["people/Bob.md"]]


def test_unreadable_file_is_reported_and_the_rest_shown(make_vault, running, monkeypatch):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    w = running(root)
    note = root / "people/Bob.md"
    if os.geteuid() == 0:  # root reads anything: make the read itself fail
        import plainnet.index.rows as rows

        real = rows.read_note_bytes

        def deny(root_, rel):
            if rel == "people/Bob.md":
                raise PermissionError(13, "Permission denied")
            return real(root_, rel)

        monkeypatch.setattr(rows, "read_note_bytes", deny)
        os.utime(note)
    else:
        note.chmod(0)
    r = w.until(lambda r: r.findings)
    assert [(f.path, f.rule) for f in r.findings] == [("people/Bob.md", "data-file")]
    assert "Send Jane the case study" in whats(r) and "Call Bob back" not in whats(r)
    if os.geteuid() == 0:
        monkeypatch.undo()
        os.utime(note)
    else:
        note.chmod(0o644)  # permissions alone change no mtime: the event still re-reads it
    r = w.until(lambda r: not r.findings)
    assert "Call Bob back" in whats(r)


def test_index_file_deleted_under_it(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    w = running(root)
    db = root / ".plainnet/index.sqlite"
    for suffix in ("", "-wal", "-shm"):
        p = db.parent / (db.name + suffix)
        if p.exists():
            p.unlink()
    # noticed even with nothing else happening; the refresh reports the re-parsed notes
    r = w.until(lambda r: "people/Bob.md" in r.changed)
    assert db.exists()
    assert "Call Bob back" in whats(r)
    save(root / "people/Bob.md", BOB.replace("Call Bob back", "Call Bob again"))
    w.until(lambda r: "Call Bob again" in whats(r))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2


def test_settings_change_reparses(make_vault, running):
    root = make_vault({"contacts/Jane Doe.md": JANE.replace("type: contact\n", ""), "people/Bob.md": BOB})
    w = running(root)
    assert "Send Jane the case study" in whats(w.first)  # a plain note's follow-up is still a follow-up
    assert not any(i.person == "Jane Doe" for i in w.first.items)
    (root / "plainnet.toml").write_text('[folders]\ncontacts = "contact"\npeople = "contact"\n', encoding="utf-8")
    w.until(lambda r: any(i.person == "Jane Doe" for i in r.items))


def test_poll_observer(make_vault, running):
    root = make_vault({"people/Jane Doe.md": JANE})
    w = running(root, poll=True, poll_interval=0.1)
    atomic_save(root / "people/Jane Doe.md", JANE.replace("case study", "polled"))
    r = w.until(lambda r: "Send Jane the polled" in whats(r))
    assert r.changed == ["people/Jane Doe.md"]
    (root / "people/Bob.md").write_text(BOB, encoding="utf-8")
    w.until(lambda r: "Call Bob back" in whats(r))


# ---------------------------------------------------------------- the command


def _env():
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    env.pop("PLAINNET_VAULT", None)
    return env


class Lines:
    def __init__(self, proc):
        self.q: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [self.q.put(x) for x in proc.stdout] + [self.q.put(None)],
                         daemon=True).start()

    def until(self, pred, timeout=DEADLINE):
        end = time.monotonic() + timeout
        while True:
            line = self.q.get(timeout=max(0.01, end - time.monotonic()))
            assert line is not None, "watch ended"
            obj = json.loads(line)
            if pred(obj):
                return obj


def test_cli_json_lines_sigterm_and_a_concurrent_command(make_vault):
    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    argv = [sys.executable, "-m", "plainnet", "--vault", str(root), "--today", TODAY.isoformat()]
    proc = subprocess.Popen(argv + ["watch", "--json", "--debounce", "50"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())
    try:
        lines = Lines(proc)
        first = lines.until(lambda o: True)
        assert set(first) >= {"changed", "items", "findings"} and first["changed"] == []
        assert {"Send Jane the case study", "Call Bob back"} <= {i["what"] for i in first["items"]}
        assert set(first["items"][0]) >= {"section", "due", "what", "note", "path", "line"}
        # another command while watch runs (and while it writes): neither blocks long nor breaks
        for k in range(3):
            save(root / "people/Bob.md", BOB.replace("Call Bob back", f"Call Bob {k}"))
            t = time.monotonic()
            other = subprocess.run(argv + ["agenda", "--json"], capture_output=True, text=True, env=_env(),
                                   timeout=60)
            assert other.returncode == 0, other.stderr
            assert time.monotonic() - t < 30
            assert f"Call Bob {k}" in {i["what"] for i in json.loads(other.stdout)["items"]}
            lines.until(lambda o: f"Call Bob {k}" in {i["what"] for i in o["items"]})
        save(root / "people/Jane Doe.md", JANE.replace("case study", "last edit"))
        lines.until(lambda o: o["changed"] == ["people/Jane Doe.md"])
        t = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=10)
        took = time.monotonic() - t
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0, proc.stderr.read()
    assert took < 1.0 or os.getloadavg()[0] > (os.cpu_count() or 1), f"SIGTERM took {took:.2f} s"
    with sqlite3.connect(root / ".plainnet/index.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    again = plainnet.open_vault(root, today=TODAY)
    assert (again.last_sync.added, again.last_sync.changed, again.last_sync.removed) == (0, 0, 0)


def test_cli_text_start_up_state(make_vault):
    from click.testing import CliRunner

    from plainnet.cli import cli

    root = make_vault({"people/Jane Doe.md": JANE, "people/Bob.md": BOB})
    args = ["--vault", str(root), "--today", TODAY.isoformat(), "watch", "--max-refreshes", "0"]
    res = CliRunner().invoke(cli, args + ["--checks"])
    assert res.exit_code == 0, res.output
    assert "Agenda for Wed 25 Nov 2026" in res.output and "Send Jane the case study" in res.output
    assert "checks:" in res.output
    res = CliRunner().invoke(cli, args + ["--json"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["changed"] == []


# ---------------------------------------------------------------- the agenda kept between saves


def test_incremental_agenda_equals_a_full_rebuild(tmp_path):
    """Random edits of the example vault: after each, the agenda updated around the changed note is
    exactly the one built from scratch (and most edits take the incremental path)."""
    import random
    import shutil

    from plainnet.agenda.items import agenda_for
    from random_edits import random_edits

    root = tmp_path / "vault"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "example-vault"), root,
                    ignore=shutil.ignore_patterns(".plainnet"))
    rnd = random.Random(5)
    notes, edit = random_edits(root, rnd, TODAY)
    w = Watch(root, today=TODAY)
    try:
        w.start()
        incremental = 0
        for step in range(40):
            rel = rnd.choice(notes)
            path = root / rel
            old = path.read_text(encoding="utf-8")
            new, how = edit(old)
            if new == old:
                continue
            atomic_save(path, new)
            r = w.refresh({rel})
            incremental += r.incremental
            full, _net = agenda_for(w.vault)
            want = [json.dumps(i.to_json(), ensure_ascii=False, separators=(",", ":")) for i in full]
            got = [json.dumps(json.loads(x), ensure_ascii=False, separators=(",", ":")) for x in r.items_json]
            assert got == want, f"step {step}: {how} on {rel}"
            assert [i.to_json() for i in r.items] == [i.to_json() for i in full]
            assert r.problems == w.vault.unreadable_count()
        assert incremental >= 15
    finally:
        w.close()


def test_the_watch_without_checks_leaves_them_for_when_they_are_asked(make_vault, monkeypatch):
    """A burst seen by `watch` (no --checks) is parsed for the agenda only; `check` afterwards runs
    the per-note checks it left, and finds what a full parse would."""
    import plainnet.index.store as index_mod

    monkeypatch.setattr(index_mod, "DEFER_CHECKS_MAX", 0)  # every sync counts as large
    root = make_vault({"pitch.md": "---\ntype: pitch\n---\nI'm a consultant at Acme.\n", "people/Jane.md": JANE})
    w = Watch(root, today=TODAY)
    try:
        w.start()
        assert w.vault.index.query("SELECT count(*) FROM notes WHERE checked = 0") == [(2,)]
        from plainnet.checks.engine import run_checks

        assert "pitch-title-only" in {f.rule for f in run_checks(w.vault)}
        assert w.vault.index.query("SELECT count(*) FROM notes WHERE checked = 0") == [(0,)]
    finally:
        w.close()


# ---------------------------------------------------------------- lost events, hidden folders, the JSON line


def test_an_inotify_overflow_makes_the_next_batch_walk_everything():
    import logging

    from plainnet.watch.watcher import Pending, _OverflowAlarm

    pending = Pending(0.0)
    alarm = _OverflowAlarm(pending)
    alarm.emit(logging.makeLogRecord({"msg": "some other warning", "levelno": logging.WARNING}))
    assert pending.take(0.01) is None
    alarm.emit(logging.makeLogRecord({"msg": "Inotify event queue OVERFLOW", "levelno": logging.WARNING}))
    assert pending.take(0.5) == (set(), True)


def test_polling_skips_hidden_and_ignored_folders_but_not_links_or_files(tmp_path):
    from plainnet.watch.watcher import _filtered_scandir

    for d in (".git", "node_modules", "people", ".plainnet-x"):
        (tmp_path / d).mkdir()
    (tmp_path / ".hidden.md").write_text("x", encoding="utf-8")
    (tmp_path / "node_modules.md").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "people", tmp_path / ".people-link")
    listdir = _filtered_scandir(frozenset({"node_modules"}))
    assert sorted(e.name for e in listdir(tmp_path)) == [".hidden.md", ".people-link", "node_modules.md", "people"]


def test_the_json_line_is_the_refresh_as_json_on_one_line(make_vault):
    root = make_vault({"people/Zoë Café.md": "---\ntype: contact\n---\n- [ ] send Zoë the menu 📅 2026-11-20\n",
                       "people/Bäd.md": "---\ntype: contact\nmet: [\n---\n"})
    w = Watch(root, today=TODAY)
    try:
        r = w.start()
        line = r.json_line()
        assert "\n" not in line and "Zoë" in line and "Bäd.md" in line and line.startswith('{"changed":[],"today":"2026-11-25",')
        assert json.loads(line) == r.to_json()
        data = r.to_json()
        assert set(data) == {"changed", "today", "items", "findings"} and data["findings"]
        assert any("Zoë" in json.dumps(i, ensure_ascii=False) for i in data["items"])
        r.items_json = None
        assert json.loads(r.json_line()) == data
    finally:
        w.close()


@pytest.mark.parametrize("name, want", [
    ("#notes.md#", True), ("#tag.md", False), ("notes#", False), ("Thumbs.db", True), (".DS_Store", True),
    ("thumbs.db.md", False),
])
def test_which_names_are_editor_or_system_scratch_files(name, want):
    assert is_temporary(name) is want


def test_a_watch_without_checks_still_reports_notes_it_cannot_read(make_vault):
    root = make_vault({"people/Bäd.md": "---\ntype: contact\nmet: [\n---\n",
                       "people/Ann.md": "---\ntype: contact\n---\n"})
    w = Watch(root, today=TODAY, checks=False)
    try:
        (f,) = w.start().findings
    finally:
        w.close()
    assert (f.path, f.line, f.column, f.rule, f.severity) == ("people/Bäd.md", 3, 1, "data-yaml", "error")
    assert f.message.startswith("invalid YAML in front matter")
