"""A note's whole story for `show`: the card, the derived last contact and next due date, open
follow-ups both ways, a timeline, introductions and backlinks.

Pure functions over the network (plainnet.network) and the index's link rows; the only file reads
are the lines that link here (to quote them). Text is cleaned of control characters before it
reaches a terminal: a note is user data, not terminal escape codes.
"""
from __future__ import annotations

import re
from datetime import date

from plainnet.notes.links import display_text
from plainnet.notes.plaintext import clean, plain_value  # noqa: F401  (re-exported)

#: words that say a follow-up is the other person's promise, not yours ("Bob to send the deck",
#: "waiting for the quote", "she promised an intro")
_THEIRS = re.compile(r"^\s*(?:waiting (?:for|on)|wait for|expect(?:ing)?|chase|remind \S+ (?:about|of))\b"
                     r"|\b(?:promised|will send me|owes me|to send me|to get back to me|is sending|said (?:she|he|they)'?ll)\b",
                     re.IGNORECASE)


def is_theirs(text: str, name_words: list[str]) -> bool:
    """Whether a follow-up is what *they* promised: "waiting for …", "… promised …", or a text that
    starts with their name followed by "to"/"will" ("Bob to send the budget")."""
    if _THEIRS.search(text):
        return True
    low = text.strip().casefold()
    return any(low.startswith(n + " to ") or low.startswith(n + " will ") for n in name_words if n)


def _names(person, note) -> list[str]:
    out = [note.title.casefold()]
    if person is not None:
        out.append(person.name.casefold())
        first = person.name.split()[0].casefold() if person.name.split() else ""
        if len(first) >= 3:
            out.append(first)
    out += [a.casefold() for a in (note.aliases or []) if isinstance(a, str)]
    return out


def _ledger(fm: dict, key: str) -> list[tuple[str | None, str, int]]:
    """(date or None, what, index) of each `gave`/`got` entry."""
    items = fm.get(key)
    out = []
    for i, item in enumerate(items if isinstance(items, list) else ([items] if items else [])):
        if isinstance(item, dict):
            d = item.get("date")
            out.append((str(d) if d else None, plain_value(item.get("what") or item.get("text") or ""), i))
        elif item not in (None, ""):
            out.append((None, plain_value(item), i))
    return out


def _line_text(root, path: str, lines: set[int], cache: dict) -> dict[int, str]:
    """The text of some lines of a vault file (1-based), read once per file."""
    if path not in cache:
        try:
            cache[path] = (root / path).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
        except OSError:
            cache[path] = []
    text = cache[path]
    return {n: clean(text[n - 1]).strip() for n in lines if 0 < n <= len(text)}


def backlinks(vault, path: str) -> list[dict]:
    """Every line elsewhere in the vault whose link resolves to `path`, by note then line."""
    rows = vault.index.query(
        "SELECT l.path, l.line, l.place, l.key, n.title, n.type FROM links l LEFT JOIN notes n ON n.path = l.path "
        "WHERE l.resolved = ? AND l.path != ? ORDER BY l.path, l.line", (path, path))
    by_note: dict[str, set] = {}
    for src, line, _place, _key, _t, _ty in rows:
        by_note.setdefault(src, set()).add(line)
    cache: dict = {}
    out, seen = [], set()
    for src, line, place, key, title, type_ in rows:
        if (src, line) in seen:
            continue
        seen.add((src, line))
        text = _line_text(vault.root, src, {line}, cache).get(line, "")
        out.append({"path": src, "title": title, "type": type_, "line": line, "in": place, "key": key,
                    "text": text})
    return out


def _fu_json(f, theirs: bool) -> dict:
    return {"path": f.path, "line": f.line, "what": clean(display_text(f.what)),
            "due": f.due.isoformat() if f.due else None, "who": "them" if theirs else "you"}


