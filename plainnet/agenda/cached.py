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
    JSON (each contact's path and calendar identity, one `[path, identity]` line per item); the
    Items are built only when asked for. The cache file holds a header line (the kept state the
    result was made from, the size of the block of identities), the identities, and the text as
    printed (terminal-safe), so it is copied out as bytes and can be patched after an edit."""

    def __init__(self, text: str | None, extra: bytes, rows=None, data: bytes | None = None,
                 made_from: dict | None = None):
        self._text, self.extra, self.rows, self._data = text, extra, rows, data
        self.made_from = made_from or {}

    def items(self) -> list:
        import json

        if self.rows is not None:
            from plainnet.agenda.kept_items import items_from_rows

            return items_from_rows(self.rows)
        data = json.loads(self.text)["items"]
        extra = json.loads(b"[" + b",".join(self.extra.splitlines()) + b"]")
        return [item_from_json(d, pp, uk) for d, (pp, uk) in zip(data, extra, strict=True)]

    def dump(self) -> tuple[str, bytes, bytes]:
        import json

        return json.dumps({"extra": len(self.extra), **self.made_from}) + "\n", self.extra, self.data

    @classmethod
    def load(cls, stored: bytes) -> "AgendaResult":
        head, extra, data = _split_stored(stored)
        return cls(None, extra, data=data, made_from={k: v for k, v in head.items() if k != "extra"})


def _split_stored(stored: bytes) -> tuple[dict, bytes, bytes]:
    import json

    head_b, _, rest = stored.partition(b"\n")
    head = json.loads(head_b)
    size = head["extra"]
    extra, data = rest[:size], rest[size:]
    if not data.startswith(b"{") or not data.endswith(b"}") or (extra and not extra.endswith(b"\n")):
        raise ValueError("not an agenda")
    return head, extra, data


def _extra_line(person_path, uid_key) -> bytes:
    import json

    return json.dumps([person_path, uid_key], ensure_ascii=False).encode("utf-8") + b"\n"


def kept_agenda(vault, days: int | None) -> AgendaResult:
    """The agenda from its kept items, refreshed around what changed. After an incremental
    refresh the previous printed agenda is patched (`_patched`): only the items of the notes
    recomputed are taken out and put in, instead of reading and joining every item again."""
    from plainnet.agenda.kept_items import KeptAgenda
    from plainnet.render import json_texts

    kept = KeptAgenda(vault, days)
    before, made_from = kept.refresh_noted()
    head = {"today": vault.today.isoformat(), **quiet_counts(vault)}
    if kept.can_patch(before):
        try:
            patched = _patched(resultcache.read_stale(vault, "agenda-cache.json"), before, kept, head)
        except (ValueError, KeyError, TypeError, IndexError):  # a damaged file: assemble afresh
            patched = None
        if patched is not None:
            extra, data = patched
            return AgendaResult(None, extra, data=data, made_from=made_from)
    rows = kept.rows()
    text = json_texts(head, "items", [t for t, _, _ in rows])
    return AgendaResult(text, b"".join(_extra_line(pp, uk) for _, pp, uk in rows), rows, made_from=made_from)


def _patched(stored: bytes | None, before: dict, kept, head: dict) -> tuple[bytes, bytes] | None:
    """(identities, text as printed) of the previous agenda with the items of the notes the
    refresh recomputed taken out and their new items put in at their places, or None when it was
    not made from the kept state this refresh started from. The printed items are in kept order
    (section, due, path, line), so each place is found by bisection, decoding a few items only."""
    import bisect
    import json

    from plainnet.agenda.kept_items import FAR, _rank
    from plainnet.render import json_lines, terminal_safe

    if stored is None:
        return None
    meta, extra, data = _split_stored(stored)
    if not kept.made_from(meta, before):
        return None
    rank = _rank()
    start = data.index(b'"items": [') + len(b'"items": [')
    lines = data[start + 1:-3].split(b",\n") if data[start:start + 1] == b"\n" else []
    ids = extra.splitlines(keepends=True)
    if len(ids) != len(lines):
        return None

    def key(line: bytes) -> tuple:
        d = json.loads(line)
        return rank[d["section"]], d["due"] or FAR, d["path"], d["line"]

    for k in sorted(set(kept.dropped), reverse=True):  # from the end: earlier places stay put
        lo = bisect.bisect_left(lines, k, key=key)
        hi = bisect.bisect_right(lines, k, lo=lo, key=key)
        if lo == hi:
            return None  # not where the kept state says it was: assemble afresh
        del lines[lo:hi], ids[lo:hi]
    for *k, text, pp, uk in kept.rows_of(kept.owners):
        at = bisect.bisect_right(lines, tuple(k), key=key)
        lines.insert(at, b"  " + terminal_safe(text).encode("utf-8"))
        ids.insert(at, _extra_line(pp, uk))
    return b"".join(ids), json_lines(head, "items", lines, as_bytes=True)


def cached_agenda_text(vault, *, days: int | None = None, limit: int | None = None) -> str:
    """The plain-text agenda (render.agenda_plain of cached_agenda), itself cached beside the index:
    `plainnet agenda | less` on an unchanged vault decodes and renders nothing."""
    from plainnet.render import agenda_plain

    return resultcache.cached(vault, "agenda-cache.txt", ("agenda-text", days, limit),
                              lambda: agenda_plain(cached_agenda(vault, days=days), vault.today,
                                                   quiet_lines(quiet_counts(vault)), limit))
