"""Find the vault root and walk its files safely: no symlink out of the vault is followed."""
from __future__ import annotations

import errno
import os
import re
import stat as _stat
from pathlib import Path

MARKERS = ("plainnet.toml", ".obsidian")
MAX_NOTE_BYTES = 16 * 1024 * 1024
TMP_SUFFIX = ".plainnet-tmp"


class CannotWrite(OSError):
    """An output file or note could not be written; str() is `cannot write FILE: reason`."""

    def __init__(self, path, reason: str):
        super().__init__(f"cannot write {os.fspath(path)}: {reason}")
        self.path, self.reason = os.fspath(path), reason

    def __str__(self) -> str:
        return self.args[0]


class OutsideVault(Exception):
    """A file plainnet would read or write is a symlink that leads out of the vault."""


def not_regular(mode: int) -> str:
    """Why a `*.md` that is not a regular file is not read (it could block every command)."""
    what = ("a named pipe (FIFO)" if _stat.S_ISFIFO(mode) else "a socket" if _stat.S_ISSOCK(mode)
            else "a device" if _stat.S_ISCHR(mode) or _stat.S_ISBLK(mode) else "not a regular file")
    return f"{what}, not a regular file; not read"


def is_inside(root, path) -> bool:
    """Whether path, with every symlink on the way resolved, stays inside the vault root."""
    real_root = os.path.realpath(os.fspath(root))
    real = os.path.realpath(os.fspath(path))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def check_inside(root, path, what: str = "") -> None:
    """OutsideVault if path (or a folder on its way) is a symlink out of the vault."""
    if not is_inside(root, path):
        rel = os.path.relpath(os.fspath(path), os.fspath(root))
        raise OutsideVault(f"{rel}{' (' + what + ')' if what else ''} is a symlink to "
                           f"{os.path.realpath(os.fspath(path))}, outside the vault; plainnet does not "
                           f"follow it (make it a file or folder inside the vault)")


_TMP_PID_RE = re.compile(r"\.(\d+)-[0-9a-f]+" + re.escape(TMP_SUFFIX) + r"\Z")
STALE_TMP_SECONDS = 60  # a temp file with no live writer named in it is stale after this long
LIVE_TMP_SECONDS = 3600  # ... and one whose writer still runs (or a reused pid) after this long


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or cannot tell: assume alive
    return True


def stale_temp(root, rels, now: float | None = None) -> list[str]:
    """Which of plainnet's own temp files (from walk) a killed write left behind.

    A temp file names the process that writes it: it is stale when that process is gone, or
    when it is older than an hour; one without a process id, when older than a minute."""
    import time

    now = time.time() if now is None else now
    out = []
    for rel in rels:
        try:
            age = now - os.lstat(os.path.join(os.fspath(root), rel)).st_mtime
        except OSError:
            continue
        m = _TMP_PID_RE.search(rel)
        if m:
            stale = age > LIVE_TMP_SECONDS or not _pid_alive(int(m.group(1)))
        else:
            stale = age > STALE_TMP_SECONDS
        if stale:
            out.append(rel)
    return out


def clean_temp(root, rels) -> tuple[list[str], list[str]]:
    """Remove stale temp files; (removed, could not remove as "path (reason)")."""
    removed, failed = [], []
    for rel in stale_temp(root, rels):
        try:
            os.unlink(os.path.join(os.fspath(root), rel))
            removed.append(rel)
        except FileNotFoundError:
            pass
        except OSError as exc:
            failed.append(f"{rel} ({exc.strerror or exc})")
    return removed, failed


