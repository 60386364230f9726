"""The index: incremental sync by (path, size, mtime_ns), rebuilds, concurrency, resolution."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

import plainnet
from plainnet.index.schema import VERSION


def bump(path, text):
    """Write and make sure the mtime moves even on coarse-timestamp file systems."""
    st = path.stat() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if st is not None:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_edit_rename_delete_between_commands(make_vault):
    root = make_vault({
        "people/Jane Doe.md": "---\ncompany: Acme\n---\nMet [[Bob]]\n",
        "people/Bob.md": "---\naliases: [Robert]\n---\n",
    })
    v = plainnet.open_vault(root)
    assert v.last_sync.added == 2
    assert {n.title for n in v.contacts()} == {"Jane Doe", "Bob"}
    v.close()

    bump(root / "people/Jane Doe.md", "---\ncompany: Initech\n---\nMet [[Robert]]\n")
    (root / "people/Bob.md").rename(root / "people/Bobby.md")
    (root / "people/New.md").write_text("# new\n", encoding="utf-8")
    v = plainnet.open_vault(root)
    s = v.last_sync
    assert (s.added, s.changed, s.removed) == (2, 1, 1)
    jane = {n.title: n for n in v.contacts()}["Jane Doe"]
    assert jane.front_matter["company"] == "Initech"
    # links resolve at query time: the alias still finds the renamed note
    assert v.resolve("Robert", "people/Jane Doe.md") == "people/Bobby.md"
    assert v.resolve("Bob") is None
    v.close()

    (root / "people/New.md").unlink()
    v = plainnet.open_vault(root)
    assert v.last_sync.removed == 1 and v.last_sync.total == 2
    assert "people/New.md" not in {n.path for n in v.notes()}


def test_unchanged_vault_reparses_nothing(make_vault):
    root = make_vault({f"people/P{i}.md": f"---\nemail: p{i}@x.org\n---\n" for i in range(30)})
    plainnet.open_vault(root).close()
    v = plainnet.open_vault(root)
    assert (v.last_sync.added, v.last_sync.changed, v.last_sync.removed) == (0, 0, 0)


@pytest.mark.parametrize("damage", ["garbage", "foreign", "old-version", "empty"])
def test_bad_index_file_is_rebuilt_silently(make_vault, damage):
    root = make_vault({"people/A.md": "---\nname: A\n---\n"})
    plainnet.open_vault(root).close()
    db = root / ".plainnet" / "index.sqlite"
    for extra in ("-wal", "-shm"):
        p = db.with_name(db.name + extra)
        if p.exists():
            p.unlink()
    if damage == "garbage":
        db.write_bytes(b"this is not sqlite" * 100)
    elif damage == "foreign":
        db.unlink()
        c = sqlite3.connect(db)
        c.execute("CREATE TABLE stuff (x)")
        c.commit()
        c.close()
    elif damage == "old-version":
        c = sqlite3.connect(db)
        c.execute(f"PRAGMA user_version = {VERSION - 1}")
        c.commit()
        c.close()
    else:
        db.write_bytes(b"")
    v = plainnet.open_vault(root)
    assert [n.title for n in v.contacts()] == ["A"]
    assert v.index.query("PRAGMA user_version")[0][0] == VERSION


def test_settings_change_reparses(make_vault):
    root = make_vault({"folks/A.md": "# A\n"})
    v = plainnet.open_vault(root)
    assert v.contacts() == []
    v.close()
    (root / "plainnet.toml").write_text('[folders]\nfolks = "contact"\n', encoding="utf-8")
    v = plainnet.open_vault(root)
    assert [n.title for n in v.contacts()] == ["A"]


def test_two_processes_at_once_do_not_corrupt(make_vault, tmp_path):
    root = make_vault({f"people/P{i}.md": f"---\nname: P{i}\n---\n[[P{i + 1}]]\n" for i in range(300)})
    script = (
        "import sys, plainnet\n"
        "for _ in range(3):\n"
        "    v = plainnet.open_vault(sys.argv[1]); n = len(v.notes()); v.close()\n"
        "print(n)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    # meanwhile, change files under them
    for i in range(20):
        bump(root / f"people/P{i}.md", f"---\nname: P{i} changed\n---\n")
    outs = [p.communicate(timeout=120) for p in procs]
    for (out, err), p in zip(outs, procs):
        assert p.returncode == 0, err
        assert out.strip() == "300"
    v = plainnet.open_vault(root)
    assert v.index.query("PRAGMA integrity_check")[0][0] == "ok"
    assert len(v.notes()) == 300
    assert {n.front_matter["name"] for n in v.notes() if n.title in {f"P{i}" for i in range(20)}} == \
        {f"P{i} changed" for i in range(20)}


def _inside(path, root) -> bool:
    real, top = os.path.realpath(os.fspath(path)), os.path.realpath(os.fspath(root))
    return real == top or real.startswith(top + os.sep)


def _deny_writes_under(monkeypatch, root):
    """What a read-only folder does to anyone but root: mkdir fails, access(W_OK) says no. As root
    (CI) the permission bits are not enforced, so the two calls the index makes fail here instead."""
    real_mkdir, real_access = os.mkdir, os.access

    def mkdir(path, *a, **kw):
        if _inside(path, root):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_mkdir(path, *a, **kw)

    def access(path, mode, *a, **kw):
        if mode & os.W_OK and _inside(path, root):
            return False
        return real_access(path, mode, *a, **kw)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("index_folder", ["missing", "read-only"])
def test_read_only_vault_uses_a_memory_index(make_vault, monkeypatch, index_folder):
    root = make_vault({"people/A.md": "---\nname: A\n---\n"})
    if index_folder == "read-only":
        (root / ".plainnet").mkdir()
        os.chmod(root / ".plainnet", 0o555)
    os.chmod(root, 0o555)
    try:
        if os.access(root, os.W_OK):  # root: simulate what the permission bits do to everyone else
            _deny_writes_under(monkeypatch, root)
        v = plainnet.open_vault(root)
        assert [n.title for n in v.contacts()] == ["A"]
        assert [tuple(r[1:]) for r in v.index.query("PRAGMA database_list")] == [("main", "")]  # in memory
        v.close()
        assert not (root / ".plainnet" / "index.sqlite").exists()
        assert (root / ".plainnet").is_dir() == (index_folder == "read-only")
    finally:
        monkeypatch.undo()
        os.chmod(root, 0o755)


def test_resolution_case_unicode_paths_and_files(make_vault):
    root = make_vault({
        "people/Zoë Smith.md": "---\naliases: [Zo]\n---\n",
        "a/Note.md": "",
        "b/Note.md": "",
        "b/c/Other.md": "[[Note]] [[c/Other]] ![[pic.png]] [[zoë smith]] [[ZO]] [[people/Zoë Smith]]",
        "b/c/pic.png": b"\x89PNG",
    })
    v = plainnet.open_vault(root)
    src = "b/c/Other.md"
    assert v.resolve("Note", src) == "b/Note.md"  # nearest to the linking note
    assert v.resolve("c/Other", src) == src
    assert v.resolve("pic.png", src) == "b/c/pic.png"
    assert v.resolve("zoe\u0308 smith", src) == "people/Zoë Smith.md"  # NFD spelling
    assert v.resolve("ZO", src) == "people/Zoë Smith.md"
    assert v.resolve("people/Zoë Smith", src) == "people/Zoë Smith.md"
    assert [f for f in v.findings() if f.rule == "data-link"] == []


def test_broken_link_and_duplicate_findings(make_vault):
    root = make_vault({
        "people/Jane Doe.md": "---\nemail: Jane@Example.org\n---\nSee [[Nobody]]\n",
        "people/J Doe.md": "---\nemail: jane@example.ORG\n---\n",
        "events/2026-11-01 Coffee.md": '---\nattendees: ["[[Jane Doe]]", "[[Ghost]]"]\n---\n',
    })
    v = plainnet.open_vault(root)
    fs = v.findings()
    links = [(f.path, f.line, f.message) for f in fs if f.rule == "data-link"]
    assert ("people/Jane Doe.md", 4, "link to no note: [[Nobody]]") in links
    assert any(p == "events/2026-11-01 Coffee.md" and "Ghost" in m for p, _, m in links)
    assert not any("Jane Doe]]" in m for _, _, m in links)
    dups = sorted(f.path for f in fs if f.rule == "data-duplicate")
    assert dups == ["people/J Doe.md", "people/Jane Doe.md"]
    assert all(f.line == 2 for f in fs if f.rule == "data-duplicate")


def test_symlink_outside_vault_is_not_followed(make_vault, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: SECRET\n---\n[[leak]]\n", encoding="utf-8")
    root = make_vault({"people/A.md": "# a\n"})
    os.symlink(secret, root / "people" / "Evil.md")
    os.symlink("/etc", root / "etc")
    inside = root / "people" / "Alias.md"
    os.symlink(root / "people" / "A.md", inside)
    v = plainnet.open_vault(root)
    titles = {n.title for n in v.notes()}
    assert "Evil" not in titles and "Alias" in titles
    assert not any("passwd" in n.path for n in v.notes())
    skipped = [f for f in v.findings() if f.rule == "data-file"]
    assert {f.path for f in skipped} >= {"people/Evil.md", "etc"}


def test_incremental_sync_cost_is_proportional_to_changes(make_vault):
    root = make_vault({f"notes/N{i}.md": f"---\ntags: [t{i}]\n---\nbody [[N{i + 1}]]\n" for i in range(400)})
    plainnet.open_vault(root).close()
    bump(root / "notes/N7.md", "changed")
    v = plainnet.open_vault(root)
    assert v.last_sync.changed_paths == ["notes/N7.md"]


def test_duplicate_by_a_further_email_address(make_vault):
    """Import keeps further addresses in `emails`; they identify a person as much as `email` does."""
    root = make_vault({
        "people/Ana.md": "---\nemail: ana@work.example\nemails: [ana@home.example]\n---\n",
        "people/Ana Souza.md": "---\nemail: ANA@home.example\n---\n",
    })
    v = plainnet.open_vault(root)
    assert sorted(f.path for f in v.findings() if f.rule == "data-duplicate") == ["people/Ana Souza.md", "people/Ana.md"]


def test_a_few_notes_duplicates_are_the_whole_vaults_for_those_notes(make_vault):
    """duplicates(paths) reads only the groups those notes are in; every subset gets what the
    whole-vault answer says of it (a three-way group, a note in two groups, a lone address)."""
    import itertools

    c = "---\ntype: contact\n"
    root = make_vault({
        "people/Ana.md": c + "email: ana@x.example\naliases: [Bo]\n---\n",
        "people/Ana B.md": c + "email: ANA@x.example\n---\n",
        "people/Ana C.md": c + "emails: [ana@X.example]\n---\n",
        "people/Bo.md": c + "email: bo@y.example\n---\n",
        "people/Cy.md": c + "email: cy@z.example\n---\n",
        "people/Di.md": c + "name: Cy\n---\n",
        "people/Ed.md": c + "email: ed@solo.example\n---\n",
    })
    v = plainnet.open_vault(root)
    every = v.duplicates()
    assert {f.path for f in every} == {"people/Ana.md", "people/Ana B.md", "people/Ana C.md", "people/Bo.md",
                                       "people/Cy.md", "people/Di.md"}
    assert sum(1 for f in every if f.path == "people/Ana.md") == 2  # its address and its alias
    paths = sorted(n.path for n in v.notes())
    for k in (0, 1, 2, 3):
        for subset in itertools.combinations(paths, k):
            assert v.duplicates(subset) == [f for f in every if f.path in subset], subset


def test_unresolved_links_are_remembered_and_new_notes_resolve_them(make_vault):
    root = make_vault({"people/A.md": "[[Ghost]] [[B]]\n", "people/B.md": ""})
    v = plainnet.open_vault(root)
    assert [(p, t, r) for p, t, r in v.resolved_links()] == [("people/A.md", "Ghost", None), ("people/A.md", "B", "people/B.md")]
    assert v.index.query("SELECT resolved FROM links WHERE target = 'Ghost'") == [("",)]  # checked, leads nowhere
    v.close()
    (root / "people/Ghost.md").write_text("", encoding="utf-8")
    v = plainnet.open_vault(root)
    assert dict(((p, t), r) for p, t, r in v.resolved_links())[("people/A.md", "Ghost")] == "people/Ghost.md"
    assert [f for f in v.findings() if f.rule == "data-link"] == []


def _deny_reads_of(monkeypatch, note):
    """What mode 0 does to anyone but root: opening the note fails. As root (CI) the bits are not
    enforced, so the one open that reads notes fails here instead."""
    import builtins

    real_open = builtins.open

    def guarded(file, mode="r", *a, **kw):
        if isinstance(file, (str, bytes, os.PathLike)) and "r" in mode and _inside(file, note):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(builtins, "open", guarded)
    from plainnet.vault import files

    real_open_regular = files.open_regular

    def guarded_regular(path):  # the one place notes are opened for the index
        if _inside(path, note):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open_regular(path)

    monkeypatch.setattr(files, "open_regular", guarded_regular)


def test_an_unreadable_note_is_retried_once_readable(make_vault, monkeypatch):
    root = make_vault({"people/A.md": "---\nname: A\n---\n", "people/B.md": "---\nname: B\n---\n"})
    note = root / "people/A.md"
    os.chmod(note, 0)
    try:
        if os.access(note, os.R_OK):  # root: simulate what mode 0 does to everyone else
            _deny_reads_of(monkeypatch, note)
        v = plainnet.open_vault(root)
        assert [(f.path, f.rule) for f in v.findings() if f.rule == "data-file"] == [("people/A.md", "data-file")]
        assert [n.front_matter.get("name") for n in v.contacts()] == ["B"]
        v.close()
    finally:
        monkeypatch.undo()
        os.chmod(note, 0o644)
    v = plainnet.open_vault(root)  # same mtime, now readable
    assert sorted(n.front_matter.get("name") for n in v.contacts()) == ["A", "B"]
    assert [f for f in v.findings() if f.rule == "data-file"] == []


def _tricky_links_vault(make_vault):
    """Links whose resolution needs each rule: nearest of two titles, alias only, a title that beats
    an alias, paths, ../ paths, folder suffixes, attachments, self links and links to nothing."""
    links = ("[[Note]] [[Zo]] [[Clash]] [[people/Zoë Smith]] [[../a/Note]] [[c/Other]] ![[pic.png]] "
             "[[#Heading]] [[Ghost]] [Md](../../people/Zo%C3%AB%20Smith.md) [[ZOË SMITH.md]]\n")
    files = {
        "people/Zoë Smith.md": "---\naliases: [Zo, Clash]\n---\n" + links,
        "people/Clash.md": links,
        "a/Note.md": links,
        "b/Note.md": links,
        "b/c/Other.md": links,
        "b/c/pic.png": b"\x89PNG",
    }
    files.update({f"bulk/N{i:03}.md": links for i in range(60)})
    return make_vault(files)


def test_parallel_sync_resolves_links_exactly_as_a_serial_one(make_vault, monkeypatch):
    """A large sync resolves most links in its worker processes from the stat walk's names (an
    alias never beats a path or title) and leaves the rest to the full name table: the stored
    resolution must equal a one-process sync's, link for link."""
    import plainnet.index.store as index_mod

    root = _tricky_links_vault(make_vault)
    monkeypatch.setenv("PLAINNET_NO_PARALLEL", "1")
    serial = plainnet.open_vault(root, index_path=":memory:")
    want = sorted(serial.index.query("SELECT path, target, line, resolved FROM links"))
    monkeypatch.delenv("PLAINNET_NO_PARALLEL")
    monkeypatch.setattr(index_mod, "PARALLEL_MIN", 1)
    monkeypatch.setattr(index_mod, "BATCH", 7)  # many batches, several in flight
    monkeypatch.setattr(index_mod, "LATE_INDEX_MIN", 1)  # and the late-built secondary indexes
    before = index_mod.FALLBACKS
    par = plainnet.open_vault(root)
    assert index_mod.FALLBACKS == before  # the workers did it (staged and copied in), no fallback
    assert not [n for n in os.listdir(root / ".plainnet") if n.startswith("stage-")]
    assert par.last_sync.fresh and par.last_sync.added == len(want) // 11
    got = sorted(par.index.query("SELECT path, target, line, resolved FROM links"))
    assert got == want
    assert dict(((p, t), r) for p, t, _, r in got)[("b/c/Other.md", "Note")] == "b/Note.md"
    assert dict(((p, t), r) for p, t, _, r in got)[("a/Note.md", "Clash")] == "people/Clash.md"
    assert dict(((p, t), r) for p, t, _, r in got)[("a/Note.md", "Zo")] == "people/Zoë Smith.md"
    names = {n for (n,) in par.index.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(index_mod.INDEXES) <= names
    # a worker-resolved index answers later syncs as any other: rename a note, links follow
    par.close()
    os.rename(root / "people/Clash.md", root / "people/Crash.md")
    again = plainnet.open_vault(root)
    assert dict(((p, t), r) for p, t, r in again.resolved_links())[("a/Note.md", "Clash")] == "people/Zoë Smith.md"


class InlinePool:
    """A worker pool that runs each task at once, so a failure is deterministic: the third task
    "dies" (its future raises without running). `calls` names the tasks submitted."""

    def __init__(self):
        self.calls: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        from concurrent.futures import Future

        self.calls.append(fn.__name__)
        f = Future()
        if len(self.calls) == 3:
            f.set_exception(RuntimeError("worker died"))
        else:
            f.set_result(fn(*args))
        return f


def test_a_broken_worker_pool_falls_back_to_parsing_here(make_vault, monkeypatch):
    import plainnet.index.store as index_mod
    from plainnet.index import rows

    root = _tricky_links_vault(make_vault)
    monkeypatch.setattr(index_mod, "PARALLEL_MIN", 1)
    monkeypatch.setattr(index_mod, "BATCH", 5)
    pool = InlinePool()
    calls = pool.calls
    monkeypatch.setattr(index_mod.Index, "_pool", lambda self: pool)
    before = index_mod.FALLBACKS
    v = plainnet.open_vault(root)
    assert calls[0] == "stage_paths"  # workers write their rows into staging files beside the index
    assert index_mod.FALLBACKS == before + 1
    assert v.last_sync.added == 65
    assert v.index.query("SELECT count(*) FROM notes")[0][0] == 65
    assert v.index.query("SELECT count(*) FROM links")[0][0] == 65 * 11
    assert sorted(os.listdir(root / ".plainnet")) == ["index.sqlite", "index.sqlite-shm", "index.sqlite-wal"] or \
        not [n for n in os.listdir(root / ".plainnet") if n.startswith("stage-")]
    rows._STAGE.clear()


PITCH = "---\ntype: pitch\n---\nI'm a consultant at Acme.\n"


def test_a_small_sync_leaves_the_per_note_checks_for_when_findings_are_asked(make_vault):
    """A save re-indexes one note without loading the checks' word lists and patterns; whatever
    reads findings runs them first, and a note changed since its sync waits for the next sync."""
    root = make_vault({"pitch.md": PITCH, "notes/A.md": "x"})
    v = plainnet.open_vault(root)
    assert v.index.query("SELECT path, checked FROM notes ORDER BY path") == [("notes/A.md", 0), ("pitch.md", 0)]
    assert v.index.query("SELECT count(*) FROM findings WHERE rule LIKE 'pitch-%'") == [(0,)]
    rules = sorted(f.rule for f in v.findings() if f.path == "pitch.md")
    assert "pitch-title-only" in rules and "pitch-ask" in rules
    assert v.index.query("SELECT count(*) FROM notes WHERE checked = 0") == [(0,)]
    assert v.complete_checks() == 0  # nothing left
    v.close()
    # edited after its sync, before the checks ran: not checked against the wrong text
    bump(root / "pitch.md", PITCH + "A great introduction for me is a dentist.\n")
    v = plainnet.open_vault(root)
    bump(root / "pitch.md", PITCH.replace("consultant", "plumber"))
    assert v.complete_checks() == 0
    assert v.index.query("SELECT checked FROM notes WHERE path = 'pitch.md'") == [(0,)]
    v.close()
    v = plainnet.open_vault(root)
    assert any("plumber" in f.message or f.rule == "pitch-title-only" for f in v.findings() if f.path == "pitch.md")


def test_a_large_sync_checks_as_it_parses(make_vault, monkeypatch):
    import plainnet.index.store as index_mod

    monkeypatch.setattr(index_mod, "DEFER_CHECKS_MAX", 1)
    root = make_vault({"pitch.md": PITCH, "notes/A.md": "x"})
    v = plainnet.open_vault(root)
    assert v.index.query("SELECT count(*) FROM notes WHERE checked = 0") == [(0,)]
    assert v.index.query("SELECT count(*) FROM findings WHERE rule = 'pitch-title-only'") == [(1,)]


def test_agenda_after_an_edit_loads_no_check_code(tmp_path):
    """Start-up stays lean: re-indexing a saved note for the agenda imports none of the checks."""
    import shutil
    from pathlib import Path

    root = tmp_path / "v"
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "example-vault"), root,
                    ignore=shutil.ignore_patterns(".plainnet"))
    code = ("import sys, plainnet.cli\n"
            "try:\n    plainnet.cli.cli(['--vault', sys.argv[1], '--today', '2026-11-25', 'agenda', '--json'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('plainnet.checks')), file=sys.stderr)\n")
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True)
    bump(root / "people/Tom Becker.md", (root / "people/Tom Becker.md").read_text(encoding="utf-8") + "\nmore\n")
    out = subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "[]"


