"""Files on disk: output paths that cannot be written, read-only vaults, the ends of the calendar,
FIFOs named like notes, a broken index file, modes, torn reads, symlinks out of the vault, stale
temp files and Unicode look-alike names. Real files in temporary vaults, through the CLI."""
from __future__ import annotations

import errno
import os
import stat
import threading
import time
import unicodedata

import pytest
from click.testing import CliRunner

from plainnet.write import edit
from plainnet.cli import cli

TODAY = "2026-11-25"
JANE = (
    "---\n"
    "type: contact\n"
    "last_contact: 2026-10-01\n"
    "follow_ups:\n"
    + "".join(f"  - {{due: 2026-12-{d:02d}, what: thing {d}, done: false}}\n" for d in range(1, 29))
    + "---\n"
    "Body about Jane that must survive.\n"
    "\n## Log\n- 2026-10-01: met at the meetup\n"
)


def run(root, *args, today=TODAY):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])


@pytest.fixture
def vault(make_vault):
    return make_vault({"people/Jane Doe.md": JANE, "people/Bob Ng.md": "---\ntype: contact\n---\n",
                       "events/2026-11-20 Meetup.md": "---\ntype: event\ndate: 2026-11-20\n"
                                                       "attendees: [\"[[Jane Doe]]\", \"[[Bob Ng]]\"]\n---\n"})


# ------------------------------------------------------------------ output paths that cannot be written


@pytest.mark.parametrize("args", [
    ("agenda", "--ics", "{missing}/out.ics"),
    ("review", "--html", "{missing}/out.html"),
    ("export", "vcf", "{missing}/out.vcf"),
])
def test_unwritable_output_path_is_a_clean_message(vault, tmp_path, args):
    missing = tmp_path / "no such folder"
    args = [a.format(missing=missing) for a in args]
    res = run(vault, *args)
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"plainnet: cannot write {args[-1]}: "), res.stderr
    assert "Traceback" not in res.output
    assert not missing.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_output_path_that_is_not_a_regular_file_is_refused_not_replaced(vault, tmp_path):
    # a rename over a pipe or device would replace it (as root, even /dev/null): plainnet writes
    # only regular files. A pipe in the test's own folder stands for the device here, so that a
    # regression cannot damage the machine's /dev.
    pipe = tmp_path / "out.ics"
    os.mkfifo(pipe)
    res = run(vault, "agenda", "--ics", str(pipe))
    assert res.exit_code == 2 and f"cannot write {pipe}: not a regular file" in res.stderr
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def _read_only(folder, monkeypatch):
    """Make folder read-only; as root (which writes anyway) the temp-file creation, the one call
    every write goes through, fails as the kernel would for anyone else."""
    os.chmod(folder, 0o555)
    if os.geteuid() == 0:
        real = edit._write_tmp

        def refuse(tmp, data, mode):
            if not os.stat(tmp.parent).st_mode & stat.S_IWUSR:
                raise PermissionError(errno.EACCES, "Permission denied", str(tmp))
            return real(tmp, data, mode)

        monkeypatch.setattr(edit, "_write_tmp", refuse)


@pytest.mark.parametrize("args", [("log", "Jane Doe", "call"), ("new", "contact", "Ann Lee"),
                                  ("done", "Jane Doe", "thing 3")])
def test_read_only_vault_gives_a_clean_message(vault, monkeypatch, args):
    before = (vault / "people/Jane Doe.md").read_bytes()
    _read_only(vault / "people", monkeypatch)
    try:
        res = run(vault, *args)
    finally:
        os.chmod(vault / "people", 0o755)
    assert res.exit_code == 2, res.output
    assert "plainnet: cannot write " in res.stderr and "Permission denied" in res.stderr
    assert "OSError" not in res.output and "Traceback" not in res.output
    assert (vault / "people/Jane Doe.md").read_bytes() == before
    assert not [p for p in os.listdir(vault / "people") if p.endswith(".plainnet-tmp")]


def test_import_into_a_read_only_folder_says_cannot_write(vault, tmp_path, monkeypatch):
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@x.org\r\nEND:VCARD\r\n")
    _read_only(vault / "people", monkeypatch)
    try:
        res = run(vault, "import", str(card))
    finally:
        os.chmod(vault / "people", 0o755)
    assert res.exit_code == 2, res.output
    assert "plainnet: cannot write " in res.stderr and "Ann Lee.md" in res.stderr
    assert not (vault / "people/Ann Lee.md").exists()


# ------------------------------------------------------------------ the ends of the calendar


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("args", [("agenda",), ("agenda", "--json"), ("check",), ("review",), ("review", "--json"),
                                  ("ls",), ("log", "Jane Doe", "call"), ("done", "Jane Doe", "thing 2")])