def neighbourhood(vault, path: str) -> set[str]:
    """The notes a story needs: the note, the notes linking to it (events attended, follow-ups
    about it, introductions), the notes it links to (an event's attendees), the notes linking to
    those (their own last contact), and all attendees of the events among these."""
    def sources(paths):
        return {p for (p,) in vault.index.rows_in("SELECT DISTINCT path FROM links WHERE resolved IN ({})", sorted(paths))}

    from plainnet.incremental import named_by, naming

    # the meetings that name it as a plain-text attendee count as much as those that link it
    out = {path} | sources([path]) | naming(vault, {path})
    ahead = {r for (r,) in vault.index.query("SELECT DISTINCT resolved FROM links WHERE path = ? AND resolved != ''",
                                             (path,))}
    out |= ahead | sources(ahead)
    # every attendee of the events among them, linked or written as a plain name: who else was
    # there decides whom a follow-up written in an event is about

    events = {p for (p,) in vault.index.rows_in("SELECT path FROM notes WHERE type = 'event' AND path IN ({})",
                                                sorted(out))}
    return out | named_by(vault, events) if events else out


def whole_story(vault, path: str, net=None) -> dict:
    """The derived parts of `show` for the note at `path` (to merge into show's dict). Without a
    network it builds one from the note's neighbourhood only (the same answer, read from a few
    notes' rows instead of the whole vault's)."""
    from plainnet.network import build_network

    if net is None:
        from plainnet.incremental import Subset

        net = build_network(Subset(vault, neighbourhood(vault, path)))
    row = vault._note_row(path)
    fm = row.front_matter if row else {}
    person = net.people.get(path)
    out: dict = {"card": [{"key": k, "value": plain_value(v)} for k, v in fm.items()
                          if k not in ("type", "tags", "aliases") and plain_value(v) != ""]}
    # follow-ups: about this contact wherever written, or written in this note
    names = _names(person, row) if row else []
    follow = [f for f in net.follow_ups if not f.done and (f.person == path or f.path == path)]
    follow.sort(key=lambda f: (f.due or date.max, f.path, f.line))
    owe = [_fu_json(f, False) for f in follow if not is_theirs(f.what, names)]
    promised = [_fu_json(f, True) for f in follow if is_theirs(f.what, names)]
    out["follow_ups"] = {"you_owe": owe, "they_promised": promised}
    timeline: list[dict] = []
    if person is not None:
        last = person.last_contact
        out["last_contact"] = last.isoformat() if last else None
        out["cadence"] = person.cadence_text or None
        nxt = last + person.cadence if last and person.cadence else None
        out["next_due"] = nxt.isoformat() if nxt else None
        out["overdue_days"] = (net.today - nxt).days if nxt and nxt < net.today else 0
        out["met"] = {"date": person.met.isoformat() if person.met else None, "event": person.met_event}
        for e in net.events_of(path):
            when = "planned" if e.planned else ("cancelled" if e.cancelled else "attended")
            timeline.append({"date": e.date.isoformat(), "kind": "event", "what": f"{when} {e.note.title}",
                             "path": e.path, "line": 1})
        lc_field = fm.get("last_contact")
        from plainnet.notes.dates import try_date

        if try_date(lc_field) is not None and row is not None:  # (a bad date is a finding, shown below)
            timeline.append({"date": str(lc_field), "kind": "last_contact", "what": "last contact (the field)",
                             "path": path, "line": row.line_of("last_contact")})
        for d, what, i in _ledger(fm, "gave"):
            timeline.append({"date": d, "kind": "gave", "what": f"you gave: {what}", "path": path,
                             "line": row.line_of("gave", i) if row else 1})
        for d, what, i in _ledger(fm, "got"):
            timeline.append({"date": d, "kind": "got", "what": f"you got: {what}", "path": path,
                             "line": row.line_of("got", i) if row else 1})
        for f in net.follow_ups:
            if f.done and f.person == path and f.done_date:
                timeline.append({"date": f.done_date.isoformat(), "kind": "done",
                                 "what": f"done: {clean(display_text(f.what))}", "path": f.path, "line": f.line})
        ib = [(p, k) for p, k in vault.index.query(
            "SELECT resolved, target FROM links WHERE path = ? AND place = 'front_matter' AND key = 'introduced_by'",
            (path,))]
        out["introduced_by"] = [{"path": r or None, "title": net.titles.get(r, t) if r else t} for r, t in ib]
        out["introduced"] = [{"path": p, "title": net.titles.get(p, p)} for (p,) in vault.index.query(
            "SELECT DISTINCT path FROM links WHERE place = 'front_matter' AND key = 'introduced_by' AND resolved = ? "
            "AND path != ? ORDER BY path", (path, path))]
    ev = net.events.get(path)
    if ev is not None:
        out["attendees"] = []
        for a in ev.attendees:
            p = net.people[a]
            out["attendees"].append({"path": a, "title": p.note.title,
                                     "last_contact": p.last_contact.isoformat() if p.last_contact else None})
        out["unresolved_attendees"] = [clean(x) for x in ev.unresolved]
        out["date"] = ev.date.isoformat() if ev.date else None
        out["status"] = "planned" if ev.planned else ("cancelled" if ev.cancelled else "past")
    if path in net.groups:
        evs = sorted((e for e in net.events.values() if e.group == path), key=lambda e: (e.date or date.min),
                     reverse=True)
        for e in evs:
            timeline.append({"date": e.date.isoformat() if e.date else None, "kind": "event",
                             "what": e.note.title, "path": e.path, "line": 1})
    for e in vault.index.query("SELECT date, text, line FROM log WHERE path = ?", (path,)):
        timeline.append({"date": e[0], "kind": "log", "what": clean(display_text(e[1])), "path": path, "line": e[2]})
    timeline.sort(key=lambda t: (t["date"] or "", t["kind"], t["line"]), reverse=True)
    out["timeline"] = timeline
    out["backlinks"] = backlinks(vault, path)
    return out