def _rows(v):
    return {p: (s, m) for p, s, m in v.index.query("SELECT path, size, mtime_ns FROM notes")}


def test_the_stat_snapshot_always_matches_the_rows(make_vault):
    """A sync reads one snapshot blob instead of every row's (path, size, mtime); after every kind
    of write it must equal the rows, or be absent."""
    root = make_vault({f"notes/N{i}.md": f"n{i}" for i in range(30)})
    v = plainnet.open_vault(root)
    stored, gen = v.index._stored()
    assert stored == _rows(v) and gen
    assert v.index.query("SELECT count(*) FROM meta WHERE key = 'snapshot'") == [(1,)]
    v.close()
    bump(root / "notes/N3.md", "changed")
    os.remove(root / "notes/N4.md")
    (root / "notes/New.md").write_text("new", encoding="utf-8")
    v = plainnet.open_vault(root)
    assert sorted(v.last_sync.changed_paths) == ["notes/N3.md", "notes/N4.md", "notes/New.md"]
    assert v.index._stored()[0] == _rows(v) == v.index.walk.notes
    v.close()
    v = plainnet.open_vault(root)
    assert v.last_sync.changed_paths == [] and v.index._stored()[0] == _rows(v)
    v.index.sync(rebuild=True)
    assert v.index._stored()[0] == _rows(v)
    # the watch's few-paths sync writes rows without a snapshot: the next sync reads the rows
    bump(root / "notes/N5.md", "again")
    v.index.sync(only=["notes/N5.md"])
    assert v.index.query("SELECT count(*) FROM meta WHERE key = 'snapshot'") == [(0,)]
    assert v.index._stored()[0] == _rows(v)
    v.index.sync()
    assert v.index.query("SELECT count(*) FROM meta WHERE key = 'snapshot'") == [(1,)]


