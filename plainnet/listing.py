"""`ls` and `show`: notes as rows and as the exact structure plainnet parsed."""
from __future__ import annotations

from plainnet.api import Vault


def _details(note) -> str:
    fm = note.front_matter
    keys = {
        "contact": ("company", "role", "last_contact", "cadence"),
        "event": ("date", "kind", "status"),
        "group": ("meets", "joined"),
        "pitch": ("seconds", "audience"),
    }.get(note.type or "", ())
    parts = []
    for k in keys:
        v = fm.get(k)
        if v not in (None, "", []):
            parts.append(f"{k}: {v}")
    return ", ".join(parts)


def list_notes(vault: Vault, type: str | None = None, tag: str | None = None) -> list[dict]:
    notes = vault.notes(None if type in (None, "note") else type, tag, with_front_matter=True)
    if type == "note":
        notes = [n for n in notes if n.type not in ("contact", "event", "group", "pitch")]
    return [{"path": n.path, "title": n.title, "type": n.type, "aliases": n.aliases, "tags": n.tags,
             "details": _details(n), "front_matter": n.front_matter} for n in notes]


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
    }
