"""Random realistic edits of the example vault, for tests that compare an incrementally kept result
with one computed from scratch (the watch's refreshes, the kept agenda between commands)."""
from __future__ import annotations

import re
from datetime import timedelta


def random_edits(root, rnd, today, quiet: bool = False):
    """(the vault's note paths, edit(text) -> (new text, name of the edit)) for a copied vault.
    `quiet` adds the edits that put contacts away: snooze_until, status: archived, triage: pending
    and plainnet_ignore."""
    people = sorted(p.stem for p in (root / "people").glob("*.md"))
    events = sorted(p.stem for p in (root / "events").glob("*.md"))
    notes = sorted(str(p.relative_to(root)) for p in root.rglob("*.md") if "templates" not in p.parts)

    def day():
        return (today + timedelta(days=rnd.randint(-60, 40))).isoformat()

    def shift_date(t):
        ds = list(re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", t))
        if not ds:
            return t
        m = rnd.choice(ds)
        return t[:m.start()] + day() + t[m.end():]

    def toggle_done(t):
        return t.replace("done: false", "done: true", 1) if rnd.random() < 0.5 else t.replace("done: true", "done: false", 1)

    def status(t):
        new = rnd.choice(["planned", "done", "cancelled"])
        return re.sub(r"status: \w+", f"status: {new}", t, count=1) if "status:" in t else \
            t.replace("---\n", f"---\nstatus: {new}\n", 1)

    def attendees(t):
        m = re.search(r"attendees: \[(.*)\]", t)
        if not m:
            return t
        names = [x.strip() for x in m.group(1).split(",") if x.strip()]
        if names and rnd.random() < 0.4:
            names.pop(rnd.randrange(len(names)))
        else:
            names.append(f'"[[{rnd.choice(people)}]]"')
        return t[:m.start()] + f"attendees: [{', '.join(names)}]" + t[m.end():]

    def log_line(t):
        return t + ("" if "## Log" in t else "\n## Log\n") + f"- {day()}: caught up\n"

    def task(t):
        return t + f"\n- [ ] Call [[{rnd.choice(people)}]] \U0001F4C5 {day()}\n"

    def met(t):
        value = f'"[[{rnd.choice(events)}]]"' if rnd.random() < 0.6 else day()
        return re.sub(r"^met: .*$", f"met: {value}", t, count=1, flags=re.M) if "\nmet:" in t else t

    def drop_offer(t):
        return re.sub(r"^(offer|need): .*\n", "", t, count=1, flags=re.M)

    def alias(t):  # moves link resolution: must take the full path
        return t.replace("---\n", f"---\naliases: [Someone {rnd.randint(1, 9)}]\n", 1) if "aliases:" not in t else t

    edits = [shift_date] * 4 + [toggle_done] * 2 + [status, attendees, attendees, log_line, task, task, met,
                                                     drop_offer, alias]

    def field(t, key, value):
        if re.search(rf"^{key}:", t, flags=re.M):
            return re.sub(rf"^{key}:.*$", f"{key}: {value}" if value is not None else f"{key}:", t, count=1, flags=re.M)
        return t.replace("---\n", f"---\n{key}: {value}\n", 1) if value is not None else t

    def snooze(t):
        ahead = (today + timedelta(days=rnd.randint(1, 40))).isoformat()
        return field(t, "snooze_until", rnd.choice([ahead, ahead, day(), None]))

    def archive(t):
        return field(t, "status", rnd.choice(["archived", "archived", "active"]))

    def triage(t):
        return field(t, "triage", rnd.choice(["pending", "pending", "done"]))

    def ignore(t):
        rules = ["stay-in-touch", "card-stack", "followup-overdue", "meeting-no-homework", "no-next-step"]
        return field(t, "plainnet_ignore", f"[{rnd.choice(rules)}]" if rnd.random() < 0.8 else "[]")

    def birthday(t):
        d = today + timedelta(days=rnd.randint(-3, 10))
        value = rnd.choice([f"{rnd.randint(1950, 2000)}-{d.month:02d}-{d.day:02d}", f"--{d.month:02d}-{d.day:02d}"])
        return field(t, "birthday", value)

    if quiet:
        edits += [snooze, snooze, archive, archive, triage, ignore, ignore, birthday, birthday, birthday]

    def edit(text):
        fn = rnd.choice(edits)
        return fn(text), fn.__name__

    return notes, edit
