"""`brief`: the homework for a meeting, as Markdown (printed, written under `## Brief`, or
rendered to one self-contained HTML page).

"Why your Networking is not Delivering Results" and "10 Signs That You're Doing Networking Wrong"
both name the same failure: arriving without knowing what you can offer someone and what you
need from them. The brief gathers, per attendee, what the vault already knows, and says which
homework is missing. Pure functions over the network and each person's story (plainnet.story).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Attendee:
    path: str
    title: str
    who: str  # role, company
    met: str  # how you met
    last_contact: dict | None  # {date, what, path, line}
    need: str
    offer: str
    owe: list = field(default_factory=list)  # follow-ups you owe ({due, what, path, line})
    promised: list = field(default_factory=list)  # what they promised
    gave: list = field(default_factory=list)
    got: list = field(default_factory=list)
    mutual: list = field(default_factory=list)  # titles of people you both know
    log: list = field(default_factory=list)  # the last three log lines ({date, what, line})


@dataclass
class Brief:
    path: str  # the event (or person) briefed
    title: str
    date: str | None
    objectives: list
    pitch: dict | None  # {text, path, words, seconds, findings: [..]}
    attendees: list
    missing: list  # homework not done, one sentence each
    unresolved: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"path": self.path, "title": self.title, "date": self.date, "objectives": self.objectives,
                "pitch": self.pitch, "attendees": [a.__dict__ for a in self.attendees], "missing": self.missing,
                "unresolved_attendees": self.unresolved}


def _mutual(net, vault, path: str, cache: dict) -> set[str]:
    """Contacts connected to `path`: met at the same events, introduced either way, or linked
    from or to their note."""
    if "links" not in cache:
        links: dict[str, set] = {}
        for src, dst in vault.index.query(
                "SELECT l.path, l.resolved FROM links l JOIN notes a ON a.path = l.path JOIN notes b ON b.path = l.resolved "
                "WHERE a.type = 'contact' AND b.type = 'contact' AND l.path != l.resolved"):
            links.setdefault(src, set()).add(dst)
            links.setdefault(dst, set()).add(src)
        cache["links"] = links
    out = set(cache["links"].get(path, ()))
    for e in net.events_of(path):
        if not e.planned and not e.cancelled:
            out.update(e.attendees)
    out.discard(path)
    return out


def _attendee(vault, net, path: str, cache: dict) -> Attendee:
    from plainnet.notes.plaintext import plain_value
    from plainnet.story import whole_story

    p = net.people[path]
    story = whole_story(vault, path, net)
    fm = p.note.front_matter
    who = ", ".join(x for x in (plain_value(fm.get("role")), plain_value(fm.get("company"))) if x)
    if p.met_event:
        met = f"met at {net.titles.get(p.met_event, p.met_event)}"
    elif p.met:
        met = f"met on {p.met.isoformat()}"
    else:
        met = "no record of how you met"
    if story.get("introduced_by"):
        met += "; introduced by " + ", ".join(i["title"] for i in story["introduced_by"])
    today = net.today.isoformat()
    past = [t for t in story["timeline"] if t["date"] and t["date"][:10] <= today and not t["what"].startswith("planned")]
    last = past[0] if past else None
    a = Attendee(path, p.note.title, who, met, last, plain_value(fm.get("need")), plain_value(fm.get("offer")))
    a.owe = story["follow_ups"]["you_owe"]
    a.promised = story["follow_ups"]["they_promised"]
    a.gave = [t for t in story["timeline"] if t["kind"] == "gave"]
    a.got = [t for t in story["timeline"] if t["kind"] == "got"]
    a.mutual = sorted(net.titles.get(m, m) for m in _mutual(net, vault, path, cache))
    a.log = [t for t in story["timeline"] if t["kind"] == "log"][:3]
    return a


def _pitch(vault, note_path: str, value) -> dict | None:
    """The event's pitch (a link to a pitch note, or the text itself) with its coach reading: the
    pitch checks' findings, its words and the seconds they take at the vault's speaking rate."""
    from plainnet.rules.phrases import count_words, strip_markdown
    from plainnet.notes.facts import link_target

    if value in (None, "", []):
        return None
    target = link_target(value)
    if target:
        path = vault.resolve(target, note_path)
        if not path:
            return {"text": f"[[{target}]] (no such note)", "path": None, "words": 0, "seconds": 0, "findings": []}
        note = vault.read(path)
        text = note.body.strip()
        rules = [f for f in note.findings if f.rule.startswith("pitch")]
    else:
        path, text = note_path, str(value)
        rules = [f for f in vault.read(note_path).findings if f.rule.startswith("pitch")]
    words = count_words(strip_markdown(text))
    wpm = vault.config["wpm"] if isinstance(vault.config["wpm"], (int, float)) and vault.config["wpm"] > 0 else 150
    return {"text": text, "path": path, "words": words, "seconds": round(words * 60 / wpm),
            "findings": [{"line": f.line, "rule": f.rule, "message": f.message} for f in rules]}


def make_brief(vault, name: str) -> Brief:
    """The brief for an event (its attendees) or for one contact (with their next meeting's
    objectives and pitch, if one is planned)."""
    from plainnet.notes.facts import text_list
    from plainnet.network import build_network

    net = build_network(vault)
    path = vault.lookup(name)
    ev = net.events.get(path)
    if ev is None and path in net.people:
        planned = sorted((e for e in net.planned_meetings(path) if e.date), key=lambda e: e.date)
        ev_for = planned[0] if planned else None
        attendees, unresolved = [path], []
    elif ev is not None:
        ev_for, attendees, unresolved = ev, ev.attendees, ev.unresolved
    else:
        raise LookupError(f"{path} is neither an event nor a contact; a brief is for a meeting or a person")
    cache: dict = {}
    people = [_attendee(vault, net, a, cache) for a in attendees]
    objectives, pitch, date = [], None, None
    missing = []
    if ev_for is not None:
        fm = ev_for.note.front_matter
        objectives = text_list(fm.get("objectives"))
        pitch = _pitch(vault, ev_for.path, fm.get("pitch"))
        date = ev_for.date.isoformat() if ev_for.date else None
        if not objectives:
            missing.append(f"no objectives for {ev_for.note.title}: write what you want from this meeting")
    elif path in net.people:
        missing.append("no meeting planned with them")
    if ev is not None and not attendees:
        missing.append("no attendees: whom will you meet?")
    for a in people:
        if not a.need:
            missing.append(f"{a.title}: no `need` (what you hope they can do for you)")
        if not a.offer:
            missing.append(f"{a.title}: no `offer` (what you can do for them)")
    for u in unresolved:
        missing.append(f"{u}: attendee without a note")
    title = ev_for.note.title if ev is not None else net.titles.get(path, path) + (
        f" (next: {ev_for.note.title})" if ev_for is not None else "")
    return Brief(path, title, date, objectives, pitch, people, missing, list(unresolved))


def _ref(item: dict) -> str:
    return f"({item['path']}:{item['line']})"


def brief_markdown(b: Brief, today) -> str:
    """The brief as Markdown: one section per attendee, then the homework still missing."""
    from plainnet.notes.links import display_text
    from plainnet.notes.plaintext import clean

    out = [f"### Brief for {b.title}" + (f" ({b.date})" if b.date else "") + f", prepared {today.isoformat()}", ""]
    if b.objectives:
        out.append("**Objectives**")
        out += [f"- {clean(o)}" for o in b.objectives]
        out.append("")
    if b.pitch:
        p = b.pitch
        out.append(f"**Pitch** ({p['words']} words, about {p['seconds']} s)")
        out += [f"> {clean(display_text(line))}" for line in p["text"].splitlines() if line.strip()][:12]
        if p["findings"]:
            out += [f"- coach: {clean(f['message'])} ({f['rule']})" for f in p["findings"]]
        else:
            out.append("- coach: no findings")
        out.append("")
    for a in b.attendees:
        out.append(f"#### {a.title}" + (f", {a.who}" if a.who else ""))
        out.append(f"- How you met: {a.met}")
        lc = a.last_contact
        out.append(f"- Last contact: {lc['date']}, {lc['what']} {_ref(lc)}" if lc else "- Last contact: none recorded")
        out.append(f"- They need: {a.need or '(not known)'}")
        out.append(f"- You can offer: {a.offer or '(not known)'}")
        for f in a.owe:
            out.append(f"- You owe: {f['what']}" + (f" (due {f['due']})" if f["due"] else "") + f" {_ref(f)}")
        for f in a.promised:
            out.append(f"- They promised: {f['what']}" + (f" (due {f['due']})" if f["due"] else "") + f" {_ref(f)}")
        for kind, items in (("You gave", a.gave), ("They gave you", a.got)):
            if items:
                out.append(f"- {kind}: " + "; ".join(t["what"].split(": ", 1)[-1] + (f" ({t['date']})" if t["date"] else "")
                                                     for t in items))
        if a.mutual:
            out.append("- People you both know: " + ", ".join(a.mutual[:12]) + (" …" if len(a.mutual) > 12 else ""))
        for t in a.log:
            out.append(f"- Log {t['date']}: {t['what']}")
        out.append("")
    if b.missing:
        out.append("**Homework missing**")
        out += [f"- {m}" for m in b.missing]
    else:
        out.append("**Homework**: done")
    return "\n".join(out).rstrip() + "\n"


def brief_html(markdown: str, title: str) -> str:
    """One self-contained page: the Markdown rendered with markdown-it-py (raw HTML in notes is
    escaped, not passed through), and a small inline style sheet. No script, no external file."""
    import html

    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ background: #f6f5f2; color: #1f2328; font: 16px/1.5 system-ui, sans-serif; margin: 0; }}
main {{ max-width: 46rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #dcd8cf;
        border-radius: 6px; }}
h3 {{ color: #3d5a98; border-bottom: 2px solid #3d5a98; padding-bottom: .3rem; }}
h4 {{ margin: 1.4rem 0 .3rem; color: #1f2328; background: #e8edf7; padding: .3rem .6rem; border-radius: 4px; }}
blockquote {{ border-left: 4px solid #3d5a98; margin: .5rem 0; padding: .2rem .8rem; color: #3b3f45; }}
li {{ margin: .15rem 0; }}
strong {{ color: #3d5a98; }}
</style></head>
<body><main>
{body}</main></body></html>
"""
