"""Whole-result caches beside the index: a command on an unchanged vault prints what it printed.

A result depends on the files (the stat walk the index already did), the settings, plainnet's own
code and data files, today and the command's options; the key is a digest of all of them, so a
stale result can never be served. Used by `check` and `agenda`; any error means "compute afresh".
"""
from __future__ import annotations

import hashlib
import json
import os

from plainnet.codestamp import code_stamp

VERSION = "1"


def cache_file(vault, name: str) -> str | None:
    """Beside the index database when it is a file (not for in-memory indexes of read-only vaults)."""
    try:
        rows = vault.index.conn.execute("PRAGMA database_list").fetchall()
    except Exception:  # noqa: BLE001 - a closed or odd connection just means no cache
        return None
    db = next((r[2] for r in rows if r[1] == "main"), "")
    return os.path.join(os.path.dirname(db), name) if db else None


def settings_key(vault, *extra) -> str | None:
    """A digest of what a result depends on besides the notes: settings, plainnet's code, today and
    `extra` (the command's options); None when it cannot be known."""
    h = hashlib.sha1()
    h.update(f"{VERSION}|{vault.index.fingerprint}|{vault.today.isoformat()}|{extra!r}|".encode())
    cfg = getattr(vault.config, "data", vault.config)  # also a Config built in code, with no file
    h.update(json.dumps(cfg, sort_keys=True, default=str).encode())
    try:
        h.update(repr(code_stamp()).encode())
    except OSError:  # plainnet is not a folder of files (a zip import): no cache
        return None
    return h.hexdigest()


def cache_key(vault, *extra) -> str | None:
    """A digest of everything a complete result depends on, or None when it cannot be known."""
    w = getattr(vault.index, "walk", None)
    if w is None:  # not synced: nothing to compare with
        return None
    base = settings_key(vault, *extra)
    if base is None:
        return None
    h = hashlib.sha1(base.encode())
    # the sync just made the rows match the files; every write to them draws a new generation
    from plainnet.index.store import generation

    try:
        h.update(generation(vault.index.conn).encode())
    except Exception:  # noqa: BLE001 - no meta table: no cache
        return None
    h.update(repr(sorted(w.files)).encode())
    h.update(repr(sorted((s.path, s.reason) for s in w.skipped)).encode())
    return h.hexdigest()


def read(vault, name: str, key: str, binary: bool = False) -> str | bytes | None:
    """The text stored under `key` (with `binary`, its UTF-8 bytes, undecoded: a 30 MB check
    result is copied to stdout as it is), or None (missing, another key, unreadable)."""
    data = _read(vault, name, key)
    try:
        return data if binary or data is None else data.decode("utf-8")
    except ValueError:
        return None


def read_stale(vault, name: str) -> bytes | None:
    """What `name` holds under whatever key it was stored: a result to patch, never to show."""
    return _read(vault, name, None)


def _read(vault, name: str, key: str | None) -> bytes | None:
    """The bytes stored in `name` after its key line; None when missing, unreadable, or (with
    `key`) stored under another key, which is then the only part read."""
    path = cache_file(vault, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            stored_key = fh.readline().rstrip(b"\n")
            if key is not None and stored_key != key.encode("ascii"):
                return None
            return fh.read()
    except (OSError, ValueError):
        return None


def write(vault, name: str, key: str, *texts: str | bytes) -> None:
    """Store `texts` (str as UTF-8, or bytes), one after the other, under `key` (as pieces: a
    check's result is 30 MB at 100,000 notes, and every concatenation copies it)."""
    path = cache_file(vault, name)
    if path is None:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(key.encode("ascii") + b"\n")
            for text in texts:
                fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.replace(tmp, path)
    except OSError:  # a read-only .plainnet/: no cache, same results
        try:
            os.remove(tmp)
        except OSError:
            pass


def cached(vault, name: str, key_parts: tuple, compute, *, dump=None, load=None, binary: bool = False):
    """`compute()`, memoised in the file `name` beside the index under cache_key(vault, *key_parts),
    and served from there while nothing it depends on changed (the notes, the settings, plainnet's
    code, today and `key_parts`). The one place results are cached: commands wrap a pure
    computation in it; the computations never read or write the cache themselves.

    `dump(value)` gives the text pieces to store (default: the value, a str); `load(text)` turns
    them back into a value (default: the text; with `binary`, `load` gets the stored bytes) and
    may raise ValueError, KeyError or TypeError for a damaged file, which is then recomputed. No
    cache for an unsynced or in-memory index."""
    key = cache_key(vault, *key_parts)
    if key:
        stored = read(vault, name, key, binary)
        if stored is not None:
            try:
                return stored if load is None else load(stored)
            except (ValueError, KeyError, TypeError):
                pass  # half-written by an old version, or damaged: compute afresh
    value = compute()
    if key:
        write(vault, name, key, *((value,) if dump is None else dump(value)))
    return value
