"""Which note or file a link names: the name table and the resolution rule, in one place.

A note can be linked by its vault path (rank 0), its title (rank 1: the file name) and its aliases
(rank 2); an attachment by its path (0) and its file name (1). For each key a link target gives
(`links.link_keys`), the hits of the best rank win, and among several the one nearest the linking
note. The table is any object with `get(key)` (a dict does) and, optionally, `suffix(s)`.

Paths and titles are known from the stat walk alone, before any note is parsed; only aliases need
the parse. `resolve_early` uses that: a link whose first key names a path or a title resolves
without the aliases (an alias never beats a path or a title), so a large sync resolves most links
in its worker processes and leaves only the rest (None) for a pass over the full table.
"""
from __future__ import annotations

from plainnet.notes.links import link_keys, norm

DEFER = None  # resolve_early's "cannot tell without the aliases"


def note_keys(path: str, title: str, aliases=()) -> list[tuple[str, int]]:
    """(key, rank) of every name a note answers to."""
    keys = [(norm(path), 0)]
    if path.lower().endswith(".md"):
        keys.append((norm(path[:-3]), 0))
    keys.append((norm(title), 1))
    keys.extend((norm(a), 2) for a in aliases)
    return keys


def last_part(key: str) -> str:
    """The last path component of a name key: what `[[folder/T]]` must match to name a/folder/T.md."""
    return key.rsplit("/", 1)[-1]


class NameTable(dict):
    """key -> [(rank, path)], with the suffix search `resolve` falls back to, answered from an
    index by last path component (built on first use; `changed()` after editing the table)."""

    _by_last: dict | None = None

    def changed(self) -> None:
        self._by_last = None

    def suffix(self, suffix: str) -> list:
        if self._by_last is None:
            by_last: dict[str, list] = {}
            for key in self:
                by_last.setdefault(last_part(key), []).append(key)
            self._by_last = by_last
        return [h for key in self._by_last.get(last_part(suffix), ()) if key.endswith(suffix) for h in self[key]]


def title_of(path: str) -> str:
    """A note's title: its file name without `.md` (as parse_note names it)."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def file_keys(path: str) -> tuple[tuple[str, int], tuple[str, int]]:
    """An attachment's name keys: its path (rank 0) and its file name (rank 1)."""
    return (norm(path), 0), (norm(path.rsplit("/", 1)[-1]), 1)


def add_files(table: dict, files) -> None:
    """Attachments by path (rank 0) and file name (rank 1)."""
    for f in files:
        for key, rank in file_keys(f):
            table.setdefault(key, []).append((rank, f))


class WalkNames:
    """The names the stat walk knows, compactly (the workers of a cold index share it): a key that
    names one note or file maps to its path, any other key to its [(rank, path)]. A single hit's
    rank follows from the key: the whole path (with or without `.md`) is rank 0, a name rank 1."""

    def __init__(self):
        self.one: dict[str, str] = {}
        self.many: dict[str, list] = {}

    @staticmethod
    def _rank(key: str, path: str) -> int:
        whole = norm(path)
        return 0 if key == whole or (whole.endswith(".md") and key == whole[:-3]) else 1

    def add(self, key: str, rank: int, path: str) -> None:
        if key in self.many:
            self.many[key].append((rank, path))
        elif key in self.one:
            other = self.one.pop(key)
            self.many[key] = [(self._rank(key, other), other), (rank, path)]
        else:
            self.one[key] = path

    def get(self, key: str, default=None):
        p = self.one.get(key)
        if p is not None:
            return [(self._rank(key, p), p)]
        return self.many.get(key, default)


def walk_table(note_paths, files) -> WalkNames:
    """The names the stat walk already knows: every note's path and title, every attachment."""
    table = WalkNames()
    for p in note_paths:
        for key, rank in note_keys(p, title_of(p)):
            table.add(key, rank, p)
    for f in files:
        for key, rank in file_keys(f):
            table.add(key, rank, f)
    return table


def shared_depth(path: str, folder: str) -> int:
    """How many leading folders `path` shares with `folder`: the nearer note wins a title clash."""
    n = 0
    for a, b in zip(path.split("/")[:-1], folder.split("/") if folder else []):
        if a != b:
            break
        n += 1
    return n


def _best(hits, src_dir: str) -> str:
    best = min(r for r, _ in hits)
    paths = [p for r, p in hits if r == best]
    if len(paths) == 1:
        return paths[0]
    return min(paths, key=lambda p: (-shared_depth(p, src_dir), p.count("/"), p))


def resolve(table, target: str, source: str = "") -> str | None:
    """The vault path `target` names from the note `source`, or None.

    Path, then title, then alias; case-insensitive and NFC. `[[folder/T]]` also matches
    `a/folder/T.md` (the shortest such path) when nothing else does. An empty target (`[[#h]]`)
    is the linking note itself."""
    if not target:
        return source or None
    src_dir = source.rsplit("/", 1)[0] if "/" in source else ""
    for key in link_keys(target, src_dir):
        hits = table.get(key)
        if hits:
            return _best(hits, src_dir)
    t = norm(target)
    if "/" in t:
        suffix = "/" + (t if t.endswith(".md") else t + ".md")
        hits = table.suffix(suffix) if hasattr(table, "suffix") else \
            [h for key, hs in table.items() if key.endswith(suffix) for h in hs]
        if hits:
            return min(p for _, p in hits)
    return None


def resolve_early(table: WalkNames, target: str, source: str = "") -> str | None:
    """`resolve` against a walk_table, or DEFER (None) when the answer may depend on an alias.

    Exact: when the first key has walk hits (ranks 0 and 1), `resolve` over the full table returns
    the same path, since aliases rank 2. Otherwise an alias might answer that key: defer."""
    if not target:
        return source or None
    src_dir = source.rsplit("/", 1)[0] if "/" in source else ""
    hits = table.get(link_keys(target, src_dir)[0])
    return _best(hits, src_dir) if hits else DEFER
