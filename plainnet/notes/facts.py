"""The few fields each kind of note contributes to the network, extracted once at index time.

Commands on an unchanged vault read these small rows instead of decoding every note's front
matter: that is what keeps `agenda` and `check` near the cost of a stat walk on 10,000 notes.
"""
from __future__ import annotations

from functools import lru_cache

from plainnet.notes.dates import try_date
from plainnet.notes.links import WIKILINK_RE, norm, split_wikilink


def link_target(value) -> str | None:
    """The target of a front-matter value that is a link (quoted, or the unquoted nested-list form)."""
    if isinstance(value, list) and len(value) == 1:
        inner = value[0]
        if isinstance(inner, list) and len(inner) == 1 and isinstance(inner[0], str):
            return inner[0].strip()
        value = inner
    if isinstance(value, str):
        m = WIKILINK_RE.search(value)
        if m:
            return split_wikilink(m.group(2))[0]
    return None


def link_targets(value) -> list[str]:
    """Every link target in a value (a list of links, one link, or plain names typed without brackets)."""
    out = []
    if isinstance(value, list):
        for v in value:
            if isinstance(v, list) and len(v) == 1 and isinstance(v[0], str):
                out.append(v[0].strip())
            else:
                out.extend(link_targets(v))
    elif isinstance(value, str):
        for m in WIKILINK_RE.finditer(value):
            out.append(split_wikilink(m.group(2))[0])
        if not out and value.strip() and "[[" not in value:
            out.append(value.strip())
    return out


def text_list(value) -> list[str]:
    """objectives as a list of non-empty strings (a single string counts as one)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return []


def filled(value) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def _iso(value) -> str | None:
    d = try_date(value)
    return d.isoformat() if d else None


def _truthy_done(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "no", "0", "n", "off")
    return bool(value)


def _group_target(value) -> str | None:
    """An event's group: a link, or a group's name typed without brackets (`group: Toastmasters`)."""
    target = link_target(value)
    if target is None and isinstance(value, str) and value.strip() and "[[" not in value:
        return value.strip()
    return target


def quiet_facts(note) -> dict:
    """What keeps a contact or event off the agenda and out of the habit checks: `snooze_until:`,
    `status: archived`, `triage: pending` (imported as history, not yet triaged) and the rules
    `plainnet_ignore:` silences (read as checks.rules.silenced reads it; the checks are not
    imported here, to keep indexing for the agenda lean)."""
    import re

    fm = note.front_matter
    value = fm.get("plainnet_ignore")
    ignore: set = set()
    for item in value if isinstance(value, (list, tuple)) else [value] if value else []:
        if isinstance(item, str):
            ignore.update(x for x in re.split(r"[\s,]+", item) if x)
    return {
        "snooze_until": _iso(fm.get("snooze_until")),
        "archived": str(fm.get("status") or "").strip().lower() == "archived",
        "untriaged": str(fm.get("triage") or "").strip().lower() == "pending",
        "triaged": str(fm.get("triage") or "").strip().lower() == "done",
        "ignore": ["all"] if "all" in ignore else sorted(ignore),
    }


def _yearly(fm) -> list:
    from plainnet.notes.yearly import entries

    return entries(fm)


def note_facts(note) -> dict | None:
    fm = note.front_matter
    if note.type == "contact":
        emails = []
        for key in ("email", "emails"):  # import puts further addresses in `emails`
            v = fm.get(key)
            emails += v if isinstance(v, list) else [v]
        dates = []
        for key in ("gave", "got"):
            items = fm.get(key)
            for item in items if isinstance(items, list) else []:
                day = _iso(item.get("date")) if isinstance(item, dict) else None
                if day:
                    dates.append(day)
        met_link = link_target(fm.get("met"))
        name = fm.get("name")
        cadence = fm.get("cadence")
        return {
            "name": name.strip() if isinstance(name, str) and name.strip() else None,
            # `cadence: off`/`false` is "never" (it overrides default_cadence); empty is "the default";
            # anything else is kept as written (a value that is no cadence is a data-cadence finding)
            "cadence": "never" if cadence is False else None if cadence in (None, "") else
            cadence if isinstance(cadence, (str, int)) and not isinstance(cadence, bool) else str(cadence),
            "last_contact": _iso(fm.get("last_contact")),
            "dates": sorted(dates),
            "met": None if met_link else _iso(fm.get("met")),
            "met_link": met_link,
            "offer": filled(fm.get("offer")),
            "need": filled(fm.get("need")),
            "emails": [e.strip().casefold() for e in emails if isinstance(e, str) and "@" in e],
            **quiet_facts(note),
            "yearly": _yearly(fm),
        }
    if note.type == "event":
        return {
            "date": _iso(fm.get("date")),
            "status": str(fm.get("status") or "").strip().lower(),
            "kind": str(fm.get("kind") or "").strip().lower(),
            "objectives": len(text_list(fm.get("objectives"))),
            "attendees": link_targets(fm.get("attendees")),
            "group": _group_target(fm.get("group")),
            "ignore": quiet_facts(note)["ignore"],
        }
    if note.type in ("group", "pitch"):
        return {}
    return None


def front_matter_follow_ups(note) -> list[tuple]:
    """`follow_ups` entries as task-like tuples: (line, what, status, due, done_date, index)."""
    out = []
    items = note.front_matter.get("follow_ups")
    for i, item in enumerate(items if isinstance(items, list) else []):
        line = note.line_of("follow_ups", i)
        if isinstance(item, dict):
            what = str(item.get("what") or item.get("text") or "").strip()
            done = item.get("done")
            status = "x" if _truthy_done(done) else " "
            done_date = _iso(done) if not isinstance(done, bool) else None
            out.append((line, what, status, _iso(item.get("due")), done_date, i))
        elif isinstance(item, str) and item.strip():
            out.append((line, item.strip(), " ", None, None, i))
    return out


@lru_cache(maxsize=1 << 16)
def target_key(target: str) -> str:
    """What a name change can affect: the normalised last path component, without `.md`. Memoised,
    as norm is: it runs for every link of every note."""
    t = norm(target).replace("\\", "/").rsplit("/", 1)[-1]
    return t[:-3] if t.endswith(".md") else t
