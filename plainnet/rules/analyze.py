"""What the index runs on each changed file: parse it, then the per-note checks.

Per-note checks depend only on the note and the vault's settings, so their findings are cached with
the note; checks that depend on today or on other notes run at query time (plainnet.checks).
A small sync (a save, a few edits) only parses: the checks need their word lists and a few
hundred regular expressions, which `plainnet agenda` after an edit should not pay for; the index
marks such notes unchecked and `Vault.complete_checks` runs the checks when findings are asked for.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plainnet.settings import Config
    from plainnet.notes.model import Note

ANALYZER_VERSION = "4"  # bump whenever a per-note rule (rules.local, pitch) or what is parsed changes


class Analyzer:
    """A picklable callable (it runs in worker processes on large syncs)."""

    def __init__(self, config: Config):
        self.config = config
        self._settings = None  # checks.local.Settings, made on the first check

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_settings": None}  # a worker makes its own

    def __call__(self, rel: str, data: bytes, checks: bool = True) -> Note:
        from plainnet.notes.parse import parse_note  # (not at import: an unchanged vault parses nothing)

        if b"plainnet: generated" in data[:4096]:  # an agenda note plainnet wrote: nothing to take in
            from plainnet.notes.generated import generated_note, is_generated

            if is_generated(data):
                return generated_note(rel)
        note = parse_note(rel, data, self.config.type_for_folder)
        if note.front_matter:
            from plainnet.rules.values import check_values

            check_values(note)  # (cheap, and data findings are reported even when checks wait)
        if checks:
            self.check(note)
        else:
            note.checked = False  # type: ignore[attr-defined]
        return note

    def check(self, note: Note) -> list:
        """Run the per-note checks on a parsed note; returns the findings they added."""
        from plainnet.rules.local import Settings, local_findings
        from plainnet.rules.registry import silenced

        if getattr(note, "generated", False):
            return []
        if self._settings is None:
            self._settings = Settings(self.config)
        found = local_findings(note, self.config, self._settings)
        note.findings.extend(found)
        note.silenced = silenced(note.front_matter, note.body)  # type: ignore[attr-defined]
        note.checked = True  # type: ignore[attr-defined]
        return found
