"""Find the vault root and walk its files safely: no symlink out of the vault is followed."""
from __future__ import annotations

import os
import stat as _stat
from dataclasses import dataclass, field
from pathlib import Path

MARKERS = ("plainnet.toml", ".obsidian")
MAX_NOTE_BYTES = 16 * 1024 * 1024


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


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Walk:
    """What is on disk: notes with (size, mtime_ns), other files (attachments), and what was not read."""

    notes: dict = field(default_factory=dict)  # rel path -> (size, mtime_ns)
    files: list = field(default_factory=list)  # rel paths of non-Markdown files
    skipped: list = field(default_factory=list)


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
                            continue
                        st = entry.stat(follow_symlinks=False)
                    if name.endswith(".md"):
                        if not _stat.S_ISREG(st.st_mode):
                            continue
                        notes[rel] = (st.st_size, st.st_mtime_ns)
                    else:
                        out.files.append(rel)
                except OSError as exc:
                    out.skipped.append(Skipped(rel, f"not readable ({exc.strerror})"))
    return out


def read_note_bytes(root: Path, rel: str) -> bytes:
    """Read one note; refuses anything whose real path is outside the vault (a swapped-in symlink)."""
    path = os.path.join(os.fspath(root), rel)
    if os.path.islink(path):
        real_root = os.path.realpath(os.fspath(root))
        real = os.path.realpath(path)
        if not real.startswith(real_root + os.sep):
            raise PermissionError(f"{rel}: symlink leads outside the vault; not followed")
    with open(path, "rb") as f:
        # read(n) allocates n bytes up front: ask for what the file holds (plus one, so a file that
        # grew past the limit since it was stat'ed is still caught), never 16 MiB per note
        size = os.fstat(f.fileno()).st_size
        return f.read(min(size, MAX_NOTE_BYTES) + 1)


def atomic_write_bytes(path, data: bytes) -> None:
    """Write a file that is not a note (an export): temp file in the same folder, fsync, rename."""
    import tempfile

    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".plainnet-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
