"""The agenda as a note in the vault, for Obsidian: `agenda --write NOTE.md`, `watch --note NOTE.md`.

Items link to their notes as `[[wikilinks]]`, follow-ups are Tasks-plugin lines (`- [ ] … 📅
DATE`), findings have their own heading. The front matter says `plainnet: generated` and holds a
digest of the body as plainnet wrote it, so that:

- the index takes nothing from it (plainnet.rules.analyze: no links, tasks or findings), so its
  follow-ups are never counted twice and it is never checked;
- it is written only when its text would change (a sync tool sees no churn);
- a body that no longer matches the digest was edited by someone: that file is moved aside as
  `NOTE (edited).md` (never overwritten) before the fresh agenda is written, and the caller says so.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from plainnet.notes.generated import edited, is_generated, note_text

FOLLOW_UP_SECTIONS = ("overdue", "today", "upcoming")
MAX_FINDINGS = 100  # listed in the note; the rest are counted ('plainnet check' lists them all)
RANK = {"error": 0, "warning": 1, "info": 2}


# ---------------------------------------------------------------- the text


def _link(path: str, title: str) -> str:
    target = path[:-3] if path.lower().endswith(".md") else path
    return f"[[{target}|{title}]]" if target != title else f"[[{target}]]"


def render(items, findings, today: date, stem: str = "Agenda") -> str:
    """The note's body: the agenda by section, then the findings."""
    from plainnet.render import NOTHING_TO_DO, SECTION_TITLES

    out = [f"<!-- Written by plainnet from your notes, and rewritten when the agenda changes. Edit the notes "
           f"it links to: edits made here are moved aside as \"{stem} (edited).md\". -->", "",
           f"# Agenda for {today.strftime('%a %d %b %Y')}"]
    if not items:
        out += ["", NOTHING_TO_DO]
    counts: dict[str, int] = {}
    for i in items:
        counts[i.section] = counts.get(i.section, 0) + 1
    current = None
    for i in items:
        if i.section != current:
            current = i.section
            out += ["", f"## {SECTION_TITLES.get(current, current)} ({counts[current]})", ""]
        where = _link(i.path, i.note)
        who = f", {i.person}" if i.person and i.person not in i.what and i.person != i.note else ""
        what = " ".join(i.what.split())
        if i.section in FOLLOW_UP_SECTIONS:
            due = f" 📅 {i.due.isoformat()}" if i.due else ""
            out.append(f"- [ ] {what} ({where}{who}; {i.why}){due}")
        else:
            out.append(f"- {where}: {what}{who} ({i.why})")
    shown = sorted(findings, key=lambda f: (RANK.get(f.severity, 9), f.path, f.line, f.rule))
    out += ["", f"## Findings ({len(findings)})", ""]
    if not findings:
        out.append("No problems found.")
    for f in shown[:MAX_FINDINGS]:
        title = f.path.rsplit("/", 1)[-1]
        title = title[:-3] if title.lower().endswith(".md") else title
        out.append(f"- {_link(f.path, title)}, line {f.line}: {f.severity} `{f.rule}`: {' '.join(f.message.split())}")
    if len(findings) > MAX_FINDINGS:
        out.append(f"- … and {len(findings) - MAX_FINDINGS} more (`plainnet check` lists them all)")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- writing


@dataclass
class Written:
    path: str  # vault-relative
    wrote: bool  # False: the note already said exactly this
    moved: str | None = None  # where an edited copy was moved aside


def note_path(vault_root: Path, arg: str) -> str:
    """NOTE.md as a vault-relative path: relative to the vault, or absolute inside it; a `.md` file."""
    from plainnet.write.edit import EditError

    root = os.path.realpath(vault_root)
    p = arg if os.path.isabs(arg) else os.path.join(root, arg)
    real = os.path.realpath(p)
    if not real.startswith(root + os.sep):
        raise EditError(f"{arg}: the agenda note must be inside the vault {vault_root}")
    rel = os.path.relpath(real, root).replace(os.sep, "/")
    if not rel.lower().endswith(".md"):
        raise EditError(f"{arg}: the agenda note must be a Markdown file (NAME.md)")
    if any(part.startswith(".") for part in rel.split("/")):
        raise EditError(f"{arg}: not in a hidden folder (Obsidian would not show it)")
    return rel


def _aside(target: Path) -> Path:
    stem = target.name[:-3]
    for n in range(1, 1000):
        cand = target.with_name(f"{stem} (edited{'' if n == 1 else f' {n}'}).md")
        if not cand.exists():
            return cand
    raise FileExistsError(f"too many edited copies beside {target.name}")


def write(root: Path, rel: str, body: str) -> Written:
    """Write the note unless it already says this; move an edited copy aside first. A file of the
    same name that plainnet did not write is refused (EditError), never overwritten."""
    from plainnet.write import edit

    target = Path(root) / rel
    new = note_text(body).encode("utf-8")
    if not os.path.lexists(target):
        edit.create_new(target, new)
        return Written(rel, True)
    snap = edit.read_snapshot(target)
    if snap.data == new:
        return Written(rel, False)
    if not is_generated(snap.data):
        raise edit.EditError(f"{rel} exists and was not written by plainnet; plainnet will not overwrite it "
                             f"(choose another name, or move that note)")
    if not edited(snap.data):
        edit.write_atomic(snap, new)
        return Written(rel, True)
    aside = _aside(target)
    edit.create_new(aside, snap.data)  # the edited bytes under a new name (never replacing a file)
    edit.write_atomic(snap, new)  # then the note itself: it never disappears, not even for a moment
    return Written(rel, True, aside.relative_to(root).as_posix())


def update(vault, rel: str, findings, items=None, days: int | None = None) -> Written:
    """Write the agenda note for a synced vault (the agenda computed when not given), with the
    findings the caller ran (the agenda knows nothing of checks)."""
    if items is None:
        from plainnet.agenda.cached import cached_agenda

        items = cached_agenda(vault, days=days)
    stem = rel.rsplit("/", 1)[-1][:-3]
    return write(vault.root, rel, render(list(items), [f for f in findings if f.path != rel], vault.today, stem))


def message(w: Written) -> str | None:
    """What to tell the user about a write."""
    if w.moved:
        return (f"{w.path} was edited since plainnet wrote it: your version is now {w.moved}; "
                f"wrote a fresh agenda to {w.path}")
    return f"wrote the agenda to {w.path}" if w.wrote else f"{w.path} is up to date (not rewritten)"
