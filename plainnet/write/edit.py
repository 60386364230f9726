"""The safe write path: the only place in plainnet that rewrites notes.

Two layers:

* Pure text transforms (`set_field`, `append_list_item`, `set_list_item_field`,
  `append_under_heading`, `mark_task_done`) take the whole file as bytes and return the whole
  file as bytes. They splice characters at exact positions (PyYAML's composer gives every node's
  start and end offset), so everything they do not mean to change -- comments, key order,
  quoting, flow/block style, unknown keys, the UTF-8 BOM, each line's own ending (LF or CRLF),
  the presence or absence of the final newline, the body -- stays byte-identical. After every
  front-matter edit the result is parsed again and compared with what was intended; any other
  difference raises `EditError` instead of writing a surprise.
* The file layer (`read_snapshot`, `write_atomic`, `create_new`, `apply_edit`) writes a temp
  file in the same folder, fsyncs it and `os.replace`s it, keeping the permission bits, and
  refuses to overwrite a file that changed since it was read or that is a symlink.

YAML is only ever composed and constructed with PyYAML's safe loader: tags are never executed.
ruamel.yaml is deliberately not used: its round trip re-emits whole blocks, while a splice at
known offsets is exact by construction.
"""
from __future__ import annotations

import bisect
import contextlib
import copy
import datetime as _dt
import errno
import hashlib
import math
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

try:
    import fcntl
except ImportError:  # Windows: no flock; the double check still applies
    fcntl = None  # type: ignore[assignment]

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = [
    "EditError",
    "ConflictError",
    "WriteError",
    "torn",
    "wait_until_settled",
    "settle_many",
    "Snapshot",
    "read_snapshot",
    "write_atomic",
    "create_new",
    "apply_edit",
    "set_field",
    "append_list_item",
    "set_list_item_field",
    "append_under_heading",
    "mark_task_done",
    "render_scalar",
]

BOM = b"\xef\xbb\xbf"
_STR_TAG = "tag:yaml.org,2002:str"


class EditError(Exception):
    """A user-facing reason why an edit was refused; nothing was written."""


class ConflictError(EditError):
    """The file changed on disk since it was read; writing now would lose that change."""


# --------------------------------------------------------------------------------------------
# File layer
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The exact bytes of a file and the stat/hash that prove later that it is unchanged."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    sha256: str


#: a note modified this recently may be in the middle of someone else's write (a sync client or
#: editor that truncates, pauses, writes): wait until size and mtime hold still this long
SETTLE_SECONDS = 0.3
SETTLE_MAX_SECONDS = 10.0  # ... but not forever: a file that never settles is a conflict


def _stat_regular(path: Path) -> os.stat_result:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise EditError(f"{path}: no such file") from None
    except OSError as e:
        raise _cannot_read(path, e) from None
    return _regular(path, st)


def _cannot_read(path: Path, e: OSError) -> EditError:
    return EditError(f"{path}: cannot read: {e.strerror or e}")


def _regular(path: Path, st: os.stat_result) -> os.stat_result:
    """`st` if it is a regular file's; else the refusal that says what the path is instead."""
    if stat.S_ISDIR(st.st_mode):
        raise EditError(f"{path}: is a folder, not a note")
    if not stat.S_ISREG(st.st_mode):
        raise EditError(f"{path}: is not a regular file (a pipe, socket or device); plainnet does not read it")
    return st


def wait_until_settled(path, settle: float | None = None, limit: float | None = None) -> None:
    """Return once the file's (size, mtime) has not changed for `settle` seconds.

    A file last modified longer ago than that returns at once (the everyday case costs one stat).
    One still changing after `limit` seconds is a ConflictError."""
    import time

    settle = SETTLE_SECONDS if settle is None else settle
    limit = SETTLE_MAX_SECONDS if limit is None else limit
    path = Path(path)
    start = time.monotonic()
    st = _stat_regular(path)
    if time.time() - st.st_mtime_ns / 1e9 >= settle:
        return
    seen, since = (st.st_size, st.st_mtime_ns), time.monotonic()
    while time.monotonic() - since < settle:
        if time.monotonic() - start > limit:
            raise ConflictError(f"{path}: another program keeps writing this note; nothing written -- try again")
        time.sleep(min(0.05, settle / 4 or 0.01))
        st = _stat_regular(path)
        if (st.st_size, st.st_mtime_ns) != seen:
            seen, since = (st.st_size, st.st_mtime_ns), time.monotonic()


def settle_many(paths, settle: float | None = None, limit: float | None = None) -> None:
    """wait_until_settled for many files at once: one wait for all the recently modified ones
    (an import reading hundreds of notes waits 0.3 s once, not once per note)."""
    import time

    settle = SETTLE_SECONDS if settle is None else settle
    limit = SETTLE_MAX_SECONDS if limit is None else limit
    start, now = time.monotonic(), time.time()

    def fingerprint(p):
        try:
            st = os.stat(p)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    seen = {}
    for p in paths:
        fp = fingerprint(p)
        if fp is not None and now - fp[1] / 1e9 < settle:
            seen[p] = fp
    while seen:
        if time.monotonic() - start > limit:
            raise ConflictError(f"{next(iter(seen))}: another program keeps writing this note; nothing written -- try again")
        time.sleep(settle)
        seen = {p: fp for p in seen if (fp := fingerprint(p)) != seen[p] and fp is not None}


