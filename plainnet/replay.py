"""Answer an everyday command on an unchanged vault with the bytes it printed last time.

`plainnet agenda`, `check`, `ls` and `index` on a vault nobody touched since their last run print
exactly what they printed then. Their output depends on the notes (paths, sizes, mtimes), the
attachments, plainnet.toml, plainnet's own code, today, the command line and the terminal; the
cli records what a run printed together with all of those (`record`), and the next run compares
them before importing click, the index or anything else (`answer`): the same stat walk the index
does, one read of plainnet.toml and of the recorded answer, and a byte comparison. Anything that
differs, or any doubt, falls through to the full command, which records afresh. Answers live in
`.plainnet/answers/` and are a cache like the index: delete them at will.
`PLAINNET_NO_REPLAY=1` turns replaying off (recording goes on).

May import: `plainnet.vault` and `plainnet.codestamp` only (it runs before everything else; every import here is paid by
every command).
"""
from __future__ import annotations

import marshal
import os
import sys
import zlib

from plainnet.codestamp import code_stamp

VERSION = 1
FOLDER = "answers"

#: the options each command may have for its answer to be replayed; anything else is run in full
#: (help, --ics and --write files, --rebuild, explicit paths, --explain ...)
VALUED = {
    "agenda": {"--days", "--limit", "--person", "--tag", "--section"},
    "check": {"--format", "--select", "--ignore", "--fail-on"},
    "ls": {"--tag"},
    "index": set(),
}
FLAGS = {"agenda": {"--json"}, "check": set(), "ls": {"--json"}, "index": set()}
POSITIONAL = {"ls": {"contact", "event", "group", "pitch", "note"}}

