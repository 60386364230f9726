"""What the index runs on each changed file: parse it, then the per-note checks.

Per-note checks depend only on the note and the vault's settings, so their findings are cached with
the note; checks that depend on today or on other notes run at query time (plainnet.checks).
"""
from __future__ import annotations

from plainnet.config import Config
from plainnet.note import Note, parse_note

ANALYZER_VERSION = "2"  # bump whenever a per-note rule (checks.local, pitch) changes


class Analyzer:
    """A picklable callable (it runs in worker processes on large syncs)."""

    def __init__(self, config: Config):
        self.config = config

    def __call__(self, rel: str, data: bytes) -> Note:
        note = parse_note(rel, data, self.config.type_for_folder)
        from plainnet.checks.local import local_findings
        from plainnet.checks.rules import silenced

        note.findings.extend(local_findings(note, self.config))
        note.silenced = silenced(note.front_matter, note.body)  # type: ignore[attr-defined]
        return note
