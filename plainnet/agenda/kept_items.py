"""The agenda kept in the index between commands, updated around the notes that changed.

Every agenda item belongs to the note it is written in, and depends on that note and its
neighbours; `plainnet.incremental` keeps the rows and recomputes only around changed notes.
`plainnet agenda` and `plainnet watch` share the kept items, so a save seen by the watch costs
the next command nothing.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from plainnet.agenda.items import SECTIONS, agenda_for, item_from_json
from plainnet.incremental import Kept

FAR = date.max.isoformat()


def _rank() -> dict:
    return {s: i for i, s in enumerate(SECTIONS + ("later",))}


def _item_text(item) -> str:
    """One item as `agenda --json` prints it: json.dumps(item.to_json(), ensure_ascii=False),
    written with the C string encoder (133,000 items at 100,000 notes)."""
    from json.encoder import encode_basestring as q

    due = f'"{item.due.isoformat()}"' if item.due else "null"
    person = q(item.person) if item.person is not None else "null"
    return (f'{{"section": {q(item.section)}, "due": {due}, "what": {q(item.what)}, "note": {q(item.note)}, '
            f'"path": {q(item.path)}, "line": {int(item.line)}, "why": {q(item.why)}, "person": {person}}}')


def items_from_rows(rows) -> list:
    # one decode of the whole array: 10,000 json.loads calls cost twice as much
    data = json.loads("[" + ",".join(t for t, _pp, _uk in rows) + "]")
    return [item_from_json(d, pp, uk) for d, (_t, pp, uk) in zip(data, rows)]


class ItemRows(Sequence):
    """Items decoded from kept rows on first use (watch --json needs only their text)."""

    def __init__(self, rows):
        self._rows, self._items = rows, None

    def _load(self) -> list:
        if self._items is None:
            self._items = items_from_rows(self._rows)
        return self._items

    def __getitem__(self, i):
        return self._load()[i]

    def __len__(self) -> int:
        return len(self._rows)



# ---------------------------------------------------------------- the kept agenda


class KeptAgenda(Kept):
    """The unfiltered agenda of a synced vault, kept current in its index.

        kept = KeptAgenda(vault, days=None)
        kept.refresh()        # "kept" (nothing changed), "incremental" or "full"
        kept.texts()          # each item as agenda --json prints it, in agenda order
        kept.items()          # the Items (later=True: and the follow-ups due after the window)

    Every item belongs to the note it is written in. Its items depend on the note, what relates to
    it (a contact's events) and everything those relate to (the event where an attendee met you,
    the other attendees of a contact's events)."""

    WHAT = "agenda"
    BEFORE = ("o", "i")
    AROUND = ("i",)

    def __init__(self, vault, days: int | None = None):
        super().__init__(vault, days)
        self.days = days
        # (rank, due, path, line) of the printed items the last refresh replaced, so that a printed
        # agenda can be patched (agenda.cached); None: every item was replaced
        self.dropped: list | None = []

    def rows(self, later: bool = False) -> list[tuple[str, str | None, str]]:
        """(item as agenda --json prints it, its contact's path, its calendar identity), in agenda
        order; with `later`, also the follow-ups due after the agenda's window (for calendars)."""
        return self.select(later=later)

    def select(self, sections=(), people=None, tagged=None, later: bool = False) -> list[tuple[str, str | None, str]]:
        """rows() of some `sections` (every section when empty) whose item is written in or about
        one of `people` and one of `tagged` (paths; None: anyone), read without decoding the rest:
        `agenda --section overdue` on 100,000 notes reads only the overdue rows."""
        rank = _rank()
        wanted = sorted({rank[s] for s in sections}) if sections else list(range(rank["later"] + later))
        filtered = people is not None or tagged is not None
        if self._fallback is not None:
            rows = [(_item_text(i), i.person_path, i.uid_key, i.path) for i in self._fallback
                    if rank.get(i.section, len(rank)) in wanted]
            if not filtered:
                return [r[:3] for r in rows]
        else:
            marks = ",".join("?" * len(wanted))
            rows = self.conn.execute(f"SELECT json, person_path, uid_key{', path' if filtered else ''} FROM kept_items "
                                     f"WHERE rank IN ({marks}) ORDER BY rank, due, path, line, seq", wanted).fetchall()
            if not filtered:
                return rows
        return [(t, pp, uk) for t, pp, uk, path in rows
                if (people is None or pp in people or path in people)
                and (tagged is None or pp in tagged or path in tagged)]

    def rows_of(self, paths) -> list[tuple]:
        """(rank, due, path, line, item as printed, contact's path, calendar identity) of the
        printed items written in `paths`, each note's in agenda order."""
        later = _rank()["later"]
        return list(self.vault.index.rows_in(
            "SELECT rank, due, path, line, json, person_path, uid_key FROM kept_items "
            f"WHERE rank < {later} AND path IN ({{}}) ORDER BY rank, due, path, line, seq", sorted(paths)))

    def texts(self) -> list[str]:
        return [t for t, _, _ in self.rows()]

    def items(self, later: bool = False) -> list:
        return items_from_rows(self.rows(later))

    def _compute(self, vault, owners):
        items, net = agenda_for(vault, days=self.days, include_later=True)
        return (items if owners is None else [i for i in items if i.path in owners]), net

    def _store(self, conn, rows) -> None:
        rank = _rank()
        conn.executemany("INSERT INTO kept_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            (i.path, rank.get(i.section, len(rank)), i.due.isoformat() if i.due else FAR, i.line, n,
             _item_text(i), i.person_path, i.uid_key) for n, i in enumerate(rows)])

    def _drop(self, conn, owners) -> None:
        if owners is None:
            self.dropped = None
            conn.execute("DELETE FROM kept_items")
        else:
            self.dropped = [r[:4] for r in self.rows_of(owners)]
            conn.executemany("DELETE FROM kept_items WHERE path = ?", [(p,) for p in owners])