#: what, besides the streams, decides how output looks (colour, width, encoding)
ENV = ("NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "COLUMNS", "LINES", "TTY_COMPATIBLE",
       "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "PYTHONIOENCODING")


GLOBAL = ("--vault", "--today")


def command_form(argv: list[str]) -> tuple[str | None, str | None, tuple] | None:
    """(--vault, --today, the command and its options) when `argv` is a command whose answer may be
    replayed; None for anything else."""
    given: dict[str, str] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("--"):  # the global options before the command
        n = _take_global(argv, i, given, same_again=False)  # (twice here: click's rules decide)
        if n is None:
            return None
        i += n
    command, rest = (argv[i], argv[i + 1:]) if i < len(argv) else ("agenda", [])
    if command not in VALUED:
        return None
    kept, i = [], 0
    while i < len(rest):
        opt, eq, _value = rest[i].partition("=")
        if opt in GLOBAL:  # the global options work after the command too
            n = _take_global(rest, i, given, same_again=True)
            if n is None:
                return None
        else:
            n = 1 if eq or opt not in VALUED[command] else 2
            if i + n > len(rest) or not ((opt in FLAGS[command] and not eq) or opt in VALUED[command]
                                         or rest[i] in POSITIONAL.get(command, ())):
                return None
            kept.extend(rest[i:i + n])
        i += n
    return given.get("--vault"), given.get("--today"), (command, *kept)


def _take_global(args: list[str], i: int, given: dict, same_again: bool) -> int | None:
    """Put the global option at args[i] and its value into `given`; how many arguments it took, or
    None (not a global option, no value, or given again: with `same_again`, only the same value,
    as the command line allows on both sides of the command)."""
    opt, eq, value = args[i].partition("=")
    if opt not in GLOBAL or (not eq and i + 1 >= len(args)):
        return None
    value = value if eq else args[i + 1]
    if opt in given and not (same_again and given[opt] == value):
        return None
    given[opt] = value
    return 1 if eq else 2


def _streams(out, err) -> tuple:
    def describe(stream):
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        size = None
        if tty:
            try:
                size = tuple(os.get_terminal_size(stream.fileno()))
            except (AttributeError, OSError, ValueError):
                size = "?"
        return tty, size, getattr(stream, "encoding", None), getattr(stream, "errors", None)

    return describe(out), describe(err), tuple(os.environ.get(k) for k in ENV)


def stamp(root: str, form: tuple, today: str, settings: bytes, walk, streams: tuple, index_state=None) -> bytes:
    """Everything the output of `form` depends on, as bytes to compare."""
    return marshal.dumps((VERSION, sys.version, root, form, today, settings, code_stamp(), walk.notes,
                          sorted(walk.files), sorted((s.path, s.reason) for s in walk.skipped),
                          streams, index_state), 2)  # version 2: no back-references, so equal values give equal bytes


def _answer_path(root: str, form: tuple) -> str:
    return os.path.join(root, ".plainnet", FOLDER, f"{zlib.crc32(repr(form).encode()):08x}")


def _index_state(root: str):
    """For `index`: its summary says what the index had to do, so a deleted or replaced index
    file is a different answer (the answer is only recorded when it had nothing to do)."""
    try:
        return os.stat(os.path.join(root, ".plainnet", "index.sqlite")).st_ino
    except OSError:
        return None


def _given_today(given: str | None) -> str | None:
    value = given or os.environ.get("PLAINNET_TODAY")
    return "=" + value if value else None  # as given: the full command parses (and refuses) it


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


def _settings(root: str) -> bytes | None:
    try:
        with open(os.path.join(root, "plainnet.toml"), "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return b""
    except OSError:
        return None


# ---------------------------------------------------------------- replaying


def answer(argv: list[str], out=None, err=None) -> int | None:
    """Print the recorded answer to `argv` and return its exit status, or None (run the command).
    `out` and `err` are text streams with a binary `buffer` (sys.stdout and sys.stderr)."""
    if os.environ.get("PLAINNET_NO_REPLAY"):
        return None
    out, err = out or sys.stdout, err or sys.stderr
    parsed = command_form(argv)
    if parsed is None:
        return None
    vault_arg, today_arg, form = parsed
    from plainnet.vault.files import VaultNotFound, find_root, offer_walk, take_walk, walk

    try:
        root = os.fspath(find_root(vault_arg))
        with open(_answer_path(root, form), "rb") as fh:
            data = fh.read()
        end = data.index(b"\n")
        n_head, n_stamp, n_out, n_err = (int(x) for x in data[:end].split())
        ignore, code = marshal.loads(data[end + 1:end + 1 + n_head])
    except (OSError, VaultNotFound, ValueError, TypeError, EOFError):
        return None
    body = memoryview(data)[end + 1 + n_head:]
    settings = _settings(root)
    if settings is None or len(body) != n_stamp + n_out + n_err:
        return None
    w = walk(root, ignore)
    offer_walk(root, ignore, w)  # not replayed: the command's sync starts from this walk
    if w.temp:
        return None  # temp files of an interrupted write: the full command removes them and says so
    now = stamp(root, form, _given_today(today_arg) or _today(), settings, w,
                _streams(out, err), _index_state(root) if form[0] == "index" else None)
    if now != body[:n_stamp]:
        return None
    take_walk(root, ignore)  # replayed: nothing will sync
    out.flush()
    out.buffer.write(body[n_stamp:n_stamp + n_out])
    out.buffer.flush()
    err.flush()
    err.buffer.write(body[n_stamp + n_out:])
    err.buffer.flush()
    return code


# ---------------------------------------------------------------- recording


class Recorder:
    """A text stream that writes through to `stream` and keeps the bytes it wrote (text encoded
    as `stream` encodes it; binary writes to `.buffer` too)."""

    def __init__(self, stream):
        self._stream = stream
        self.chunks: list[bytes] = []
        self.broken = False
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        self._errors = getattr(stream, "errors", None) or "strict"

    def write(self, text):
        try:
            n = self._stream.write(text)
        except (OSError, ValueError):  # a closed pipe (`| head`): what was printed is not the whole answer
            self.broken = True
            raise  # (a TypeError is click asking whether this is a binary stream: nothing was printed)
        try:
            self.chunks.append(text.encode(self._encoding, self._errors) if isinstance(text, str) else bytes(text))
        except (UnicodeError, TypeError, LookupError):
            self.broken = True
        return n

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    @property
    def buffer(self):
        return _BinaryRecorder(self)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _BinaryRecorder:
    def __init__(self, rec: Recorder):
        self._rec, self._buffer = rec, rec._stream.buffer

    def write(self, data):
        try:
            self._rec._stream.flush()  # keep the order of text and bytes
            n = self._buffer.write(data)
        except (OSError, ValueError):
            self._rec.broken = True
            raise
        self._rec.chunks.append(bytes(data))
        return n

    def __getattr__(self, name):
        return getattr(self._buffer, name)


def record(argv: list[str], vault, code: int, out: Recorder, err: Recorder, *, today_used: str,
           settings: bytes, index_untouched: bool = True) -> bool:
    """Keep what the command `argv` printed on `vault` (synced by its full walk) for `answer`.
    `settings` are the plainnet.toml bytes the run was configured from. The caller records only
    a command that ran to its end (not one interrupted by Ctrl-C, which click also ends with
    status 1); nothing is kept for a command that cannot be replayed, failed, could not print
    everything, changed the index (`index`) or printed a notice."""
    parsed = command_form(argv)
    walk = getattr(vault.index, "walk", None)
    if parsed is None or walk is None or walk.temp or out.broken or err.broken:
        return False
    vault_arg, today_arg, form = parsed
    if code not in ((0, 1) if form[0] == "check" else (0,)):  # check's 1: findings at --fail-on
        return False
    if form[0] == "index" and not index_untouched:
        return False
    root = os.fspath(vault.root)
    if _settings(root) != settings:
        return False  # plainnet.toml changed during the run
    try:
        index_file = vault.index._db_path()
    except (AttributeError, OSError):
        return False
    if not index_file or os.path.dirname(index_file) != os.path.join(root, ".plainnet"):
        return False  # no index on disk (a read-only vault): nowhere to keep answers
    today = _given_today(today_arg) or today_used
    now = stamp(root, form, today, settings, walk, _streams(out._stream, err._stream),
                _index_state(root) if form[0] == "index" else None)
    head = marshal.dumps((list(vault.index.ignore), code))
    o, e = b"".join(out.chunks), b"".join(err.chunks)
    path = _answer_path(root, form)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(b"%d %d %d %d\n" % (len(head), len(now), len(o), len(e)))
            fh.write(head)
            fh.write(now)
            fh.write(o)
            fh.write(e)
        os.replace(tmp, path)
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass
        return False
    return True
