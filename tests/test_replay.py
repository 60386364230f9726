"""A replayed answer is the same command: on an unchanged vault `plainnet agenda`, `check`, `ls` and
`index` print what they printed last time, byte for byte, with the same exit status, before click
or the index are imported; anything the output depends on makes them run in full again."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plainnet import replay

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-12-02"

#: answers the replay would give, or exit 100 when it would run the command instead
PROBE = ("import sys\nfrom plainnet.replay import answer\ncode = answer(sys.argv[1:])\n"
         "sys.exit(100 if code is None else code)\n")

FORMS = [
    (),
    ("agenda",),
    ("agenda", "--json"),
    ("agenda", "--section", "overdue", "--json"),
    ("agenda", "--limit", "all", "--days=30"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--select", "pitch", "--fail-on", "warning"),
    ("ls",),
    ("ls", "contact", "--json"),
    ("index",),
    ("agenda", "--json", "--today", TODAY),  # a global option after the command
]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PLAINNET_TODAY", "PLAINNET_VAULT", "PLAINNET_NO_REPLAY")}
    env.update(PYTHONPATH=str(REPO), NO_COLOR="1", COLUMNS="100", **extra)
    return env


def run(root: Path, *args: str, replay_ok: bool = True, today: str = TODAY) -> subprocess.CompletedProcess:
    env = _env() if replay_ok else _env(PLAINNET_NO_REPLAY="1")
    return subprocess.run([sys.executable, "-m", "plainnet", "--vault", str(root), "--today", today, *args],
                          capture_output=True, env=env, timeout=120)


def probe(root: Path, *args: str, today: str = TODAY) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, "--vault", str(root), "--today", today, *args],
                          capture_output=True, env=_env(), timeout=120)


@pytest.fixture
def vault(tmp_path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


def _same(a: subprocess.CompletedProcess, b: subprocess.CompletedProcess) -> None:
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


@pytest.mark.parametrize("args", FORMS, ids=lambda a: " ".join(a) or "(no command)")
def test_a_replayed_answer_is_byte_for_byte_the_command(vault, args):
    run(vault, "index")  # (the first index builds: `index` is recorded when it has nothing to do)
    full = run(vault, *args, replay_ok=False)  # records the answer
    assert full.returncode in (0, 1), full.stderr
    assert full.stdout
    replayed = probe(vault, *args)
    assert replayed.returncode != 100, "the unchanged vault's answer was not replayed"
    _same(replayed, full)
    _same(run(vault, *args), full)  # and through the real entry point


def test_an_edited_note_runs_the_command_again(vault):
    first = run(vault, "agenda", "--json")
    note = vault / "people" / "Jane Doe.md"
    assert note.exists()
    note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] follow up on the replay test 📅 2026-12-01\n",
                    encoding="utf-8")
    assert probe(vault, "agenda", "--json").returncode == 100
    again = run(vault, "agenda", "--json")
    assert b"follow up on the replay test" in again.stdout
    assert again.stdout != first.stdout
    _same(again, run(vault, "agenda", "--json", replay_ok=False))
    _same(probe(vault, "agenda", "--json"), again)  # recorded afresh


def test_settings_today_attachments_and_options_are_part_of_the_answer(vault):
    run(vault, "check")
    assert probe(vault, "check").returncode != 100
    assert probe(vault, "check", today="2026-12-03").returncode == 100  # another day
    assert probe(vault, "check", "--format", "json").returncode == 100  # another command line
    (vault / "diagram.png").write_bytes(b"\x89PNG")  # an attachment can mend a broken link
    assert probe(vault, "check").returncode == 100
    run(vault, "check")
    assert probe(vault, "check").returncode != 100
    toml = vault / "plainnet.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")
    assert probe(vault, "check").returncode == 100


def test_index_is_replayed_only_while_its_file_is_the_one_it_described(vault):
    run(vault, "index")  # builds: "+N", not recorded
    assert probe(vault, "index").returncode == 100
    quiet = run(vault, "index")  # nothing to do: recorded
    assert b" +0 ~0 -0" in quiet.stdout
    _same(probe(vault, "index"), quiet)
    (vault / ".plainnet" / "index.sqlite").unlink()
    for extra in ("-wal", "-shm"):
        (vault / ".plainnet" / f"index.sqlite{extra}").unlink(missing_ok=True)
    assert probe(vault, "index").returncode == 100
    rebuilt = run(vault, "index")
    assert b" +0 " not in rebuilt.stdout


def test_an_interrupted_writes_temp_file_is_cleaned_by_the_full_command(vault):
    run(vault, "agenda")
    run(vault, "agenda")
    temp = vault / "people" / ".Jane Doe.md.999999-abc.plainnet-tmp"
    temp.write_text("half", encoding="utf-8")
    old = os.path.getmtime(temp) - 7200
    os.utime(temp, (old, old))
    assert probe(vault, "agenda").returncode == 100
    out = run(vault, "agenda")
    assert b"temp file" in out.stderr
    assert not temp.exists()


def test_the_exit_status_is_replayed(vault):
    full = run(vault, "check", "--fail-on", "info", replay_ok=False)
    assert full.returncode == 1  # the example vault has findings
    _same(probe(vault, "check", "--fail-on", "info"), full)


class FakeStream:
    """A pipe, as far as the replay asks: not a terminal, an encoding and its error handler."""

    def __init__(self, encoding: str, errors: str):
        import io

        self.buffer, self.encoding, self.errors = io.BytesIO(), encoding, errors

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass


def pipes(encoding: str | None = None) -> tuple[FakeStream, FakeStream]:
    """stdout and stderr as a subprocess of the tests has them."""
    std = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding, sys.stdout.errors)"],
                         capture_output=True, text=True, env=_env()).stdout.split()
    return FakeStream(encoding or std[0], std[1]), FakeStream(encoding or std[0], "backslashreplace")


def test_another_terminal_or_plainnet_version_is_another_answer(vault, monkeypatch):
    full = run(vault, "agenda", "--json", replay_ok=False)
    monkeypatch.setattr(os, "environ", {**_env()})
    argv = ["--vault", str(vault), "--today", TODAY, "agenda", "--json"]
    out, err = pipes()
    assert replay.answer(argv, out, err) == 0
    assert out.buffer.getvalue() == full.stdout
    assert replay.answer(argv, *pipes("ascii")) is None
    monkeypatch.setitem(os.environ, "COLUMNS", "40")
    assert replay.answer(argv, *pipes()) is None
    monkeypatch.setitem(os.environ, "COLUMNS", "100")
    assert replay.answer(argv, *pipes()) == 0
    monkeypatch.setattr(replay, "code_stamp", lambda: [("plainnet/new.py", 1, 1)])
    assert replay.answer(argv, *pipes()) is None


@pytest.mark.parametrize("argv", [
    ["--help"], ["agenda", "--help"], ["-h"], ["agenda", "--ics", "x.ics"], ["agenda", "--write", "A.md"],
    ["check", "people/Jane Doe.md"], ["check", "--explain", "pitch-length"], ["index", "--rebuild"],
    ["new", "contact", "X"], ["--vault", "a", "--vault", "b", "agenda"], ["agenda", "--days"], ["--version"],
])
def test_commands_that_are_not_replayed(argv):
    assert replay.command_form(argv) is None


def test_the_command_line_forms_that_are(tmp_path):
    assert replay.command_form([]) == (None, None, ("agenda",))
    assert replay.command_form(["--vault=v", "--today", "2026-01-02", "ls", "contact", "--json"]) == \
        ("v", "2026-01-02", ("ls", "contact", "--json"))
    assert replay.command_form(["agenda", "--section", "overdue", "--section=today"]) == \
        (None, None, ("agenda", "--section", "overdue", "--section=today"))
    # the global options after the command, as the command line takes them
    assert replay.command_form(["agenda", "--json", "--vault", "v", "--today=2026-01-02"]) == \
        ("v", "2026-01-02", ("agenda", "--json"))
    assert replay.command_form(["--vault", "v", "agenda", "--vault", "w"]) is None  # twice: the command decides
    assert replay.command_form(["check", "--format"]) is None


def test_replaying_can_be_turned_off(vault, monkeypatch):
    run(vault, "agenda", "--json")
    monkeypatch.setattr(os, "environ", {**_env()})
    argv = ["--vault", str(vault), "--today", TODAY, "agenda", "--json"]
    assert replay.answer(argv, *pipes()) == 0
    monkeypatch.setitem(os.environ, "PLAINNET_NO_REPLAY", "1")
    assert replay.answer(argv, *pipes()) is None


def test_an_interrupted_command_is_not_kept(vault, monkeypatch):
    """Ctrl-C ends a click command with status 1 and "Aborted!", as `check` ends with findings:
    only the one that ran to its end is an answer."""
    from click.testing import CliRunner

    import plainnet.checks.engine as engine
    from plainnet.cli import cli

    args = ["--vault", str(vault), "--today", TODAY, "check", "--fail-on", "info"]
    real = engine.report

    def interrupted(*a, **k):
        print("half a report")
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "report", interrupted)
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 1 and "Aborted" in out.output
    answers = vault / ".plainnet" / "answers"
    assert not answers.exists() or not list(answers.iterdir())
    monkeypatch.setattr(engine, "report", real)
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 1 and "Aborted" not in out.output  # findings at --fail-on info
    assert len(list(answers.iterdir())) == 1  # the same run, uninterrupted, is kept


def test_output_cut_short_by_a_closed_pipe_is_not_kept():
    class ClosedPipe(FakeStream):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    rec = replay.Recorder(ClosedPipe("utf-8", "strict"))
    with pytest.raises(BrokenPipeError):
        rec.write("first line\n")
    assert rec.broken
    ok = replay.Recorder(FakeStream("utf-8", "strict"))
    ok.buffer.write(b"bytes ")
    assert not ok.broken and ok.chunks == [b"bytes "]


def test_a_command_that_is_not_replayed_walks_the_vault_once(vault, monkeypatch):
    """The replay walked the vault to compare it; the command it falls through to syncs from
    that walk instead of walking 100,000 notes a second time."""
    from click.testing import CliRunner

    import plainnet.vault.files as files
    from plainnet.cli import cli

    run(vault, "agenda", "--json")
    note = vault / "people" / "Jane Doe.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- [ ] one walk only 📅 2026-12-01\n", encoding="utf-8")
    walks = []
    real = files.walk
    monkeypatch.setattr(files, "walk", lambda *a, **k: walks.append(a) or real(*a, **k))
    monkeypatch.setattr(os, "environ", {**_env()})
    argv = ["--vault", str(vault), "--today", TODAY, "agenda", "--json"]
    assert replay.answer(argv, *pipes()) is None  # the note changed
    out = CliRunner().invoke(cli, argv)
    assert out.exit_code == 0 and "one walk only" in out.output
    assert len(walks) == 1
    assert files.take_walk(vault, ()) is None  # handed over once, then gone


def test_a_walk_is_handed_only_to_the_same_root_and_ignore_list(tmp_path):
    import plainnet.vault.files as files

    done = files.Walk()
    files.offer_walk(tmp_path, (".git",), done)
    assert files.take_walk(tmp_path, (".git", "templates")) is None  # other settings: walk again
    files.offer_walk(tmp_path, (".git",), done)
    assert files.take_walk(tmp_path / "other", (".git",)) is None
    files.offer_walk(tmp_path, (".git",), done)
    assert files.take_walk(tmp_path, [".git"]) is done
