"""`intro`: who can introduce you to a person, a company or a kind of person.

A path is you -> a bridge (a contact of yours) -> the target. What makes the bridge know the
target: one introduced the other (`introduced_by`), you met them together at an event, one's log
lines or gave/got entries link the other, or one's note links the other. What makes the bridge
a good one for you: recent contact, and reciprocity ("10 Signs That You're Doing Networking
Wrong": someone you have given to is more willing to give back). Recent evidence weighs more
(half as much every 180 days).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

HALF_LIFE = 180  # days after which a piece of evidence counts half
WEIGHTS = {"introduced": 3.0, "met together": 2.0, "log": 2.0, "gave/got": 1.5, "link": 1.0}


@dataclass
class Path:
    bridge: str
    target: str
    score: float
    why: list = field(default_factory=list)  # sentences

    def to_json(self, titles: dict) -> dict:
        return {"bridge": self.bridge, "bridge_title": titles.get(self.bridge, self.bridge), "target": self.target,
                "target_title": titles.get(self.target, self.target), "score": round(self.score, 3), "why": self.why}


def _recency(d: date | None, today: date) -> float:
    if d is None:
        return 0.3
    days = max(0, (today - d).days)
    return math.pow(0.5, days / HALF_LIFE)


def _contacts_where(vault, key: str, value: str) -> list[str]:
    """Contacts whose `key` field holds `value` (as `find key:value` matches), or with tag `value`."""
    from plainnet.search import Query, find

    q = Query(types=["contact"], tags=[value]) if key == "tag" else Query(types=["contact"], fields=[(key, value)])
    return sorted({h.path for h in find(vault, q, limit=None)})


def targets_of(vault, target: str) -> tuple[list[str], str]:
    """The contacts TARGET names (a person; `company:X`, `role:X`, `tag:X` or `#X`) and a label."""
    from plainnet.api import NoteNotFound

    key, sep, value = target.partition(":")
    if target.startswith("#"):
        key, sep, value = "tag", ":", target[1:]
    if sep and key in ("company", "role", "tag") and value.strip():
        value = value.strip()
        return _contacts_where(vault, key, value), f"{key} {value}"
    try:
        path = vault.lookup(target)
    except NoteNotFound:
        tagged = _contacts_where(vault, "tag", target)
        if tagged:
            return tagged, f"tag {target}"
        raise
    row = vault._note_row(path)
    if row is None or row.type != "contact":
        raise LookupError(f"{path} is not a contact; give a person, company:NAME, role:WORDS or tag:TAG")
    return [path], row.title


def _event_past(facts: dict, today: date):
    """An event's date when it took place (as the network counts attendance), else None."""
    from plainnet.notes.dates import try_date

    d = try_date(facts.get("date"))
    status = facts.get("status", "")
    if d is None or d > today or status in ("cancelled", "canceled"):
        return None
    if d == today and status != "done":
        return None  # still planned today
    return d


def _titles(vault, paths) -> dict[str, tuple[str, str | None]]:
    """path -> (title, type) of some notes."""
    return {p: (t, ty) for p, t, ty in vault.index.rows_in("SELECT path, title, type FROM notes WHERE path IN ({})",
                                                           sorted(set(paths)))}