def read_snapshot(path, settle: float | None = 0) -> Snapshot:
    """Read a file once, with the fingerprint `write_atomic` checks before replacing it.

    Only regular files are read (a FIFO named `x.md` would block forever). With `settle` (None:
    SETTLE_SECONDS) a file modified within the last `settle` seconds is first waited for until its
    size and mtime stop changing (see wait_until_settled), so an edit is not based on someone
    else's half-written note: the commands (record.read_for_edit) ask for it."""
    path = Path(path)
    if settle != 0:
        wait_until_settled(path, settle)
    for _attempt in range(5):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            raise EditError(f"{path}: no such file") from None
        except OSError as e:
            raise _cannot_read(path, e) from None
        try:
            try:  # a folder or a pipe opens (POSIX) and is refused here, before it is read
                before = _regular(path, os.fstat(fd))
                with os.fdopen(fd, "rb", closefd=False) as f:
                    data = f.read()
                after = os.fstat(fd)
            finally:
                os.close(fd)
        except OSError as e:
            raise _cannot_read(path, e) from None
        # A writer in the middle of its write can give a torn read: read again until stable.
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(
            data
        ) == after.st_size:
            return Snapshot(
                path, data, after.st_size, after.st_mtime_ns, hashlib.sha256(data).hexdigest()
            )
    raise ConflictError(f"{path}: the file keeps changing while it is read; try again")


def torn(data: bytes) -> str | None:
    """Why these bytes look like a note caught mid-write (empty, or front matter never closed),
    or None. Used against what the index knew: a complete note does not turn into this."""
    if not data.strip():
        return "is empty"
    body = data[3:] if data.startswith(BOM) else data
    if body.startswith(b"---"):
        try:
            doc = _Doc(data)
        except EditError:
            return None
        if doc.fm is None and doc.fm_problem and "never closed" in doc.fm_problem:
            return "has front matter that is never closed"
    return None


class WriteError(EditError):
    """The file system refused the write (read-only folder, disk full); nothing was changed."""

    def __init__(self, path, exc: OSError):
        super().__init__(f"cannot write {path}: {exc.strerror or exc}")


def _check_unchanged(snapshot: Snapshot) -> os.stat_result:
    """Re-stat and re-hash the file; ConflictError if it is not the snapshot any more."""
    path = snapshot.path
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise ConflictError(
            f"{path}: the file was deleted or moved since it was read; nothing written"
        ) from None
    if stat.S_ISLNK(st.st_mode):
        raise EditError(
            f"{path}: is a symlink; plainnet does not write through symlinks "
            f"(edit the target {os.path.realpath(path)} instead)"
        )
    if not stat.S_ISREG(st.st_mode):
        raise EditError(f"{path}: is not a regular file; nothing written")
    changed = st.st_size != snapshot.size or st.st_mtime_ns != snapshot.mtime_ns
    if not changed:
        with open(path, "rb") as f:
            changed = hashlib.sha256(f.read()).hexdigest() != snapshot.sha256
    if changed:
        raise ConflictError(
            f"{path}: the file changed on disk since plainnet read it (another editor or sync?); "
            f"nothing written -- run the command again"
        )
    return st


def _tmp_name(path: Path) -> Path:
    # Hidden and clearly named, in the same folder so os.replace/os.link stay on one filesystem.
    # The writer's pid in the name lets the next run tell a temp file left by `kill -9` (its
    # process is gone: removed and reported) from one being written right now.
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(6)}.plainnet-tmp")