def test_ends_of_the_calendar_work_or_are_refused_cleanly(vault, today, args):
    res = run(vault, *args, today=today)
    assert res.exit_code in (0, 1, 2), res.output
    assert "Traceback" not in res.output and "OverflowError" not in res.output
    assert not isinstance(res.exception, OverflowError)
    if res.exit_code == 2:
        assert res.stderr.startswith("plainnet: ")


def test_dates_at_the_ends_of_the_calendar_in_notes(make_vault):
    root = make_vault({
        "people/Zed.md": "---\ntype: contact\nlast_contact: 9999-12-31\nmet: 0001-01-01\ncadence: 1y\n"
                         "follow_ups:\n  - {due: 9999-12-31, what: far, done: false}\n"
                         "  - {due: 0001-01-01, what: old, done: 0001-01-02}\n---\n"
                         "- [ ] task 📅 9999-12-31\n- [x] task2 📅 0001-01-01 ✅ 9999-12-31\n",
        "events/9999-12-31 End.md": "---\ntype: event\ndate: 9999-12-31\nstatus: planned\n"
                                    "attendees: [\"[[Zed]]\"]\n---\n",
    })
    for args in (("agenda", "--days", "3650"), ("check",), ("review", "--json"), ("done", "Zed", "far")):
        res = run(root, *args)
        assert res.exit_code in (0, 1), (args, res.output)
        assert "Traceback" not in res.output


# ------------------------------------------------------------------ only regular files are read


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_fifo_named_like_a_note_is_a_finding_and_hangs_nothing(vault, tmp_path):
    os.mkfifo(vault / "people/pipe.md")
    os.mkfifo(tmp_path / "contacts.vcf")
    started = time.monotonic()
    res = run(vault, "check")
    assert "people/pipe.md:1:1: warning data-file a named pipe (FIFO), not a regular file; not read" in res.output
    assert run(vault, "agenda").exit_code == 0
    assert run(vault, "index").exit_code == 0
    res = run(vault, "import", str(tmp_path / "contacts.vcf"))
    assert res.exit_code == 2 and "not a regular file" in res.stderr
    with pytest.raises(edit.EditError, match="not a regular file"):
        edit.read_snapshot(vault / "people/pipe.md")
    # the watch's one-path re-index reports it the same way instead of opening it
    from plainnet.api import Vault

    v = Vault(vault)
    v.sync()
    v.sync(only=["people/pipe.md"])
    assert [s.path for s in v.index.walk.skipped] == ["people/pipe.md"]
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_fifo_as_template_or_settings_is_not_opened(make_vault):
    root = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
    (root / "templates").mkdir()
    os.mkfifo(root / "templates/contact.md")
    res = run(root, "new", "contact", "Ann")  # falls back to the built-in template, does not block
    assert res.exit_code == 0 and (root / "people/Ann.md").read_text().startswith("---")


# ------------------------------------------------------------------ the index file


@pytest.mark.parametrize("broken", ["folder", "garbage"])
def test_a_broken_index_file_does_not_kill_the_agenda(vault, broken):
    db = vault / ".plainnet/index.sqlite"
    db.parent.mkdir()
    if broken == "folder":
        db.mkdir()
        (db / "x").write_text("x")
    else:
        db.write_bytes(b"not a database" * 100)
    res = run(vault, "agenda")
    assert res.exit_code == 0, res.output
    assert "thing 1" in res.stdout
    if broken == "folder":
        assert "plainnet: .plainnet/index.sqlite is a folder, not an index file" in res.stderr
        assert (db / "x").read_text() == "x"  # nothing of the user's removed
        assert not [p for p in os.listdir(vault / ".plainnet") if p.endswith(".new")]


def test_plainnet_folder_as_a_symlink_out_of_the_vault_is_not_followed(vault, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / ".plainnet").symlink_to(outside)
    res = run(vault, "agenda")
    assert res.exit_code == 0, res.output
    assert ".plainnet is a symlink to" in res.stderr and "outside the vault" in res.stderr
    assert list(outside.iterdir()) == []


# ------------------------------------------------------------------ modes


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_created_files_follow_the_umask(vault, tmp_path, umask):
    old = os.umask(umask)
    try:
        outs = {"ics": tmp_path / "a.ics", "html": tmp_path / "a.html", "vcf": tmp_path / "a.vcf"}
        assert run(vault, "agenda", "--ics", str(outs["ics"])).exit_code == 0
        assert run(vault, "review", "--html", str(outs["html"])).exit_code == 0
        assert run(vault, "export", "vcf", str(outs["vcf"])).exit_code == 0
        assert run(vault, "new", "contact", "Ann Lee").exit_code == 0
    finally:
        os.umask(old)
    want = 0o666 & ~umask
    for p in [*outs.values(), vault / "people/Ann Lee.md"]:
        assert stat.S_IMODE(os.stat(p).st_mode) == want, (p, oct(os.stat(p).st_mode))


