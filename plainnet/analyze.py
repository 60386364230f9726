"""What the index runs on each changed file: parse it, then the per-note checks.

Per-note checks depend only on the note and the vault's settings, so their findings are cached with
the note; checks that depend on today or on other notes run at query time (plainnet.checks).
A small sync (a save, a few edits) only parses: the checks need their word lists and a few
hundred regular expressions, which `plainnet agenda` after an edit should not pay for; the index
marks such notes unchecked and `Vault.complete_checks` runs the checks when findings are asked for.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from plainnet.config import Config

if TYPE_CHECKING:
    from plainnet.model import Note

ANALYZER_VERSION = "3"  # bump whenever a per-note rule (checks.local, pitch) changes


class Analyzer:
    """A picklable callable (it runs in worker processes on large syncs)."""

    def __init__(self, config: Config):
        self.config = config
        self._settings = None  # checks.local.Settings, made on the first check

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_settings": None}  # a worker makes its own

    def __call__(self, rel: str, data: bytes, checks: bool = True) -> Note:
        from plainnet.note import parse_note  # (not at import: an unchanged vault parses nothing)

        note = parse_note(rel, data, self.config.type_for_folder)
        if checks:
            self.check(note)
        else:
            note.checked = False  # type: ignore[attr-defined]
        return note

    def check(self, note: Note) -> list:
        """Run the per-note checks on a parsed note; returns the findings they added."""
        from plainnet.checks.local import Settings, local_findings
        from plainnet.checks.rules import silenced

        if self._settings is None:
            self._settings = Settings(self.config)
        found = local_findings(note, self.config, self._settings)
        note.findings.extend(found)
        note.silenced = silenced(note.front_matter, note.body)  # type: ignore[attr-defined]
        note.checked = True  # type: ignore[attr-defined]
        return found