def _write_tmp(tmp: Path, data: bytes, mode: int | None) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if mode is not None:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:
                os.chmod(tmp, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(p: Path) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """An advisory flock on the folder (POSIX), serialising check-then-rename between writers."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomic(snapshot: Snapshot, new_data: bytes) -> None:
    """Replace the snapshot's file with new_data, atomically, only if it is still the snapshot.

    Refuses symlinks (EditError) so a link is never silently turned into a file and a write never
    lands outside the vault, and files with several hard links (a rename would split them).
    Identical bytes are not written at all (the mtime stays, watchers stay quiet).
    """
    path = snapshot.path
    st = _check_unchanged(snapshot)
    if new_data == snapshot.data:
        return
    if st.st_nlink > 1:
        raise EditError(
            f"{path}: has {st.st_nlink} hard links; an atomic replace would split them, "
            f"so plainnet will not write it"
        )
    tmp = _tmp_name(path)
    try:
        try:
            _write_tmp(tmp, new_data, stat.S_IMODE(st.st_mode))
        except OSError as e:
            raise WriteError(path, e) from None
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # keeping the owner is best effort; an unprivileged user cannot
        # Check again right before the rename, holding the folder lock so that two plainnet
        # writers cannot both pass the check; an editor that takes no lock has microseconds.
        with _folder_lock(path.parent):
            _check_unchanged(snapshot)
            try:
                os.replace(tmp, path)
            except OSError as e:
                raise WriteError(path, e) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    _fsync_dir(path.parent)


def create_new(path, data: bytes) -> None:
    """Create a note that must not exist yet: complete or absent, never half-written.

    The bytes go to a temp file first, which is then hard-linked to the final name: link(2)
    fails if the name exists, so a concurrent creator is never overwritten.
    """
    path = Path(path)
    if os.path.lexists(path):
        raise EditError(f"{path}: already exists; plainnet will not overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise EditError(f"{path.parent}: cannot create folder: {e.strerror or e}") from None
    tmp = _tmp_name(path)
    try:
        try:
            _write_tmp(tmp, data, None)
        except OSError as e:
            raise WriteError(path, e) from None
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise EditError(f"{path}: already exists; plainnet will not overwrite it") from None
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise WriteError(path, e) from None
            try:
                _create_exclusive_direct(path, data)  # filesystem without hard links (FAT, some SMB)
            except OSError as e2:
                raise WriteError(path, e2) from None
    finally:
        _unlink_quietly(tmp)
    _fsync_dir(path.parent)


def _create_exclusive_direct(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise EditError(f"{path}: already exists; plainnet will not overwrite it") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(path)
        raise
    os.close(fd)


def apply_edit(path, transform: Callable[..., bytes], *args, **kwargs) -> bool:
    """Read, transform, write in one step; errors name the file. Returns True if bytes changed.
    (The commands first wait for a note to hold still: see wait_until_settled.)"""
    snap = read_snapshot(path)
    try:
        new = transform(snap.data, *args, **kwargs)
    except ConflictError:
        raise
    except EditError as e:
        raise type(e)(f"{snap.path}: {e}") from None
    if new == snap.data:
        return False
    write_atomic(snap, new)
    return True


# --------------------------------------------------------------------------------------------
# Document model: BOM, line endings, front matter boundaries
# --------------------------------------------------------------------------------------------

_OPEN_RE = re.compile(r"---[ \t]*\r?\n?\Z")
_CLOSE_RE = re.compile(r"(?:---|\.\.\.)[ \t]*\r?\n?\Z")
_DASHES_RE = re.compile(r"-{3,}[ \t]*\r?\n?\Z")


@dataclass
class _FrontMatter:
    start: int  # offset in text where the YAML starts (after the opening line)
    end: int  # offset of the closing line (where the YAML ends)
    after: int  # offset just after the closing line (where the body starts)
    yaml: str


class _Doc:
    """A decoded file: `text` without the BOM; offsets below are into `text`."""

    def __init__(self, data: bytes):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("edit functions take the whole file as bytes")
        self.bom = data.startswith(BOM)
        raw = bytes(data[3:] if self.bom else data)
        try:
            self.text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise EditError(
                f"not UTF-8 (byte {e.start + (3 if self.bom else 0)}); plainnet only edits UTF-8 notes"
            ) from None
        self.lines = _split_lines(self.text)
        self.starts = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line)
        first_nl = self.text.find("\n")
        self.nl = "\r\n" if first_nl > 0 and self.text[first_nl - 1] == "\r" else "\n"
        self.fm, self.fm_problem = self._find_front_matter()

    def _find_front_matter(self):
        if not self.lines:
            return None, None
        first = self.lines[0]
        if not _OPEN_RE.match(first):
            if first.rstrip() == "+++":
                return None, "front matter is TOML (`+++`); plainnet edits only YAML front matter"
            if _DASHES_RE.match(first):
                return None, f"line 1 `{first.rstrip()}` is not a front matter delimiter (`---`)"
            return None, None
        if not first.endswith("\n"):
            return None, "front matter opened on line 1 is never closed"
        for i in range(1, len(self.lines)):
            if _CLOSE_RE.match(self.lines[i]):
                start = self.starts[1]
                end = self.starts[i]
                return _FrontMatter(start, end, end + len(self.lines[i]), self.text[start:end]), None
        return None, "front matter opened on line 1 is never closed (no `---` line after it)"

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else b"") + text.encode("utf-8")

    def body_start_line(self) -> int:
        """Index into self.lines of the first body line."""
        if self.fm is None:
            return 0
        return self.line_of(self.fm.after) if self.fm.after < len(self.text) else len(self.lines)

    def line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def _split_lines(text: str) -> list[str]:
    """Lines with their endings, split on LF only (a bare CR or U+2028 is content, as in git)."""
    if not text:
        return []
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith("\n"):
        return "\n"
    return ""


def _eol(text: str, pos: int) -> int:
    """Offset where the line containing pos ends (before its CRLF/LF), or len(text)."""
    i = text.find("\n", pos)
    if i < 0:
        return len(text)
    if i > pos and text[i - 1] == "\r":
        return i - 1
    return i


def _bol(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _nl_at(doc: "_Doc", pos: int) -> str:
    """The ending of the line holding offset pos, so new lines match their neighbours."""
    return _ending(doc.lines[doc.line_of(pos)]) if doc.lines else doc.nl or "\n"


# --------------------------------------------------------------------------------------------
# YAML: positions (composer) and values (safe constructor)
# --------------------------------------------------------------------------------------------


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: fast
_RESOLVER = yaml.resolver.Resolver()


class _ValueLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date (`2026-02-31`) stays the text it is.

    A typo in one date must not block every edit of the note; the checks report it.
    """


def _lenient_timestamp(loader, node):
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return node.value


_ValueLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


def _compose(src: str) -> Node | None:
    """Nodes with exact character offsets, built from the safe parser's events (never constructed).

    Unlike PyYAML's composer, an `*alias` becomes a placeholder node placed where the alias is
    written (not the anchored node, whose marks point at the anchor): we need to know where each
    collection's text ends.
    """
    events = yaml.parse(src, Loader=_BASE_LOADER)

    def node(event):
        if isinstance(event, AliasEvent):
            return ScalarNode(None, None, event.start_mark, event.end_mark)  # only its place is read
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
            style = event.style or None  # libyaml says '' for plain, pure PyYAML None
            return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=style)
        if isinstance(event, SequenceStartEvent):
            seq = SequenceNode(event.tag, [], event.start_mark, None, flow_style=event.flow_style)
            while not isinstance(child := next(events), SequenceEndEvent):
                seq.value.append(node(child))
            seq.end_mark = child.end_mark
            return seq
        if isinstance(event, MappingStartEvent):
            mapping = MappingNode(event.tag, [], event.start_mark, None, flow_style=event.flow_style)
            while not isinstance(child := next(events), MappingEndEvent):
                mapping.value.append((node(child), node(next(events))))
            mapping.end_mark = child.end_mark
            return mapping
        raise yaml.YAMLError(f"unexpected YAML event {event}")

    root = None
    for event in events:
        if isinstance(event, (StreamStartEvent, StreamEndEvent, DocumentEndEvent)):
            continue
        if isinstance(event, DocumentStartEvent):
            if root is not None:
                raise yaml.YAMLError("more than one YAML document")
            root = node(next(events))
    return root