def test_rewritten_files_keep_their_mode(vault, tmp_path):
    out = tmp_path / "a.ics"
    out.write_text("old")
    os.chmod(out, 0o640)
    os.chmod(vault / "people/Jane Doe.md", 0o604)
    assert run(vault, "agenda", "--ics", str(out)).exit_code == 0
    assert run(vault, "log", "Jane Doe", "call").exit_code == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640 and "BEGIN:VCALENDAR" in out.read_text()
    assert stat.S_IMODE(os.stat(vault / "people/Jane Doe.md").st_mode) == 0o604


# ------------------------------------------------------------------ never write from a torn read


def _slow_writer(path, data, pause, started):
    """Rewrite path in place the way some sync clients and editors do: truncate, pause, write."""
    with open(path, "r+b") as f:
        f.truncate(0)
        f.flush()
        started.set()
        time.sleep(pause)
        f.write(data)
        f.flush()


@pytest.mark.parametrize("pause", [0.05, 0.15, 0.6, 1.2])
def test_a_slow_in_place_writer_loses_nothing(vault, pause):
    note = vault / "people/Jane Doe.md"
    assert run(vault, "index").exit_code == 0  # the index knows the complete note
    theirs = JANE.replace("Body about Jane", "Body (edited elsewhere) about Jane").encode()
    started = threading.Event()
    writer = threading.Thread(target=_slow_writer, args=(note, theirs, pause, started))
    writer.start()
    started.wait(5)
    res = run(vault, "log", "Jane Doe", "coffee")
    writer.join()
    after = note.read_bytes()
    # either the log went onto their complete note, or it was refused and their note is intact
    assert b"Body (edited elsewhere) about Jane that must survive.\n" in after, after[:200]
    assert after.count(b"  - {due: 2026-12-") == 28 and b"type: contact" in after
    if res.exit_code == 0:
        assert after == theirs.replace(b"last_contact: 2026-10-01", b"last_contact: 2026-11-25") \
            + b"- 2026-11-25: coffee\n"
    else:
        assert res.exit_code == 2 and "nothing written" in res.stderr, res.output
        assert after == theirs


def test_an_empty_read_of_a_note_the_index_knew_is_refused_and_the_next_run_goes_ahead(vault):
    note = vault / "people/Jane Doe.md"
    assert run(vault, "index").exit_code == 0
    note.write_bytes(b"")
    old = time.time() - 60  # not recent, so the settle wait does not hide the check
    os.utime(note, (old, old))
    res = run(vault, "log", "Jane Doe", "coffee")
    assert res.exit_code == 2 and "is empty now, but held" in res.stderr and "nothing written" in res.stderr
    assert note.read_bytes() == b""
    res = run(vault, "log", "Jane Doe", "coffee")  # the user emptied it: the next run believes them
    assert res.exit_code == 0, res.output


def test_an_unterminated_front_matter_read_is_refused(vault):
    note = vault / "people/Jane Doe.md"
    assert run(vault, "index").exit_code == 0
    note.write_text(JANE[:60], encoding="utf-8")  # cut inside the front matter
    old = time.time() - 60
    os.utime(note, (old, old))
    res = run(vault, "done", "Jane Doe", "thing 1")
    assert res.exit_code == 2 and "front matter that is never closed" in res.stderr
    assert note.read_text(encoding="utf-8") == JANE[:60]


