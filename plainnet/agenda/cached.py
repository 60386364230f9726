"""The agenda a command prints: kept items, and the printed result cached beside the index.

An unchanged vault answers from the cache without decoding the items; after an edit only the
kept items around the changed notes are recomputed (`plainnet.agenda.kept_items`).
"""
from __future__ import annotations

from plainnet.agenda.items import item_from_json
from plainnet.index import cache as resultcache


def cached_agenda(vault, *, days: int | None = None, as_json: bool = False):
    """The unfiltered agenda, kept in the index (plainnet.incremental) and updated around what changed.

    Returns the items, or with `as_json` the exact text `agenda --json` prints. On 10,000 notes
    building the network costs about a second; the morning `plainnet` on a vault nobody touched
    since costs the stat walk the index does anyway (the printed result is cached beside the
    index, its first line holding what the items need beyond it: the contact's path, the calendar
    identity), and after an edit only the edited notes' neighbourhood is recomputed."""
    import json

    from plainnet.agenda.kept_items import KeptAgenda, items_from_rows
    from plainnet.render import json_texts

    key = resultcache.cache_key(vault, "agenda", days)
    if key:
        stored = resultcache.read(vault, "agenda-cache.json", key)
        if stored is not None:
            extra, _, text = stored.partition("\n")
            if as_json:
                return text
            try:
                data = json.loads(text)["items"]
                return [item_from_json(d, pp, uk) for d, (pp, uk) in zip(data, json.loads(extra), strict=True)]
            except (ValueError, KeyError, TypeError):
                pass
    kept = KeptAgenda(vault, days)
    kept.refresh()
    rows = kept.rows()
    text = json_texts({"today": vault.today.isoformat()}, "items", [t for t, _, _ in rows])
    if key:
        extra = json.dumps([[pp, uk] for _, pp, uk in rows], ensure_ascii=False)
        resultcache.write(vault, "agenda-cache.json", key, extra + "\n", text)
    return text if as_json else items_from_rows(rows)


def cached_agenda_text(vault, *, days: int | None = None) -> str:
    """The plain-text agenda (render.agenda_plain of cached_agenda), itself cached beside the index:
    `plainnet agenda | less` on an unchanged vault decodes and renders nothing."""
    from plainnet.render import agenda_plain

    return resultcache.cached_text(vault, "agenda-cache.txt",
                                   lambda: agenda_plain(cached_agenda(vault, days=days), vault.today), "agenda-text", days)