def test_a_snapshot_is_not_written_over_another_process_s_rows(make_vault):
    root = make_vault({"notes/A.md": "a", "notes/B.md": "b"})
    a = plainnet.open_vault(root)
    b = plainnet.open_vault(root)
    bump(root / "notes/A.md", "a2")
    stored, gen = a.index._stored()  # read before b writes
    b.sync()  # another process indexes A meanwhile
    bump(root / "notes/B.md", "b2")
    a.index._parse_and_write(["notes/B.md"], [], False, None, stored, gen)
    assert a.index.query("SELECT count(*) FROM meta WHERE key = 'snapshot'") == [(0,)]
    assert a.index._stored()[0] == _rows(a)
    a.sync()
    assert a.last_sync.changed_paths == [] and a.index._stored()[0] == _rows(a) == a.index.walk.notes


def test_folder_suffix_links_resolve_alike_from_sqlite_and_from_the_loaded_table(make_vault):
    """[[folder/T]] names a/folder/T.md when nothing else does: both name lookups (SQLite key by
    key, the whole table in memory) answer it from an index by last path component."""
    root = make_vault({"x/deep/folder/T.md": "", "y/folder/T2.md": "", "z/T.md": "", "files/folder/pic.png": b"p"})
    v = plainnet.open_vault(root)
    for table in (v._few_names(), v._name_table()):
        assert v.resolve("folder/T", "n.md", table) == "x/deep/folder/T.md"
        assert v.resolve("deep/folder/T", "n.md", table) == "x/deep/folder/T.md"
        assert v.resolve("older/T", "n.md", table) is None  # a whole path part, not any text
        assert v.resolve("folder/T2", "n.md", table) == "y/folder/T2.md"
        assert v.resolve("T", "n.md", table) == "z/T.md"  # a title beats a suffix
    v._patch_names(["z/T.md"])  # the watch edits the loaded table in place
    assert v.resolve("folder/T", "n.md", v._name_table()) == "x/deep/folder/T.md"


