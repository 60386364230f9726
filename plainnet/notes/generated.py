"""Notes plainnet writes itself (the agenda note): how to recognise one, and whether its user
edited it since. The index keeps only such a note's name; see plainnet.agenda.note for writing it."""
from __future__ import annotations

import hashlib

MARK = "plainnet: generated"


def is_generated(data: bytes) -> bool:
    """Whether a file's front matter says `plainnet: generated`."""
    head = data[:4096].decode("utf-8", "replace").replace("\r\n", "\n")
    if not head.startswith("---\n"):
        return False
    end = head.find("\n---", 3)
    return end > 0 and any(line.strip() == MARK for line in head[4:end].split("\n"))


def generated_note(rel: str):
    """What the index keeps of a generated note: its name (links to it resolve), nothing else."""
    from plainnet.notes.model import Note

    name = rel.rsplit("/", 1)[-1]
    note = Note(path=rel, title=name[:-3] if name.lower().endswith(".md") else name, type=None)
    note.generated = True  # type: ignore[attr-defined]
    note.checked = True  # type: ignore[attr-defined]
    note.silenced = set()  # type: ignore[attr-defined]
    return note


def digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def _split(text: str) -> tuple[dict, str]:
    """(front-matter lines as key -> value, body) of a generated note's text."""
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return {}, text
    fields = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields, text[end + 5:]


def note_text(body: str) -> str:
    return f"---\n{MARK}\ndigest: {digest(body)}\n---\n{body}"


def edited(data: bytes) -> bool:
    """A generated note whose body is no longer what plainnet wrote."""
    fields, body = _split(data.decode("utf-8", "replace"))
    return fields.get("digest") != digest(body)
