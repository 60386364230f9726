"""`ls` and `show`: notes as rows and as the exact structure plainnet parsed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from plainnet.index.rows import details

if TYPE_CHECKING:
    from plainnet.api import Vault

TYPES = ("contact", "event", "group", "pitch")


def list_notes(vault: Vault, type: str | None = None, tag: str | None = None) -> list[dict]:
    """Every note of `type` (or all; "note" for the untyped) with its fields, for `ls --json`."""
    notes = vault.notes(None if type in (None, "note") else type, tag, with_front_matter=True)
    if type == "note":
        notes = [n for n in notes if n.type not in TYPES]
    return [{"path": n.path, "title": n.title, "type": n.type, "aliases": n.aliases, "tags": n.tags,
             "details": details(n.type, n.front_matter), "front_matter": n.front_matter} for n in notes]


def list_rows(vault: Vault, type: str | None = None, tag: str | None = None) -> list[tuple]:
    """(title, type, details, path) of every note of `type`, by path: `ls` as a table ('' for none)."""
    sql = f"SELECT title, coalesce(type, ''), coalesce(details, ''), path{', tags' if tag else ''} FROM notes"
    if type == "note":
        sql += f" WHERE type IS NULL OR type NOT IN ({','.join('?' * len(TYPES))})"
        params: tuple = TYPES
    elif type:
        sql, params = sql + " WHERE type = ?", (type,)
    else:
        params = ()
    rows = vault.index.query(sql + " ORDER BY path", params)
    if tag:
        import json

        from plainnet.api import has_tag

        rows = [r[:4] for r in rows if has_tag(json.loads(r[4] or "[]"), tag)]
    return rows


LS_HEADERS = ["title", "type", "details", "path"]


def list_text(vault: Vault, type: str | None = None, tag: str | None = None) -> str:
    """`ls` as a plain table (what a pipe gets; "" for no notes), kept beside the index and reused
    while the vault and settings are unchanged: listing 100,000 notes is mostly formatting them."""
    from plainnet.index import cache as resultcache
    from plainnet.render import table_text

    return resultcache.cached(vault, "ls-cache.txt", ("ls", type, tag),
                              lambda: table_text(LS_HEADERS, list_rows(vault, type, tag)))


def show_note(vault: Vault, name: str) -> dict:
    path = vault.lookup(name)
    note = vault.read(path)
    links = [l.to_json(vault.resolve(l.target, path) if l.target else path) for l in note.links]
    findings = [f for f in vault.findings() if f.path == path]
    return {
        "path": note.path,
        "title": note.title,
        "type": note.type,
        "front_matter": note.front_matter,
        "aliases": note.aliases,
        "links": links,
        "tags": sorted(set(note.tags), key=note.tags.index),
        "tasks": [t.to_json() for t in note.tasks],
        "log": [{"date": e.date, "text": e.text, "line": e.line} for e in note.log],
        "findings": [f.to_json() for f in findings],
        "pitch": _pitch_reading(vault, path),
    }


def _pitch_reading(vault: Vault, path: str) -> dict | None:
    """How the pitch in this note was read (`plainnet pitch --json`); None for a note with no pitch."""
    from plainnet.rules.local import pitch_reading

    return pitch_reading(vault, path)