def test_a_note_over_the_size_limit_is_a_finding_and_the_rest_is_indexed(make_vault, monkeypatch):
    import plainnet.index.rows as rows_mod
    import plainnet.vault.files as vault_mod

    monkeypatch.setattr(vault_mod, "MAX_NOTE_BYTES", 1000)
    monkeypatch.setattr(rows_mod, "MAX_NOTE_BYTES", 1000)
    root = make_vault({"notes/Big.md": "x" * 1001, "notes/Edge.md": "y" * 1000, "notes/Small.md": "[[Edge]]"})
    assert len(vault_mod.read_note_bytes(root, "notes/Big.md")) == 1001  # one byte past the limit tells
    assert len(vault_mod.read_note_bytes(root, "notes/Edge.md")) == 1000
    v = plainnet.open_vault(root)
    big = [f for f in v.findings() if f.path == "notes/Big.md"]
    assert [f.rule for f in big] == ["data-file"] and "not indexed" in big[0].message
    assert not [f for f in v.findings() if f.path != "notes/Big.md"]


def test_links_follow_an_alias_gained_or_lost_and_a_body_edit_looks_at_none(make_vault, monkeypatch):
    root = make_vault({"people/Ann Lee.md": "---\naliases: [Annie]\n---\n", "people/Bo.md": "",
                       "notes/A.md": "[[Annie]] [[Bobby]] [[Ann Lee]]\n"})
    v = plainnet.open_vault(root)
    res = lambda v: dict(((p, t), r) for p, t, r in v.resolved_links())  # noqa: E731
    assert res(v)[("notes/A.md", "Annie")] == "people/Ann Lee.md" and res(v)[("notes/A.md", "Bobby")] is None
    v.close()
    bump(root / "people/Ann Lee.md", "---\naliases: [Ann]\n---\n")  # loses Annie
    bump(root / "people/Bo.md", "---\naliases: [Bobby]\n---\n")  # gains Bobby
    v = plainnet.open_vault(root)
    assert sorted(v.last_sync.renamed) == ["people/Ann Lee.md", "people/Bo.md"]
    assert res(v)[("notes/A.md", "Annie")] is None and res(v)[("notes/A.md", "Bobby")] == "people/Bo.md"
    v.close()
    bump(root / "people/Ann Lee.md", "---\naliases: [Ann]\n---\nNew text, same names.\n")
    v = plainnet.open_vault(root)
    assert v.last_sync.changed_paths == ["people/Ann Lee.md"] and v.last_sync.renamed == []
    assert res(v)[("notes/A.md", "Ann Lee")] == "people/Ann Lee.md"


