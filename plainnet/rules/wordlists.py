"""The word and phrase lists the checks match against, shipped as data files a vault can trim or extend.

Each list is `plainnet/rules/data/<name>.txt`: one entry per line, `#` starts a comment, blank lines are
skipped. Entries are matched by `plainnet.rules.pitch.find_phrases` (case-insensitive, on word
boundaries, curly apostrophes equal straight ones, `word*` a prefix, `…` a gap of 0-6 words).

A vault changes them in plainnet.toml, and the config layer passes the tables here::

    [wordlists.extend]
    jargon = ["omnichannel", "hyperautomation"]
    [wordlists.remove]
    jargon = ["leverage"]          # removal is case-insensitive and ignores curly/straight quotes
"""
from __future__ import annotations

import re

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

#: list name -> what it is for (the data file is `<name>.txt`)
LISTS: dict[str, str] = {
    "jargon": "pitch-jargon: buzzwords a listener cannot act on",
    "vague_clients": "pitch-vague-client: clients or asks nobody can picture",
    "promise_phrases": "promise-untracked: spoken promises that need a dated follow-up",
    "friend_request_phrases": "social-only-followup: friend and connection requests",
    "pain_outcome_phrases": "pitch-problem: pains and changes, read in a clause that belongs to the client",
    "audience_patterns": "pitch-who: extra lead-ins after which whom you help is named",
    "audience_nouns": "pitch-who: kinds of people and organisations (owners, practices, banks…)",
    "ask_patterns": "pitch-ask: lead-ins that say what a good introduction is",
    "title_patterns": "pitch-title-only: self-introductions ('I'm a <title> at <company>')",
    "vague_outcomes": "pitch-problem: outcomes anyone could promise (grow, succeed, next level)",
    "known_acronyms": "pitch-acronym: abbreviations everyone knows (UK, CEO, VAT…)",
}


class WordListError(ValueError):
    """plainnet.toml names a word list that does not exist, or gives entries of the wrong kind."""


@dataclass(frozen=True)
class WordLists:
    """The effective lists for one vault, each a tuple of entries in file order."""

    jargon: tuple[str, ...] = ()
    vague_clients: tuple[str, ...] = ()
    promise_phrases: tuple[str, ...] = ()
    friend_request_phrases: tuple[str, ...] = ()
    pain_outcome_phrases: tuple[str, ...] = ()
    audience_patterns: tuple[str, ...] = ()
    audience_nouns: tuple[str, ...] = ()
    ask_patterns: tuple[str, ...] = ()
    title_patterns: tuple[str, ...] = ()
    vague_outcomes: tuple[str, ...] = ()
    known_acronyms: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> tuple[str, ...]:
        if name not in LISTS:
            raise KeyError(name)
        return getattr(self, name)

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _norm(entry: str) -> str:
    """The key two entries are the same by: case, curly quotes and spacing do not matter."""
    entry = entry.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    entry = entry.replace("...", "\u2026")
    return " ".join(entry.split()).casefold()


def parse_list(text: str) -> tuple[str, ...]:
    """Entries of one list file: `#` comments and blank lines dropped, duplicates kept once."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        line = re.split(r"\s#", line, maxsplit=1)[0]  # a trailing comment; "C#" stays an entry
        line = " ".join(line.split())
        if line and _norm(line) not in seen:
            seen.add(_norm(line))
            out.append(line)
    return tuple(out)


def _read_data(name: str) -> str:
    """A shipped word list: the file beside the package (importlib.resources, which costs ~9 ms
    of imports on every check, only for a loader that keeps no files on disk)."""
    try:
        return (Path(__file__).resolve().parent / "data" / f"{name}.txt").read_text(encoding="utf-8")
    except OSError:
        from importlib import resources

        return (resources.files("plainnet.rules") / "data" / f"{name}.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _shipped(name: str) -> tuple[str, ...]:
    return parse_list(_read_data(name))


def _freeze(table: dict | None, what: str) -> tuple:
    if not table:
        return ()
    if not isinstance(table, dict):
        raise WordListError(f"[wordlists.{what}] must be a table of lists, got {table!r}")
    out = []
    for name, entries in table.items():
        if name not in LISTS:
            known = ", ".join(LISTS)
            raise WordListError(f"[wordlists.{what}] has no list named {name!r}; lists: {known}")
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, (list, tuple)) or not all(isinstance(e, str) for e in entries):
            raise WordListError(f"[wordlists.{what}] {name} must be a list of strings")
        out.append((name, tuple(entries)))
    return tuple(sorted(out))


def load_wordlists(
    extend: dict[str, list[str]] | None = None, remove: dict[str, list[str]] | None = None
) -> WordLists:
    """The shipped lists, plus `extend`'s entries, minus `remove`'s. Cached per argument value.

    Raises WordListError (a ValueError) for an unknown list name or a non-string entry, so the
    config layer can report plainnet.toml as a usage error.
    """
    return _load(_freeze(extend, "extend"), _freeze(remove, "remove"))


@lru_cache(maxsize=32)
def _load(extend: tuple, remove: tuple) -> WordLists:
    lists = {name: list(_shipped(name)) for name in LISTS}
    for name, entries in extend:
        have = {_norm(e) for e in lists[name]}
        for e in entries:
            e = " ".join(e.split())
            if e and _norm(e) not in have:
                have.add(_norm(e))
                lists[name].append(e)
    for name, entries in remove:
        drop = {_norm(e) for e in entries}
        lists[name] = [e for e in lists[name] if _norm(e) not in drop]
    return WordLists(**{name: tuple(v) for name, v in lists.items()})