def story_text(data: dict) -> str:
    """`show` for a terminal: plain lines, no Python reprs."""
    out = [f"{clean(data['title'])}  ({data['type'] or 'note'})  {data['path']}"]
    for item in data.get("card", []):
        out.append(f"  {item['key']}: {item['value']}")
    if data.get("aliases"):
        out.append("  aka: " + ", ".join(clean(a) for a in data["aliases"]))
    if data.get("tags"):
        out.append("  tags: " + " ".join("#" + clean(t) for t in data["tags"]))
    if "last_contact" in data:
        lc = data["last_contact"] or "never"
        line = f"Last contact: {lc}"
        if data.get("next_due"):
            late = data.get("overdue_days") or 0
            line += f"; next due {data['next_due']} (cadence {data['cadence']})" + (f", {late} days late" if late else "")
        elif data.get("cadence"):
            line += f"; cadence {data['cadence']}"
        out.append(line)
    if data.get("introduced_by"):
        out.append("Introduced by: " + ", ".join(i["title"] for i in data["introduced_by"]))
    if data.get("introduced"):
        out.append("Introduced you to: " + ", ".join(i["title"] for i in data["introduced"]))
    if "attendees" in data:
        out.append(f"When: {data.get('date') or 'no date'} ({data.get('status')})")
        out.append("Attendees:" if data["attendees"] or data["unresolved_attendees"] else "Attendees: none")
        for a in data["attendees"]:
            out.append(f"  {a['title']}  (last contact {a['last_contact'] or 'never'})")
        for a in data["unresolved_attendees"]:
            out.append(f"  {a}  (no note)")
    fu = data.get("follow_ups") or {}
    mine = "You owe" if data.get("type") == "contact" else "Open follow-ups"
    for key, head in (("you_owe", mine), ("they_promised", "They promised")):
        if fu.get(key):
            out.append(f"{head}:")
            for f in fu[key]:
                out.append(f"  {f['due'] or 'no date':10}  {f['what']}  {f['path']}:{f['line']}")
    if data.get("timeline"):
        out.append("Timeline:")
        for t in data["timeline"]:
            out.append(f"  {t['date'] or '':10}  {t['what']}  {t['path']}:{t['line']}")
    if data.get("backlinks"):
        out.append("Linked from:")
        for b in data["backlinks"]:
            out.append(f"  {b['path']}:{b['line']}  {b['text'][:100]}")
    broken = [l for l in data.get("links", []) if not l.get("resolved")]
    for l in broken:
        out.append(f"  line {l['line']}: link to no note [[{clean(l['target'])}]]")
    for f in data.get("findings", []):
        out.append(f"{data['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} {clean(f['message'])}")
    return "\n".join(out)