@pytest.mark.parametrize("few", [0, 10_000])
def test_many_links_resolve_from_a_table_of_just_their_names_as_from_sqlite(make_vault, monkeypatch, few):
    """Re-resolving many links loads only the names they can match (keys and folder suffixes),
    never the whole name table; the answers equal SQLite's key-by-key ones."""
    import plainnet.api as api_mod

    root = _tricky_links_vault(make_vault)
    monkeypatch.setenv("PLAINNET_NO_PARALLEL", "1")
    monkeypatch.setattr(api_mod, "FEW_PAIRS", few)
    monkeypatch.setattr(api_mod.Vault, "_name_table", lambda self: pytest.fail("loaded the whole name table"))
    v = plainnet.open_vault(root, index_path=":memory:")
    got = sorted(v.index.query("SELECT path, target, line, resolved FROM links"))
    res = {(p, t): r for p, t, _l, r in got}
    assert res[("b/c/Other.md", "c/Other")] == "b/c/Other.md"  # a folder suffix
    assert res[("a/Note.md", "Zo")] == "people/Zoë Smith.md"  # an alias
    assert res[("b/c/Other.md", "Note")] == "b/Note.md"  # the nearer of two titles
    assert res[("a/Note.md", "Ghost")] == ""
    if few == 0:
        monkeypatch.setattr(api_mod, "FEW_PAIRS", 10_000)
        other = plainnet.open_vault(root, index_path=":memory:")
        assert sorted(other.index.query("SELECT path, target, line, resolved FROM links")) == got