def _yaml_error(e: Exception, src: str) -> str:
    """The refusal for invalid front matter, at the file line `plainnet check` names (a problem
    found at the closing `---` is told at the last line of the front matter, as the index does)."""
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    last = max(0, src.rstrip("\n").count("\n"))
    where = f" (line {min(mark.line, last) + 2})" if mark is not None else ""  # file line: `---` is line 1
    return f"front matter is not valid YAML{where}: {problem}; 'plainnet check' shows it"


class _Parsed:
    """Front matter composed (positions) and loaded (values)."""

    def __init__(self, doc: _Doc):
        if doc.fm is None:
            raise AssertionError("no front matter")
        self.doc = doc
        self.base = doc.fm.start
        src = doc.fm.yaml
        try:
            self.root = _compose(src)
            self.data = yaml.load(src, Loader=_ValueLoader)
        except yaml.YAMLError as e:
            raise EditError(_yaml_error(e, src)) from None
        except (ValueError, TypeError, OverflowError, RecursionError) as e:
            raise EditError(f"front matter is not valid YAML: {e}") from None
        if self.root is None:  # empty, or only comments (an explicit `!!null` is refused below)
            self.data = {}
        elif not isinstance(self.root, MappingNode) or not isinstance(self.data, dict):
            raise EditError(
                f"front matter is {_describe(self.data)}, not a mapping of keys to values"
            )
        if self.root is not None and any(
            isinstance(k, ScalarNode) and k.tag == "tag:yaml.org,2002:merge" for k, _ in self.root.value
        ):
            raise EditError("front matter uses a `<<` merge key; plainnet will not edit it")

    def start(self, node: Node) -> int:
        return self.base + node.start_mark.index

    def end(self, node: Node) -> int:
        return self.base + node.end_mark.index


