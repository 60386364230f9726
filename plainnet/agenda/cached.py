"""The agenda a command prints: kept items, and the printed result cached beside the index.

An unchanged vault answers from the cache without decoding the items; after an edit only the
kept items around the changed notes are recomputed (`plainnet.agenda.kept_items`).
"""
from __future__ import annotations

from plainnet.agenda.items import item_from_json, quiet_counts, quiet_lines
from plainnet.index import cache as resultcache
from plainnet.render import Printed


def cached_agenda(vault, *, days: int | None = None, as_json: bool = False, as_bytes: bool = False):
    """The unfiltered agenda, kept in the index (plainnet.incremental) and updated around what changed.

    Returns the items, or with `as_json` the exact text `agenda --json` prints (with `as_bytes`,
    as the UTF-8 bytes it prints, control characters escaped: an unchanged vault's are the cache
    file's, never decoded). On 10,000 notes
    building the network costs about a second; the morning `plainnet` on a vault nobody touched
    since costs the stat walk the index does anyway (the printed result is cached beside the
    index, its first line holding what the items need beyond it: the contact's path, the calendar
    identity), and after an edit only the edited notes' neighbourhood is recomputed."""
    result = resultcache.cached(vault, "agenda-cache.json", ("agenda", days), lambda: kept_agenda(vault, days),
                                dump=AgendaResult.dump, load=AgendaResult.load, binary=True)
    if as_bytes:
        return result.data
    if as_json:
        return result.text
    try:
        return result.items()
    except (ValueError, KeyError, TypeError):  # a damaged cache file: compute afresh
        return kept_agenda(vault, days).items()


class AgendaResult(Printed):
    """The unfiltered agenda as `agenda --json` prints it, and what its items need beyond the
    JSON (each contact's path and calendar identity); the Items are built only when asked for.
    The cache file holds the text as printed (terminal-safe), so it is copied out as bytes."""

    def __init__(self, text: str | None, extra: str, rows=None, data: bytes | None = None):
        self._text, self.extra, self.rows, self._data = text, extra, rows, data

    def items(self) -> list:
        import json

        if self.rows is not None:
            from plainnet.agenda.kept_items import items_from_rows

            return items_from_rows(self.rows)
        data = json.loads(self.text)["items"]
        return [item_from_json(d, pp, uk) for d, (pp, uk) in zip(data, json.loads(self.extra), strict=True)]

    def dump(self) -> tuple[str, str]:
        from plainnet.render import terminal_safe

        return self.extra + "\n", terminal_safe(self.text)

    @classmethod
    def load(cls, stored: bytes) -> "AgendaResult":
        extra, _, data = stored.partition(b"\n")
        if not data.startswith(b"{") or not data.endswith(b"}"):
            raise ValueError("not an agenda")
        return cls(None, extra.decode("utf-8"), data=data)


def kept_agenda(vault, days: int | None) -> AgendaResult:
    """The agenda from its kept items, refreshed around what changed."""
    import json

    from plainnet.agenda.kept_items import KeptAgenda
    from plainnet.render import json_texts

    kept = KeptAgenda(vault, days)
    kept.refresh()
    rows = kept.rows()
    text = json_texts({"today": vault.today.isoformat(), **quiet_counts(vault)}, "items", [t for t, _, _ in rows])
    return AgendaResult(text, json.dumps([[pp, uk] for _, pp, uk in rows], ensure_ascii=False), rows)


def cached_agenda_text(vault, *, days: int | None = None, limit: int | None = None) -> str:
    """The plain-text agenda (render.agenda_plain of cached_agenda), itself cached beside the index:
    `plainnet agenda | less` on an unchanged vault decodes and renders nothing."""
    from plainnet.render import agenda_plain

    return resultcache.cached(vault, "agenda-cache.txt", ("agenda-text", days, limit),
                              lambda: agenda_plain(cached_agenda(vault, days=days), vault.today,
                                                   quiet_lines(quiet_counts(vault)), limit))