def test_the_planner_reads_a_few_notes_links_by_path(make_vault):
    """After a sync the index holds planner statistics, so the front-matter links of the few notes
    an updated agenda reads are found by note path, not by scanning every front-matter link."""
    from plainnet.incremental import SubsetIndex

    n = 400  # (on a few dozen links a scan is cheapest, and SQLite rightly scans)
    files = {f"people/P{i}.md": "---\ntype: contact\n---\n" + "".join(f"[[P{j}]] " for j in range(i, i + 5)) for i in range(n)}
    files.update({f"events/E{i}.md": f'---\ntype: event\ndate: 2026-01-01\nattendees: ["[[P{i % n}]]", "[[P{(i + 1) % n}]]"]\n---\n'
                  for i in range(n)})
    root = make_vault(files)
    v = plainnet.open_vault(root)
    assert v.index.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    few = [f"events/E{i}.md" for i in range(0, 30, 2)] + [f"people/P{i}.md" for i in range(30)]  # (more paths than keys)
    sub = SubsetIndex(v.index, sorted(few))
    sql = "SELECT path, target, resolved FROM links WHERE place = 'front_matter' AND key IN ('attendees', 'met', 'group')"
    marks = ",".join("?" * len(sub._paths))
    plan = v.index.query(f"EXPLAIN QUERY PLAN SELECT * FROM ({sql}) WHERE path IN ({marks})", tuple(sub._paths))
    assert any("links_path" in row[-1] for row in plan), plan
    assert sorted(sub.query(sql)) == sorted(r for r in v.index.query(sql) if r[0] in few)
    assert ("events/E4.md", "P5", "people/P5.md") in sub.query(sql)