def _find_pair(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    found = [
        (k, v)
        for k, v in mapping.value
        if isinstance(k, ScalarNode) and k.tag == _STR_TAG and k.value == key
    ]
    if len(found) > 1:
        lines = ", ".join(str(k.start_mark.line + 2) for k, _ in found)  # file lines
        raise EditError(f"key `{key}` appears more than once (lines {lines}); fix that by hand first")
    return found[0] if found else None


def _content_end(p: _Parsed, node: Node) -> int:
    """Offset just after the last character that belongs to node (not trailing comments/breaks)."""
    text = p.doc.text
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            i = p.end(node)
            lo = p.start(node) + 1
            while i > lo and text[i - 1] in " \t\r\n":
                i -= 1
            return i
        return p.end(node)
    if node.flow_style:
        return p.end(node)
    ends = [p.start(node) + 1]
    for child in node.value:
        if isinstance(child, tuple):
            ends.append(_content_end(p, child[0]))
            ends.append(_content_end(p, child[1]))
        else:
            ends.append(_content_end(p, child))
    return max(ends)


def _is_block_collection(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style


def _is_empty_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value == "" and (
        node.start_mark.index == node.end_mark.index
    )


def _colon_after(p: _Parsed, key_node: Node) -> int:
    text = p.doc.text
    i = p.end(key_node)
    while i < len(text) and text[i] in " \t":
        i += 1
    if i >= len(text) or text[i] != ":":
        raise EditError(
            f"key `{key_node.value}` is written in a form plainnet cannot edit precisely "
            f"(complex `?` key); edit it by hand"
        )
    return i


def _value_region(p: _Parsed, key_node: Node, value_node: Node) -> tuple[int, int, int]:
    """(colon, start, end): the characters that make up a key's value, normally from its `:`.

    Trailing comments on a scalar's line and comment lines after a block collection stay outside
    the region (they are kept); comments inside a block collection belong to it.
    """
    text = p.doc.text
    colon = _colon_after(p, key_node)
    start = colon + 1
    if _is_empty_scalar(value_node):
        return colon, start, start
    vstart = p.start(value_node)
    if "#" in text[start:vstart]:  # `key: # note` then the value on the next line: keep the note
        start = vstart
    if _is_block_collection(value_node):
        return colon, start, _eol(text, _content_end(p, value_node))
    return colon, start, _content_end(p, value_node)


# --------------------------------------------------------------------------------------------
# Rendering values the way a person writes YAML
# --------------------------------------------------------------------------------------------

_YAML12_SPECIAL = re.compile(
    r"""^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*\\Z")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _double_quote(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch) and ch != "\ufeff":
            out.append(ch)
        else:
            cp = ord(ch)
            if 0xD800 <= cp <= 0xDFFF:
                raise EditError(f"text contains an invalid character (lone surrogate U+{cp:04X})")
            out.append(f"\\x{cp:02X}" if cp <= 0xFF else f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}")
    return '"' + "".join(out) + '"'


def _plain_ok(s: str, flow: bool, as_key: bool = False) -> bool:
    """Would `s` written bare read back as this very string (YAML 1.1 and 1.2) and look normal?"""
    if not s or s != s.strip() or not _PRINTABLE.match(s) or "\ufeff" in s:
        return False
    if s[0] in "!&*{}[],#|>@`\"'%" or s[:2] in ("- ", "? ", ": ") or s in ("-", "?", ":"):
        return False
    if ": " in s or " #" in s or s.endswith(":") or "\t" in s:
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    if _YAML12_SPECIAL.match(s):
        return False
    if as_key:
        probes, want = [f"{s}: 0"], {s: 0}
    elif flow:  # on the bracket's line, and alone on its own line in a multi-line list
        probes, want = [f"k: [{s}]", f"k: [\n    {s}\n  ]"], {"k": [s]}
    else:
        probes, want = [f"k: {s}"], {"k": s}
    for loader in {_BASE_LOADER, yaml.SafeLoader}:  # libyaml and pure PyYAML differ at the edges
        for probe in probes:
            try:
                got = yaml.load(probe, Loader=loader)
            except (yaml.YAMLError, ValueError, TypeError):
                return False
            if not _same(got, want):  # _same also tells the string "1" from the int 1
                return False
    return True


def _float_text(v: float) -> str:
    if math.isnan(v):
        return ".nan"
    if math.isinf(v):
        return ".inf" if v > 0 else "-.inf"
    r = repr(v)
    if "e" in r and "." not in r:
        mant, exp = r.split("e")
        r = f"{mant}.0e{exp}"
    return r


def render_scalar(value, *, flow: bool = False, quote_strings: bool = False) -> str:
    """One YAML scalar as a person writes it: 2026-11-25, true, 3, plain text or "quoted"."""
    if value is None:
        return "null" if flow else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if not quote_strings and _plain_ok(value, flow):
            return value
        return _double_quote(value)
    raise TypeError(f"cannot write a {type(value).__name__} as a YAML scalar")


def _render_key(key) -> str:
    if not isinstance(key, str):
        return render_scalar(key, flow=True)
    return key if _plain_ok(key, flow=False, as_key=True) else _double_quote(key)


def _is_scalar(value) -> bool:
    return not isinstance(value, (list, tuple, dict))


def _render_flow(value, quote_strings: bool = False) -> str:
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_double_quote(k) if quote_strings and isinstance(k, str) else _render_key(k)}: "
            f"{_render_flow(v, quote_strings)}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_render_flow(v, quote_strings) for v in value) + "]"
    return render_scalar(value, flow=True, quote_strings=quote_strings)


def _inline(value) -> str | None:
    """Text after `key: ` if the value fits on the key's line, else None (needs block lines)."""
    if _is_scalar(value):
        return render_scalar(value)
    if not value:
        return "[]" if isinstance(value, (list, tuple)) else "{}"
    return None


def _entry_lines(key, value, col: int, seq_off: int) -> list[str]:
    """Lines (no endings) for `key: value` at column col; nested blocks indented like the vault."""
    pad = " " * col
    inline = _inline(value)
    head = f"{pad}{_render_key(key)}:"
    if inline is not None:
        return [f"{head} {inline}" if inline else head]
    if isinstance(value, dict):
        out = [head]
        for k, v in value.items():
            out += _entry_lines(k, v, col + 2, seq_off)
        return out
    out = [head]
    for item in value:
        out += _item_lines(item, col + seq_off, "- ", seq_off)
    return out


def _item_lines(item, dash_col: int, dash: str, seq_off: int) -> list[str]:
    """Lines for one block-sequence item `- ...`; dash is the marker plus its gap (e.g. "- ")."""
    pad = " " * dash_col
    if isinstance(item, dict) and item:
        inner_col = dash_col + len(dash)
        lines: list[str] = []
        for k, v in item.items():
            lines += _entry_lines(k, v, inner_col, seq_off)
        lines[0] = pad + dash + lines[0][inner_col:]
        return lines
    if isinstance(item, (list, tuple)) and item:
        return [pad + dash + _render_flow(item)]
    text = _inline(item)
    return [pad + dash + text if text else pad + dash.rstrip()]


def _seq_offset(p: _Parsed) -> int:
    """How far this vault indents `- item` under its key (Obsidian writes 2; some write 0)."""
    if p.root is None:
        return 2
    stack = [p.root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(v, SequenceNode) and not v.flow_style and v.value:
                    return max(0, v.start_mark.column - k.start_mark.column)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return 2


# --------------------------------------------------------------------------------------------
# Verification: the result must mean exactly what was intended
# --------------------------------------------------------------------------------------------


def _norm(v):
    if isinstance(v, tuple):
        return [_norm(x) for x in v]
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def _same(a, b) -> bool:
    """Deep equality that also tells True from 1, a date from a datetime, and NaN from NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _finish(doc: _Doc, new_text: str, expected: dict, what: str) -> bytes:
    """Encode new_text after checking its front matter parses to `expected` and the body is kept."""
    new_doc = _Doc(doc.encode(new_text))
    if new_doc.fm is None:
        raise EditError(f"internal error while {what}: the front matter would be lost; nothing written")
    old_body = doc.text[doc.fm.after :] if doc.fm else doc.text
    if new_doc.text[new_doc.fm.after :] != old_body:
        raise EditError(f"internal error while {what}: the body would change; nothing written")
    try:
        got = _Parsed(new_doc).data
    except EditError as e:
        raise EditError(f"cannot do this edit precisely while {what} ({e}); nothing written") from None
    if not _same(got, expected):
        raise EditError(
            f"cannot do this edit precisely while {what}: the result would also change other "
            f"values (anchors/aliases or unusual YAML?); nothing written"
        )
    return new_doc.encode(new_doc.text)


# --------------------------------------------------------------------------------------------
# Front matter transforms
# --------------------------------------------------------------------------------------------


def _check_key(key) -> None:
    if not isinstance(key, str) or not key:
        raise TypeError("key must be a non-empty string")
    if "\n" in key or "\r" in key:
        raise EditError(f"key {key!r} contains a line break")


def _doc_for_front_matter(data: bytes) -> _Doc:
    doc = _Doc(data)
    if doc.fm_problem:
        raise EditError(doc.fm_problem)
    return doc


def _new_front_matter(doc: _Doc, key: str, value) -> bytes:
    """Put a front matter block on top of a file that has none (the file's own line ending)."""
    nl = doc.nl
    lines = _entry_lines(key, value, 0, 2)
    block = "---" + nl + "".join(line + nl for line in lines) + "---" + nl
    out = doc.encode(block + doc.text)
    if not _same(_Parsed(_Doc(out)).data, {key: value}):
        raise EditError(f"cannot write `{key}` precisely; nothing written")
    return out


def _col(p: _Parsed, node: Node) -> int:
    start = p.start(node)
    return start - _bol(p.doc.text, start)


def _splice_block(p: _Parsed, region: tuple[int, int, int], lines: list[str]) -> str:
    """Drop the old value and put block lines under the key; a comment on the key line stays."""
    text = p.doc.text
    colon, start, end = region
    if start != colon + 1:  # the value began on a later line after `key: # note`
        start = _eol(text, colon)
    eol = _eol(text, end)
    nl = _nl_at(p.doc, colon)
    return text[:start] + text[end:eol] + "".join(nl + line for line in lines) + text[eol:]


def _replace_value(p: _Parsed, key_node: Node, value_node: Node, value, ctx: "_Ctx") -> str:
    """New full text with one mapping value replaced; the key keeps its line."""
    text = p.doc.text
    region = _value_region(p, key_node, value_node)
    colon, start, end = region
    keep_flow = isinstance(value_node, (SequenceNode, MappingNode)) and value_node.flow_style
    if ctx.flow or keep_flow or _inline(value) is not None:
        inline = _render_flow(value, ctx.json) if (ctx.flow or keep_flow) else _inline(value)
        if ctx.flow and value is None:
            inline = "null"
        if start == colon + 1:
            return text[:start] + (" " if inline else "") + inline + text[end:]
        # `key: # note` with the value on the next line: keep the note, indent the value under
        # the key (an indentless `- item` sits at the key's own column, too far left for a scalar)
        key_col = _col(p, key_node)
        indent = max(_col(p, value_node), key_col + 2)
        eol = _eol(text, colon)
        nl = _nl_at(p.doc, colon)
        if inline == "":
            return text[:eol] + text[end:]
        return text[:eol] + nl + " " * indent + inline + text[end:]
    lines = _entry_lines("k", value, _col(p, key_node), _seq_offset(p))[1:]
    return _splice_block(p, region, lines)


@dataclass(frozen=True)
class _Ctx:
    flow: bool = False  # inside a flow collection: only flow syntax is allowed
    json: bool = False  # JSON-style front matter: strings and keys always double-quoted


def _json_value(value):
    """JSON has no dates: in JSON front matter they are written as ISO strings, keeping it JSON."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _root_ctx(p: _Parsed) -> _Ctx:
    root = p.root
    if root is None or not root.flow_style:
        return _Ctx()
    json_like = bool(root.value) and getattr(root.value[0][0], "style", None) == '"'
    return _Ctx(flow=True, json=json_like)


def _insert_pair(p: _Parsed, mapping: MappingNode | None, key: str, value, ctx: _Ctx, *, top: bool) -> str:
    """New full text with `key: value` added as the last entry of mapping."""
    doc, text = p.doc, p.doc.text
    if mapping is not None and mapping.flow_style:
        k = _double_quote(key) if ctx.json else _render_key(key)
        entry = f"{k}: {_render_flow(value, ctx.json)}"
        return _insert_flow(p, mapping, entry, [v for _, v in mapping.value], [k for k, _ in mapping.value])
    col = _col(p, mapping.value[0][0]) if mapping is not None and mapping.value else 0
    lines = _entry_lines(key, value, col, _seq_offset(p))
    if top:
        pos = doc.fm.end  # start of the closing `---` line
        nl = _nl_at(doc, pos - 1) if pos > 0 else doc.nl
        return text[:pos] + "".join(line + nl for line in lines) + text[pos:]
    last = _eol(text, _content_end(p, mapping))
    nl = _nl_at(doc, last)
    return text[:last] + "".join(nl + line for line in lines) + text[last:]


def _insert_flow(p: _Parsed, coll: Node, entry: str, values: list[Node], firsts: list[Node]) -> str:
    """Add entry to a flow `[...]`/`{...}` after its last element, in its own layout."""
    text = p.doc.text
    if not values:
        pos = p.start(coll) + 1  # just after the opening bracket
        return text[:pos] + entry + text[pos:]
    pos = _content_end(p, values[-1])
    last_first = firsts[-1]
    if p.doc.line_of(p.start(last_first)) != p.doc.line_of(p.start(coll)):
        # One element per line: continue that way, in the last element's indentation.
        bol = _bol(text, p.start(last_first))
        indent = text[bol : p.start(last_first)]
        if indent.strip():
            indent = " " * len(indent)
        return text[:pos] + "," + _nl_at(p.doc, pos) + indent + entry + text[pos:]
    return text[:pos] + ", " + entry + text[pos:]


def set_field(data: bytes, key: str, value) -> bytes:
    """Set a top-level front-matter key, changing only that key's lines.

    An existing key keeps its line (a scalar replacing a one-line scalar changes exactly one line,
    a trailing comment stays); a missing key is added as the last line of the front matter; a file
    without front matter gets a block on top. Setting the value a key already has changes nothing.
    """
    _check_key(key)
    value = _norm(value)
    doc = _doc_for_front_matter(data)
    if doc.fm is None:
        return _new_front_matter(doc, key, value)
    p = _Parsed(doc)
    ctx = _root_ctx(p)
    if ctx.json:
        value = _json_value(value)
    expected = dict(p.data)
    pair = _find_pair(p.root, key) if p.root is not None else None
    if pair is not None and _same(p.data.get(key), value):
        return bytes(data)
    expected[key] = value
    if pair is None:
        new_text = _insert_pair(p, p.root, key, value, ctx, top=True)
    else:
        new_text = _replace_value(p, pair[0], pair[1], value, ctx)
    return _finish(doc, new_text, expected, f"setting `{key}`")


def append_list_item(data: bytes, key: str, item) -> bytes:
    """Append one item to a front-matter list, adding only the item's lines.

    Block lists get `- ...` lines in the list's own indentation and marker spacing; a flow list
    `[a, b]` stays flow; a missing key or an empty `key:` becomes a block list (a new key goes
    last); any other value is an EditError.
    """
    _check_key(key)
    item = _norm(item)
    doc = _doc_for_front_matter(data)
    if doc.fm is None:
        return _new_front_matter(doc, key, [item])
    p = _Parsed(doc)
    ctx = _root_ctx(p)
    if ctx.json:
        item = _json_value(item)
    text = doc.text
    expected = copy.deepcopy(p.data)
    pair = _find_pair(p.root, key) if p.root is not None else None
    what = f"adding to `{key}`"
    if pair is None:
        expected[key] = [item]
        return _finish(doc, _insert_pair(p, p.root, key, [item], ctx, top=True), expected, what)
    key_node, value_node = pair
    old = p.data.get(key)
    if old is None:  # `key:` / `key: null` / `key: ~` becomes a list
        expected[key] = [item]
        if ctx.flow:
            new_text = _replace_value(p, key_node, value_node, [item], ctx)
        else:
            seq_off = _seq_offset(p)
            lines = _item_lines(item, _col(p, key_node) + seq_off, "- ", seq_off)
            new_text = _splice_block(p, _value_region(p, key_node, value_node), lines)
        return _finish(doc, new_text, expected, what)
    if not isinstance(old, list):
        raise EditError(f"`{key}` is not a list (it is {_describe(old)}); nothing written")
    if not isinstance(value_node, SequenceNode):  # `key: *alias` of a list written elsewhere
        raise EditError(f"`{key}` is an alias of a list written elsewhere; edit it by hand")
    expected[key] = old + [item]
    if value_node.flow_style:
        entry = _render_flow(item, ctx.json)
        new_text = _insert_flow(p, value_node, entry, value_node.value, value_node.value)
        return _finish(doc, new_text, expected, what)
    # Block list: copy the first item's marker column and gap ("- " or "-   ").
    dash_pos = p.start(value_node)
    if text[dash_pos] != "-":
        raise EditError(f"`{key}` is a list plainnet cannot extend precisely; edit it by hand")
    dash_col = dash_pos - _bol(text, dash_pos)
    first = value_node.value[0]
    gap = "- "
    if not _is_empty_scalar(first) and doc.line_of(p.start(first)) == doc.line_of(dash_pos):
        candidate = text[dash_pos : p.start(first)]
        if candidate.strip() == "-" and "\t" not in candidate:
            gap = candidate
    last = _eol(text, _content_end(p, value_node))
    prev = value_node.value[-1]
    if isinstance(item, dict) and item and isinstance(prev, MappingNode) and prev.flow_style:
        # the list's items are written `- {date: …, what: …}`: the new one matches its siblings
        lines = [" " * dash_col + gap + _render_flow(item, ctx.json)]
    else:
        lines = _item_lines(item, dash_col, gap, _seq_offset(p))
    new_text = text[:last] + "".join(_nl_at(doc, last) + line for line in lines) + text[last:]
    return _finish(doc, new_text, expected, what)


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    return f"{type(value).__name__} {value!r}"


def set_list_item_field(data: bytes, key: str, index: int, subkey: str, value) -> bytes:
    """Set one field of one mapping inside a front-matter list: `follow_ups[1].done = true`.

    A scalar replacing a one-line scalar changes one line; a missing subkey is added after the
    item's last line (or inside its `{...}`). index may be negative, as in Python.
    """
    _check_key(key)
    _check_key(subkey)
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError("index must be an int")
    value = _norm(value)
    doc = _doc_for_front_matter(data)
    if doc.fm is None:
        raise EditError(f"there is no front matter, so no `{key}` list")
    p = _Parsed(doc)
    pair = _find_pair(p.root, key) if p.root is not None else None
    if pair is None:
        raise EditError(f"there is no `{key}` in the front matter")
    old = p.data.get(key)
    seq = pair[1]
    if not isinstance(old, list):
        raise EditError(f"`{key}` is not a list (it is {_describe(old)})")
    if not isinstance(seq, SequenceNode):  # `key: *alias` of a list written elsewhere
        raise EditError(f"`{key}` is an alias of a list written elsewhere; edit it by hand")
    n = len(old)
    if not -n <= index < n:
        raise EditError(f"`{key}` has {n} item{'' if n == 1 else 's'}; there is no item {index}")
    index %= n
    item_node = seq.value[index]
    if not isinstance(old[index], dict):
        raise EditError(f"`{key}` item {index} is not a mapping (it is {_describe(old[index])})")
    if not isinstance(item_node, MappingNode):  # `- *alias` of a mapping written elsewhere
        raise EditError(f"`{key}` item {index} is an alias of a mapping written elsewhere; edit it by hand")
    root = _root_ctx(p)
    if root.json:
        value = _json_value(value)
    sub = _find_pair(item_node, subkey)
    if sub is not None and _same(old[index].get(subkey), value):
        return bytes(data)
    expected = copy.deepcopy(p.data)
    expected[key][index][subkey] = value
    ctx = _Ctx(flow=root.flow or bool(seq.flow_style) or bool(item_node.flow_style), json=root.json)
    if sub is None:
        new_text = _insert_pair(p, item_node, subkey, value, ctx, top=False)
    else:
        new_text = _replace_value(p, sub[0], sub[1], value, ctx)
    return _finish(doc, new_text, expected, f"setting `{key}[{index}].{subkey}`")


# --------------------------------------------------------------------------------------------
# Body transforms
# --------------------------------------------------------------------------------------------

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def _heading(line: str) -> tuple[int, str] | None:
    m = _ATX_RE.match(line.rstrip("\r\n"))
    if not m:
        return None
    return len(m.group(1)), " ".join((m.group(2) or "").split()).casefold()


def _code_lines(lines: list[str], start: int) -> set[int]:
    """Indexes of lines inside fenced code blocks (from start on), fences included."""
    inside: set[int] = set()
    fence = None
    for i in range(start, len(lines)):
        line = lines[i].rstrip("\r\n")
        m = _FENCE_RE.match(line)
        if fence is None:
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = m.group(1)
                inside.add(i)
        else:
            inside.add(i)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
                fence = None
    return inside


def append_under_heading(data: bytes, heading: str, line: str) -> bytes:
    """Add a line at the end of a body section (after its last non-blank line).

    The heading is matched by level and text (case- and spacing-insensitive), outside code
    blocks and front matter. If it is missing it is added at the end of the file after a blank
    line. The file keeps its line endings and its final newline (or lack of one).
    """
    want = _heading(heading)
    if want is None:
        raise EditError(f"{heading!r} is not a Markdown heading like '## Log'")
    doc = _Doc(data)
    text, lines = doc.text, doc.lines
    body = doc.body_start_line()
    code = _code_lines(lines, body)
    found = None
    for i in range(body, len(lines)):
        if i not in code and _heading(lines[i]) == want:
            found = i
            break
    new_lines = line.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if found is None:
        nl = doc.nl
        out = text
        if out and not out.endswith("\n"):
            out += nl  # end the last line so the heading starts its own
        if out.strip() and _split_lines(out)[-1].strip():
            out += nl  # a blank line before the new heading
        ending = nl if (not text or text.endswith("\n")) else ""
        out += nl.join([heading.strip()] + new_lines) + ending
        return doc.encode(out)
    level = want[0]
    end = len(lines)
    for j in range(found + 1, len(lines)):
        h = _heading(lines[j]) if j not in code else None
        if h is not None and h[0] <= level:
            end = j
            break
    last = found
    for j in range(end - 1, found, -1):
        if lines[j].strip():
            last = j
            break
    pos = doc.starts[last] + len(lines[last].rstrip("\r\n"))
    nl = _ending(lines[last]) or doc.nl
    insert = "".join(nl + ln for ln in new_lines)
    return doc.encode(text[:pos] + insert + text[pos:])


_TASK_RE = re.compile(r"^([\s>]*(?:[-*+]|[0-9]+[.)]) +\[)(.)(\].*)$")
_DONE_MARK_RE = re.compile(r"(?:✅|❌) *\d{4}-\d{2}-\d{2}|[\[(]completion:: *\d{4}-\d{2}-\d{2} *[\])]")
_DATAVIEW_FIELD_RE = re.compile(r"[\[(]due::")
_TASKS_EMOJI_RE = re.compile("[📅📆🗓⏳⌛🛫➕]")
_BLOCK_ID_RE = re.compile(r"^(.*?)((?: \^[A-Za-z0-9-]+)?)([ \t]*)$")


def mark_task_done(data: bytes, line_no: int, done_on: _dt.date) -> bytes:
    """Tick the open task on 1-based line line_no the way Obsidian Tasks does.

    `- [ ] Send deck 📅 2026-11-20 ^id` becomes `- [x] Send deck 📅 2026-11-20 ✅ 2026-11-25 ^id`:
    the box is ticked and the done date goes at the end of the text, before a block id. A task
    dated with Dataview fields (`- [ ] Send deck [due:: 2026-11-20]`) gets `[completion:: DATE]`.
    """
    if isinstance(done_on, _dt.datetime):
        done_on = done_on.date()
    doc = _Doc(data)
    lines = doc.lines
    if not 1 <= line_no <= len(lines):
        raise EditError(f"line {line_no} does not exist (the note has {len(lines)} lines)")
    i = line_no - 1
    if doc.fm is not None and i < doc.body_start_line():
        raise EditError(f"line {line_no} is in the front matter, not a task")
    if i in _code_lines(lines, doc.body_start_line()):
        raise EditError(f"line {line_no} is inside a code block, not a task")
    raw = lines[i]
    ending = _ending(raw)
    content = raw[: len(raw) - len(ending)]
    m = _TASK_RE.match(content)
    if not m:
        raise EditError(f"line {line_no} is not a task (`- [ ] ...`): {content.strip()[:60]!r}")
    status = m.group(2)
    if status not in (" ", "/"):
        raise EditError(f"line {line_no} is not an open task (it is `[{status}]`): {content.strip()[:60]!r}")
    if _DONE_MARK_RE.search(content):
        raise EditError(f"line {line_no} is not an open task (it already has a ✅/❌ or completion date)")
    ticked = m.group(1) + "x" + m.group(3)
    b = _BLOCK_ID_RE.match(ticked)
    # A task dated the Dataview way (`[due:: …]`) gets Dataview's own done field; others the emoji.
    dataview = _DATAVIEW_FIELD_RE.search(content) and not _TASKS_EMOJI_RE.search(content)
    mark = f"[completion:: {done_on.isoformat()}]" if dataview else f"✅ {done_on.isoformat()}"
    new = f"{b.group(1).rstrip()} {mark}{b.group(2)}{b.group(3)}"
    start = doc.starts[i]
    return doc.encode(doc.text[:start] + new + ending + doc.text[start + len(raw) :])