def current_umask() -> int:
    """The process umask (read without changing it where /proc allows; else set and restore)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class VaultNotFound(Exception):
    """No --vault, no $PLAINNET_VAULT and no plainnet.toml or .obsidian/ above the current folder."""


def find_root(explicit: str | os.PathLike | None = None, start: str | os.PathLike | None = None) -> Path:
    """--vault, else $PLAINNET_VAULT, else the nearest folder upward holding plainnet.toml or .obsidian/."""
    given = explicit or os.environ.get("PLAINNET_VAULT")
    if given:
        root = Path(given).expanduser()
        if not root.is_dir():
            raise VaultNotFound(f"vault folder not found: {root}")
        return root.resolve()
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / m).exists() for m in MARKERS):
            return folder
    raise VaultNotFound(
        f"no vault found: {here} has no plainnet.toml or .obsidian/ in it or above it; "
        "run 'plainnet init' there, or pass --vault DIR (or set $PLAINNET_VAULT)"
    )


class Skipped:
    """A file the walk found but does not read, and why. (Plain classes, not dataclasses: every
    command, even a replayed one, walks the vault, and `dataclasses` costs more to import than
    the rest of the walk's modules together.)"""

    __slots__ = ("path", "reason")

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason

    def __eq__(self, other) -> bool:
        return isinstance(other, Skipped) and (self.path, self.reason) == (other.path, other.reason)

    def __repr__(self) -> str:
        return f"Skipped(path={self.path!r}, reason={self.reason!r})"


class Walk:
    """What is on disk: notes with (size, mtime_ns), other files (attachments), and what was not read."""

    __slots__ = ("notes", "files", "skipped", "temp")

    def __init__(self, notes=None, files=None, skipped=None, temp=None):
        self.notes: dict = {} if notes is None else notes  # rel path -> (size, mtime_ns)
        self.files: list = [] if files is None else files  # rel paths of non-Markdown files
        self.skipped: list = [] if skipped is None else skipped
        self.temp: list = [] if temp is None else temp  # rel paths of plainnet's own temp files (`.….plainnet-tmp`)


_OFFERED: tuple | None = None  # (root, ignore, Walk) of a walk made moments ago in this process


def offer_walk(root, ignore, done: Walk) -> None:
    """Hand a walk just made to the next `take_walk` of the same root and ignore list: a command
    that could not be replayed (plainnet.replay) has walked the vault already, and a second walk
    of 100,000 notes costs half a second."""
    global _OFFERED
    _OFFERED = (os.fspath(root), tuple(ignore), done)


def take_walk(root, ignore) -> Walk | None:
    """The walk `offer_walk` handed over for this root and ignore list, once; else None."""
    global _OFFERED
    offered, _OFFERED = _OFFERED, None
    if offered is not None and offered[0] == os.fspath(root) and offered[1] == tuple(ignore):
        return offered[2]
    return None


def walk(root: Path, ignore=(".obsidian", ".git", ".plainnet", ".trash", "node_modules")) -> Walk:
    """Every `.md` file under root, with its size and mtime, in one pass of os.scandir.

    Hidden folders and the ignore list are skipped. A symlink is followed only when it resolves
    inside the vault (and a folder only once, so loops end).
    """
    out = Walk()
    root_s = os.fspath(root)
    real_root = os.path.realpath(root_s)
    ignore = set(ignore)
    seen_dirs = {real_root}
    notes = out.notes
    stack = [(root_s, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError as exc:
            out.skipped.append(Skipped(prefix.rstrip("/") or ".", f"folder not readable ({exc.strerror})"))
            continue
        with it:
            for entry in it:
                name = entry.name
                try:
                    # the common case first, with no system call beyond the one stat: a plain note
                    if name.endswith(".md") and entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        notes[prefix + name] = (st.st_size, st.st_mtime_ns)
                        continue
                except OSError as exc:
                    out.skipped.append(Skipped(prefix + name, f"not readable ({exc.strerror})"))
                    continue
                rel = prefix + name
                try:
                    if entry.is_symlink():
                        real = os.path.realpath(entry.path)
                        if not (real == real_root or real.startswith(real_root + os.sep)):
                            if name.endswith(".md") or os.path.isdir(entry.path):
                                out.skipped.append(Skipped(rel, "symlink leads outside the vault; not followed"))
                            continue
                        st = os.stat(entry.path)
                        if _stat.S_ISDIR(st.st_mode):
                            if real in seen_dirs or name.startswith(".") or name in ignore:
                                continue
                            seen_dirs.add(real)
                            stack.append((entry.path, rel + "/"))
                            continue
                    elif entry.is_dir(follow_symlinks=False):
                        if name.startswith(".") or name in ignore:
                            continue
                        stack.append((entry.path, rel + "/"))
                        continue
                    else:
                        if not name.endswith(".md"):
                            if not name.startswith("."):
                                out.files.append(rel)
                            elif name.endswith(TMP_SUFFIX):
                                out.temp.append(rel)
                            continue
                        st = entry.stat(follow_symlinks=False)
                    if name.endswith(".md"):
                        if not _stat.S_ISREG(st.st_mode):
                            out.skipped.append(Skipped(rel, not_regular(st.st_mode)))
                            continue
                        notes[rel] = (st.st_size, st.st_mtime_ns)
                    else:
                        out.files.append(rel)
                except OSError as exc:
                    out.skipped.append(Skipped(rel, f"not readable ({exc.strerror})"))
    return out


def open_regular(path):
    """Open a file for reading only if it is a regular file: a FIFO, socket or device swapped in
    under a note's name is refused (OSError) instead of blocking the command forever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not _stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, not_regular(st.st_mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_note_bytes(root: Path, rel: str) -> bytes:
    """Read one note; refuses anything whose real path is outside the vault (a swapped-in symlink)."""
    path = os.path.join(os.fspath(root), rel)
    if os.path.islink(path):
        real_root = os.path.realpath(os.fspath(root))
        real = os.path.realpath(path)
        if not real.startswith(real_root + os.sep):
            raise PermissionError(f"{rel}: symlink leads outside the vault; not followed")
    with open_regular(path) as f:
        # read(n) allocates n bytes up front: ask for what the file holds (plus one, so a file that
        # grew past the limit since it was stat'ed is still caught), never 16 MiB per note
        size = os.fstat(f.fileno()).st_size
        return f.read(min(size, MAX_NOTE_BYTES) + 1)


def atomic_write_bytes(path, data: bytes) -> None:
    """Write a file that is not a note (an export): temp file in the same folder, fsync, rename.

    A new file gets the mode the umask gives (as `>` in a shell would); a file it replaces keeps
    its mode. Any failure is CannotWrite (`cannot write FILE: reason`), and leaves no temp file.
    """
    import secrets

    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise CannotWrite(path, exc.strerror or str(exc)) from None
    if st is not None and not _stat.S_ISREG(st.st_mode):
        raise CannotWrite(path, "it is a folder" if _stat.S_ISDIR(st.st_mode) else "not a regular file")
    mode = _stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~current_umask()
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError):
            reason = f"the folder {folder} does not exist"
        raise CannotWrite(path, reason) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode) if hasattr(os, "fchmod") else None
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, CannotWrite):
            raise CannotWrite(path, exc.strerror or str(exc)) from None
        raise