@pytest.mark.parametrize("workers", [False, True, "broken"], ids=["in-process", "staged-by-workers", "pool-breaks"])
def test_a_re_parse_keeps_the_rows_that_came_out_the_same(make_vault, monkeypatch, workers):
    """A re-parsed note's links, tasks, log, names and identities are rewritten only when they
    differ (rowsigs): after every kind of edit each table equals a from-scratch index's, and the
    links of a note that only gained a log line are the very same rows."""
    import plainnet.index.store as index_mod

    def contact(i, extra=""):
        return (f"---\ntype: contact\nemail: p{i}@x.example\naliases: [Pal {i}]\n---\n"
                f"Met [[P{(i + 1) % 30}]] and [[Nobody {i}]].\n- [ ] call [[P{(i + 2) % 30}]] 📅 2026-12-0{1 + i % 9}\n"
                f"## Log\n- 2026-11-0{1 + i % 9}: coffee\n{extra}")

    root = make_vault({f"people/P{i}.md": contact(i) for i in range(30)})
    if workers:
        monkeypatch.setattr(index_mod, "PARALLEL_MIN", 1)
        monkeypatch.setattr(index_mod, "BATCH", 4)
    v = plainnet.open_vault(root)
    if workers == "broken":  # the edits' sync: two batches staged, then the pool dies
        from plainnet.index import rows

        pool = InlinePool()
        calls = pool.calls
        monkeypatch.setattr(index_mod.Index, "_pool", lambda self: pool)
        monkeypatch.setattr(rows, "_STAGE", {})
        fallbacks = index_mod.FALLBACKS
    ids_before = dict(v.index.query("SELECT rowid, path FROM links WHERE path = 'people/P1.md'"))
    v.close()
    bump(root / "people/P1.md", contact(1, "- 2026-11-20: lunch\n"))  # log only
    bump(root / "people/P2.md", contact(2).replace("[[P3]]", "[[P7]]"))  # a link
    bump(root / "people/P3.md", contact(3).replace("Pal 3", "Pally"))  # names
    bump(root / "people/P4.md", contact(4).replace("p4@", "q4@"))  # identities
    bump(root / "people/P5.md", contact(5, "- [ ] write to [[P9]] 📅 2026-12-24\n"))  # a task and a link
    bump(root / "people/P6.md", contact(6).replace("[[P7]] and", "[[P7]] [[P7]] and"))  # the same link twice
    bump(root / "people/P8.md", contact(8))  # touched, nothing changed
    bump(root / "people/P9.md", contact(9).replace("email: p9@x.example\n", "email: P0@x.example\n"))  # a duplicate
    os.remove(root / "people/P10.md")
    (root / "people/P31.md").write_text(contact(31), encoding="utf-8")
    v = plainnet.open_vault(root)
    assert len(v.last_sync.changed_paths) == 10
    if workers == "broken":
        assert index_mod.FALLBACKS == fallbacks + 1 and calls[:2] == ["stage_paths", "stage_paths"]
    fresh = plainnet.open_vault(root, index_path=":memory:")
    for table in ("notes", "links", "tasks", "log", "findings", "names", "idents", "rowsigs"):
        cols = "path, size, title, type, fm, aliases, tags" if table == "notes" else "*"
        assert sorted(v.index.query(f"SELECT {cols} FROM {table}"), key=repr) == \
            sorted(fresh.index.query(f"SELECT {cols} FROM {table}"), key=repr), table
    assert dict(v.index.query("SELECT rowid, path FROM links WHERE path = 'people/P1.md'")) == ids_before
    assert v.index.query("SELECT count(*) FROM links WHERE path = 'people/P6.md' AND target = 'P7'") == [(2,)]
    assert {f.path for f in v.findings() if f.rule == "data-duplicate"} == {"people/P0.md", "people/P9.md"}