def _people(vault, paths, today: date) -> dict[str, tuple]:
    """path -> (last contact, gave, got) for contacts among `paths`, derived as `show` derives the
    last contact from the field, dated gave/got entries, log lines, events attended and tasks done
    in their own note."""
    import json

    from plainnet.notes.dates import try_date

    paths = sorted(set(paths))
    out, last = {}, {}

    def bump(p, d):
        if d is not None and d <= today and (last.get(p) is None or d > last[p]):
            last[p] = d

    for path, facts, fm in vault.index.rows_in(
            "SELECT path, facts, json_object('gave', json_extract(fm, '$.gave'), 'got', json_extract(fm, '$.got')) "
            "FROM notes WHERE type = 'contact' AND path IN ({})", paths):
        f = json.loads(facts or "{}")
        data = json.loads(fm or "{}")
        out[path] = [None, *(len(v) if isinstance(v, list) else (1 if v else 0)
                             for v in (data.get("gave"), data.get("got")))]
        bump(path, try_date(f.get("last_contact")))
        for iso in f.get("dates", ()):
            bump(path, try_date(iso))
    keys = sorted(out)
    for path, d in vault.index.rows_in("SELECT path, max(date) FROM log WHERE path IN ({}) GROUP BY path", keys):
        bump(path, try_date(d))
    for path, d in vault.index.rows_in("SELECT path, max(done_date) FROM tasks WHERE path IN ({}) "
                                       "AND done_date IS NOT NULL GROUP BY path", keys):
        bump(path, try_date(d))
    for who, facts in vault.index.rows_in(
            "SELECT l.resolved, n.facts FROM links l JOIN notes n ON n.path = l.path WHERE l.place = 'front_matter' "
            "AND l.key = 'attendees' AND n.type = 'event' AND l.resolved IN ({})", keys):
        bump(who, _event_past(json.loads(facts or "{}"), today))
    for p, v in out.items():
        v[0] = last.get(p)
    return {p: tuple(v) for p, v in out.items()}


BRIDGE_MAX = 1.0 + 2.0 + 3.0 + 1.5  # the most a bridge's own tie can multiply by (see _bridge)


def _bridge(last, gave: int, got: int, today: date) -> float:
    """Your tie to a bridge: 1, plus up to 2 for recent contact, 1 per thing you gave (up to 3),
    a half per thing you got (up to 3)."""
    return 1.0 + 2.0 * (_recency(last, today) if last else 0.0) + 1.0 * min(gave, 3) + 0.5 * min(got, 3)