def test_settle_waits_for_a_file_that_is_still_changing(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("---\na: 1\n---\n")
    stop = threading.Event()

    def touch():
        for i in range(6):
            time.sleep(0.05)
            p.write_text(f"---\na: {i}\n---\n" + "x" * i)
        stop.set()

    t = threading.Thread(target=touch)
    t.start()
    snap = edit.read_snapshot(p, settle=0.2)
    t.join()
    assert stop.is_set() and snap.data == p.read_bytes()  # read only after the writes stopped


# ------------------------------------------------------------------ symlinks out of the vault


def test_template_symlinked_out_of_the_vault_is_refused(vault, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n")
    (vault / "templates").mkdir()
    (vault / "templates/contact.md").symlink_to(secret)
    res = run(vault, "new", "contact", "Ann Lee")
    assert res.exit_code == 2 and "templates/contact.md (a template) is a symlink to" in res.stderr
    assert not (vault / "people/Ann Lee.md").exists()
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n")
    res = run(vault, "import", str(card))
    assert res.exit_code == 2 and "outside the vault" in res.stderr
    assert not any("secret" in p.read_text() for p in (vault / "people").iterdir())


def test_templates_folder_symlinked_out_of_the_vault_is_refused(vault, tmp_path):
    outside = tmp_path / "tpl"
    outside.mkdir()
    (outside / "contact.md").write_text("---\ntype: contact\nsecret: yes\n---\n")
    (vault / "templates").symlink_to(outside)
    res = run(vault, "new", "contact", "Ann Lee")
    assert res.exit_code == 2 and "templates (the templates folder) is a symlink to" in res.stderr
    assert not (vault / "people/Ann Lee.md").exists()


def test_a_symlink_inside_the_vault_is_still_followed(vault):
    (vault / "tpl").mkdir()
    (vault / "tpl/contact.md").write_text("---\ntype: contact\nfrom_template: yes\n---\n")
    (vault / "templates").symlink_to(vault / "tpl")
    assert run(vault, "new", "contact", "Ann Lee").exit_code == 0
    assert "from_template: yes" in (vault / "people/Ann Lee.md").read_text()


def test_settings_symlinked_out_of_the_vault_are_refused(make_vault, tmp_path):
    root = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
    outside = tmp_path / "elsewhere.toml"
    outside.write_text("")
    (root / "plainnet.toml").unlink()
    (root / "plainnet.toml").symlink_to(outside)
    res = run(root, "agenda")
    assert res.exit_code == 2 and "plainnet.toml (the settings file) is a symlink to" in res.stderr


def test_folder_for_new_notes_symlinked_out_is_refused(make_vault, tmp_path):
    root = make_vault({"events/E.md": "---\ntype: event\n---\n"})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "people").symlink_to(outside)
    res = run(root, "new", "contact", "Ann Lee")
    assert res.exit_code == 2 and "outside the vault" in res.stderr
    assert list(outside.iterdir()) == []


# ------------------------------------------------------------------ stale temp files


def test_stale_temp_files_are_removed_and_reported(vault):
    people = vault / "people"
    dead = people / ".Jane Doe.md.999999999-0a1b2c3d4e5f.plainnet-tmp"  # its process is gone (kill -9)
    old_style = people / ".Bob Ng.md.0a1b2c3d4e5f.plainnet-tmp"  # no process named, two minutes old
    live = people / f".Bob Ng.md.{os.getpid()}-0a1b2c3d4e5f.plainnet-tmp"  # being written right now
    young = people / ".Ann.md.0a1b2c3d4e5f.plainnet-tmp"  # no process named, just written
    for p in (dead, old_style, live, young):
        p.write_text("half a note")
    t = time.time() - 120
    os.utime(old_style, (t, t))
    res = run(vault, "agenda")
    assert res.exit_code == 0
    assert "plainnet: removed 2 temp files left by an interrupted write: " in res.stderr
    assert dead.name in res.stderr and old_style.name in res.stderr
    assert not dead.exists() and not old_style.exists() and live.exists() and young.exists()
    assert "removed" not in run(vault, "agenda").stderr  # said once


def test_a_killed_write_leaves_a_temp_file_the_next_run_cleans(vault):
    import subprocess
    import sys

    code = ("import os, sys; from pathlib import Path; from plainnet.write import edit\n"
            "p = Path(sys.argv[1]); s = edit.read_snapshot(p)\n"
            "edit.os.replace = lambda *a: os.kill(os.getpid(), 9)\n"  # killed between write and rename
            "edit.write_atomic(s, s.data + b'more')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(edit.Path(edit.__file__).parents[1]),
                                                        os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", code, str(vault / "people/Jane Doe.md")], env=env)
    assert proc.returncode == -9
    left = [p for p in os.listdir(vault / "people") if p.endswith(".plainnet-tmp")]
    assert len(left) == 1
    res = run(vault, "agenda")
    assert "removed 1 temp file left by an interrupted write" in res.stderr
    assert not [p for p in os.listdir(vault / "people") if p.endswith(".plainnet-tmp")]
    assert (vault / "people/Jane Doe.md").read_text(encoding="utf-8") == JANE


# ------------------------------------------------------------------ Unicode look-alike names


def test_new_contact_with_the_nfd_spelling_finds_the_nfc_note(make_vault):
    nfc = unicodedata.normalize("NFC", "Zoë Müller")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    root = make_vault({f"people/{nfc}.md": "---\ntype: contact\n---\n"})
    res = run(root, "new", "contact", nfd)
    assert res.exit_code == 2 and "already exists" in res.stderr
    assert os.listdir(root / "people") == [f"{nfc}.md"]
    assert run(root, "log", nfd, "call").exit_code == 0
    assert "- 2026-11-25: call" in (root / f"people/{nfc}.md").read_text(encoding="utf-8")


def test_new_contact_file_names_are_nfc(make_vault):
    root = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
    nfd = unicodedata.normalize("NFD", "José")
    assert run(root, "new", "contact", nfd).exit_code == 0
    assert sorted(os.listdir(root / "people")) == ["A.md", unicodedata.normalize("NFC", "José") + ".md"]