def test_a_few_changes_to_the_stat_snapshot_are_a_delta_beside_it(make_vault, monkeypatch):
    """A sync of a few notes writes what changed beside the snapshot instead of all of it again;
    the snapshot and its delta always read back as the rows, and a long delta or a damaged one
    ends in a whole new snapshot."""
    import plainnet.index.store as index_mod

    def meta(v, key):
        row = v.index.query("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0][0] if row else None

    root = make_vault({f"notes/N{i}.md": f"n{i}" for i in range(30)})
    v = plainnet.open_vault(root)
    base = meta(v, "snapshot")
    assert meta(v, "snapdelta") is None and base.startswith(meta(v, "rows").encode())
    v.close()
    bump(root / "notes/N1.md", "changed")
    v = plainnet.open_vault(root)
    assert meta(v, "snapshot") == base and meta(v, "snapdelta").startswith(meta(v, "rows").encode())
    assert v.index._stored()[0] == _rows(v) == v.index.walk.notes
    v.close()
    os.remove(root / "notes/N2.md")
    (root / "notes/New.md").write_text("new", encoding="utf-8")
    bump(root / "notes/N1.md", "changed again")
    v = plainnet.open_vault(root)
    assert sorted(v.last_sync.changed_paths) == ["notes/N1.md", "notes/N2.md", "notes/New.md"]
    assert meta(v, "snapshot") == base
    stored, _gen = v.index._stored()
    assert stored == _rows(v) == v.index.walk.notes and "notes/N2.md" not in stored
    v.close()
    v = plainnet.open_vault(root)
    assert v.last_sync.changed_paths == []
    v.close()
    monkeypatch.setattr(index_mod, "SNAPSHOT_DELTA_MAX", 4)  # N1, N2, New and one more is the most
    bump(root / "notes/N3.md", "three")
    bump(root / "notes/N4.md", "four")
    v = plainnet.open_vault(root)
    assert meta(v, "snapdelta") is None and meta(v, "snapshot").startswith(meta(v, "rows").encode())
    assert v.index._stored()[0] == _rows(v)
    v.close()
    bump(root / "notes/N5.md", "five")
    v = plainnet.open_vault(root)
    assert meta(v, "snapdelta") is not None
    v.index.conn.execute("UPDATE meta SET value = ? WHERE key = 'snapdelta'", (meta(v, "rows").encode() + b"\0x\0junk",))
    assert v.index._stored()[0] == _rows(v)  # read from the rows instead
    v.close()
    v = plainnet.open_vault(root)
    assert v.last_sync.changed_paths == [] and meta(v, "snapdelta") is None
    assert meta(v, "snapshot").startswith(meta(v, "rows").encode()) and v.index._stored()[0] == _rows(v)


def test_the_early_link_memo_is_bounded_and_changes_no_row(tmp_path, monkeypatch):
    """Workers resolve links against the walk's names with a memo kept for the whole sync; it is
    emptied when it reaches EARLY_MEMO_MAX, which only costs lookups again, never a row."""
    import shutil
    from pathlib import Path

    from plainnet.index import names, rows
    from plainnet.vault.files import walk

    root = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parents[1] / "example-vault", root,
                    ignore=shutil.ignore_patterns(".plainnet"))
    w = walk(root)
    paths = sorted(w.notes)
    real, calls = names.resolve_early, []

    def counted(*a):
        calls.append(a)
        return real(*a)

    monkeypatch.setattr(names, "resolve_early", counted)

    def parse(cap):
        monkeypatch.setattr(rows, "EARLY_MEMO_MAX", cap)
        monkeypatch.setattr(rows, "EARLY_TABLE", names.walk_table(w.notes, w.files))  # (a new table: a new memo)
        calls.clear()
        out = rows.parse_paths(root, paths, early=True)
        return [r["links"] for r in out], len(calls)

    whole, looked_up = parse(1 << 16)
    capped, looked_up_capped = parse(2)
    assert any(link[-1] for r in whole for link in r)  # (links were resolved early)
    assert capped == whole
    assert looked_up_capped > looked_up  # the small memo was emptied and filled again