def find_paths(vault, target: str, limit: int = 5) -> tuple[list[Path], dict]:
    """The best `limit` paths to TARGET, best first, and facts about the target set
    ({label, targets, direct: [(target, last contact)]}). Reads only the index rows around the
    targets, so a large vault costs little more than a small one."""
    import json

    from plainnet.notes.dates import try_date

    today = vault.today
    targets, label = targets_of(vault, target)
    tset = set(targets)
    evidence: dict[tuple, list] = {}  # (bridge, target) -> [(weight, sentence)]
    rows = []
    if targets:
        for col in ("l.resolved", "l.path"):
            rows += vault.index.rows_in(
                "SELECT l.path, l.resolved, l.key, l.line, g.date, g.text FROM links l "
                "LEFT JOIN log g ON g.path = l.path AND g.line = l.line "
                f"WHERE {col} IN ({{}}) AND l.resolved != l.path AND l.resolved != ''", targets)
    # events where a target was: every attendee of those
    events = {}
    if targets:
        evs = sorted({e for (e,) in vault.index.rows_in(
            "SELECT l.path FROM links l WHERE l.place = 'front_matter' AND l.key = 'attendees' AND l.resolved IN ({})",
            targets)})
        for path, title, facts in vault.index.rows_in(
                "SELECT path, title, facts FROM notes WHERE type = 'event' AND path IN ({})", evs):
            d = _event_past(json.loads(facts or "{}"), today)
            if d is not None:
                events[path] = (title, d, [])
        for ev, who in vault.index.rows_in(
                "SELECT path, resolved FROM links WHERE place = 'front_matter' AND key = 'attendees' AND path IN ({})",
                sorted(events)):
            if who and who not in events[ev][2]:
                events[ev][2].append(who)
    involved = {p for r in rows for p in r[:2]} | {a for e in events.values() for a in e[2]} | tset
    names = _titles(vault, involved)
    contacts = {p for p, (_t, ty) in names.items() if ty == "contact"}

    def title(p):
        return names[p][0] if p in names else p

    def add(b, t, kind, d, what):
        if b != t and b in contacts and t in tset and t in contacts:
            evidence.setdefault((b, t), []).append((WEIGHTS[kind] * _recency(d, today), what))

    def say(what) -> str:
        """The sentence for one piece of evidence (formatted only for the paths shown)."""
        kind, src, dst, line, extra = what
        if kind == "introduced":
            return f"{title(dst)} introduced you to {title(src)} ({src}:{line})"
        if kind == "log":
            return f"{title(src)}'s log on {extra[0]}: {_short(extra[1])} ({src}:{line})"
        if kind in ("gave", "got"):
            return f"{title(src)}'s {kind} mentions {title(dst)} ({src}:{line})"
        if kind == "met":
            return f"you, {title(src)} and {title(dst)} were at {extra[0]} on {extra[1].isoformat()} ({line})"
        return f"{title(src)} links {title(dst)} ({src}:{line})"

    seen = set()
    for src, dst, key, line, log_date, log_text in rows:
        if (src, dst, line, key) in seen:
            continue
        seen.add((src, dst, line, key))
        for b, t in ((src, dst), (dst, src)):
            if t not in tset:
                continue
            if key == "introduced_by":
                add(b, t, "introduced", None, ("introduced", src, dst, line, None))
            elif log_date:
                add(b, t, "log", try_date(log_date), ("log", src, dst, line, (log_date, log_text)))
            elif key in ("gave", "got"):
                add(b, t, "gave/got", None, (key, src, dst, line, None))
            else:
                add(b, t, "link", None, ("link", src, dst, line, None))
    for ev, (ev_title, d, attendees) in sorted(events.items()):
        for t in attendees:
            if t in tset:
                for b in attendees:
                    add(b, t, "met together", d, ("met", b, t, ev, (ev_title, d)))
    # best first by what ties bridge and target; your tie to the bridge multiplies that by 1 to
    # BRIDGE_MAX, so once a pair cannot beat the limit-th best path even at that, the rest cannot
    ranked = sorted(((sum(w for w, _s in ev), b, t) for (b, t), ev in evidence.items()), key=lambda x: (-x[0], x[1], x[2]))
    paths: list[Path] = []
    facts: dict = {}
    i = 0
    while i < len(ranked):
        if len(paths) >= limit and ranked[i][0] * BRIDGE_MAX < paths[limit - 1].score:
            break
        batch = ranked[i:i + 50]
        i += len(batch)
        facts.update(_people(vault, [b for _s, b, _t in batch if b not in facts] + [t for _s, _b, t in batch], today))
        for strength, b, t in batch:
            last, gave, got = facts.get(b, (None, 0, 0))
            ev = evidence[(b, t)]
            why = [say(w) for _w, w in sorted(ev, key=lambda x: -x[0])[:4]]
            you = f"your last contact with {title(b)}: {last.isoformat()}" if last else f"no contact with {title(b)} recorded"
            if gave or got:
                you += f"; you gave {title(b)} {gave}, got {got}"
            why.append(you)
            paths.append(Path(b, t, _bridge(last, gave, got, today) * strength, why))
        paths.sort(key=lambda p: (-p.score, p.bridge, p.target))
    if len(targets) == 1 and targets[0] not in facts:
        facts.update(_people(vault, targets, today))
    direct = [(t, facts[t][0].isoformat() if t in facts and facts[t][0] else None) for t in targets[:1]] \
        if len(targets) == 1 else []
    return paths[:limit], {"label": label, "targets": targets, "direct": direct,
                           "titles": {p: v[0] for p, v in names.items()}}


def _short(text: str, n: int = 60) -> str:
    from plainnet.notes.links import display_text
    from plainnet.notes.plaintext import clean

    s = clean(display_text(text or "")).strip()
    return s if len(s) <= n else s[:n - 1] + "…"


def intro_text(paths: list[Path], facts: dict, titles: dict) -> str:
    out = []
    n = len(facts["targets"])
    if not n:
        return f"no contact matches {facts['label']}\n"
    if n == 1:
        t, last = facts["direct"][0]
        if last:
            out.append(f"You know {titles.get(t, t)} directly (last contact {last}); these can vouch for you too.")
    if not paths:
        out.append(f"No one in your notes is connected to {facts['label']} ({n} contact{'s' if n != 1 else ''}).")
    for i, p in enumerate(paths, 1):
        out.append(f"{i}. {titles.get(p.bridge, p.bridge)} -> {titles.get(p.target, p.target)}  (score {p.score:.2f})")
        out += [f"   - {w}" for w in p.why]
    return "\n".join(out) + "\n"
