"""The check's findings kept in the index between commands, updated around the notes that changed
(the machinery is plainnet.incremental's; this says what a note's findings depend on).

A finding belongs to the note it is reported in (data-duplicate and skipped files, which belong
to no single note, are computed afresh by every run). After note X changed, the notes whose
findings can differ are X and, along the relations the network records (an event to its
attendees and group, a contact to where you met, a note to the people its follow-ups are about):

- what X relates to and what relates to X (homework, card stack, stay in touch, group attendance);
- what relates to those that relate to X (an earlier event of one of X's attendees decides
  whether you knew them already: only-known-people);
- what relates to what X relates to (who else's follow-ups decide social-only-followup).

Computing their findings needs each one, what relates to it (a contact's events) and what relates
to its relations (an attendee's other events), with everything those relate to (plainnet.incremental
adds that: an attendee's met event, each event's other attendees).
Whether the vault links events to groups at all is a fact about the whole vault (group-lapsed
judges no group otherwise): when it changes, everything is recomputed.
"""
from __future__ import annotations

from plainnet.incremental import Kept

ORDER = "path, line, col, rule, message, severity"  # notes.findings.finding_order


def duplicate_pairs(vault, paths=None) -> list[tuple[str, str]]:
    """(a, b) for every two contacts that share an identity (see Vault.duplicates), a in `paths`."""
    sql = ("SELECT DISTINCT a.path, b.path FROM idents a JOIN idents b ON a.kind = b.kind AND a.key = b.key "
           "AND a.path != b.path")
    if paths is None:
        return vault.index.query(sql)
    marks = ",".join("?" * len(paths))
    return vault.index.query(f"{sql} WHERE a.path IN ({marks})", tuple(paths)) if paths else []

class KeptFindings(Kept):
    """The owned findings (compute.owned_findings) of a synced vault, kept current in its index."""

    WHAT = "findings"
    BEFORE = ("o", "i", "ii", "oi")
    AROUND = ("o", "i", "oi")

    def refresh(self, force_full: bool = False) -> str:
        self.vault.complete_checks()  # (notes a small sync parsed without their per-note checks)
        return super().refresh(force_full)

    def findings(self) -> list:
        from plainnet.notes.findings import make_finding

        if self._fallback is not None:
            return list(self._fallback)
        return [make_finding(p, l, r, m, s, c) for p, l, c, r, m, s in self.conn.execute(
            f"SELECT path, line, col, rule, message, severity FROM kept_findings ORDER BY {ORDER}")]

    def lines(self) -> list[tuple[str, str]]:
        """(severity, JSON line as check --format json prints it) of each finding, in order."""
        if self._fallback is not None:
            return [(sev, line) for _k, sev, line in self.ordered_lines()]
        return self.conn.execute(f"SELECT severity, json FROM kept_findings ORDER BY {ORDER}").fetchall()

    def ordered_lines(self) -> list[tuple[tuple, str, str]]:
        """(sort key, severity, JSON line as check --format json prints it) of each finding, in order."""
        from plainnet.notes.findings import finding_order, json_line

        if self._fallback is not None:
            return [(finding_order(f), f.severity, json_line(f)) for f in self._fallback]
        return [(k[:6], k[5], k[6]) for k in self.conn.execute(
            f"SELECT path, line, col, rule, message, severity, json FROM kept_findings ORDER BY {ORDER}")]

    def lines_of(self, paths) -> list[tuple[str, tuple, str]]:
        """(path, sort key, JSON line as check --format json prints it) of the findings of `paths`."""
        return [(r[0], tuple(r[:6]), r[6]) for r in self.vault.index.rows_in(
            "SELECT path, line, col, rule, message, severity, json FROM kept_findings WHERE path IN ({})", sorted(paths))]

    def _extra(self) -> dict:
        return {"groups": self._groups_recorded()}

    def _plan(self, changed: set, state: dict):
        """Rebuild everything when whether the vault links events to groups may have flipped: only
        an event or a group changing can flip it (a type change rebuilds anyway)."""
        if len(changed) > self.MAX_CHANGED:
            return None
        if changed:
            marks = ",".join("?" * len(changed))
            types = {t for (t,) in self.conn.execute(f"SELECT type FROM notes WHERE path IN ({marks})", tuple(changed))}
            if types & {"event", "group"} and self._groups_recorded() != state.get("groups"):
                return None
        return super()._plan(changed, state)

    def _groups_recorded(self) -> bool:
        """Whether some event's `group:` links to a group note (see habits.group_lapsed)."""
        row = self.conn.execute(
            "SELECT 1 FROM notes e JOIN links l ON l.path = e.path AND l.place = 'front_matter' "
            "AND l.key = 'group' AND l.target = json_extract(e.facts, '$.group') "
            "JOIN notes g ON g.path = l.resolved AND g.type = 'group' WHERE e.type = 'event' LIMIT 1").fetchone()
        return row is not None

    def _relations(self, net, paths):
        """The network's relations, and each contact's duplicates (two notes for one person): a
        change to one changes the other's data-duplicate finding."""
        rel = super()._relations(net, paths)
        for a, b in duplicate_pairs(self.vault, paths):
            rel.setdefault(a, set()).add(b)
        return rel

    def _compute(self, vault, owners):
        from plainnet.checks.compute import owned_findings
        from plainnet.network import build_network

        if owners is not None and not owners:  # only the network is wanted
            return [], build_network(vault)
        return owned_findings(vault, owners, groups_recorded=None if owners is None else self._groups_recorded())

    def _store(self, conn, rows) -> None:
        from plainnet.notes.findings import json_line

        conn.executemany("INSERT INTO kept_findings VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(f.path, f.line, f.column, f.rule, f.severity, f.message, json_line(f)) for f in rows])

    def _drop(self, conn, owners) -> None:
        if owners is None:
            conn.execute("DELETE FROM kept_findings")
        else:
            conn.executemany("DELETE FROM kept_findings WHERE path = ?", [(p,) for p in owners])
