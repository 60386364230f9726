"""`merge KEEP OTHER` and `rename NOTE NEW`: plan, show, then apply through the write path.

A plan is plain data (which files change how, which file goes) computed without writing; `apply`
re-reads every file it touches, refuses if any changed since it was planned, and only then writes
(plainnet.write.edit: atomic, minimal splices). Links are rewritten by plainnet.relink.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from plainnet.write import edit
from plainnet.write.edit import ConflictError, EditError
from plainnet.notes.links import norm
from plainnet.relink import FileEdit, collateral, names_after, plan_relink, rename_names, rewrite_bytes


@dataclass
class Plan:
    what: str  # "merge" or "rename"
    edits: list = field(default_factory=list)  # FileEdit, in the order they are written
    create: tuple | None = None  # (path, bytes): a rename's new file
    remove: tuple | None = None  # (path, bytes expected there)
    notes: list = field(default_factory=list)  # what the merge did to the kept note, line by line
    conflicts: list = field(default_factory=list)  # (key, kept value, other value, other's line)

    def lines(self) -> list[str]:
        """The plan for a person to read (what --dry-run prints)."""
        out = list(self.notes)
        for key, kept, other, line in self.conflicts:
            out.append(f"conflict: {key}: kept {kept!s}; the other note had {other!s} (its line {line}); "
                       f"written under the merged section")
        for e in self.edits:
            for c in e.changes:
                out.append(f"{e.path}:{c.line}: {c.old} -> {c.new}")
        if self.create:
            out.append(f"create {self.create[0]}")
        if self.remove and not any(line.startswith(f"remove {self.remove[0]}") for line in out):
            out.append(f"remove {self.remove[0]}")
        return out

    def to_json(self) -> dict:
        return {"what": self.what, "files": [{"path": e.path, "links": [c.__dict__ for c in e.changes]}
                                             for e in self.edits],
                "create": self.create[0] if self.create else None, "remove": self.remove[0] if self.remove else None,
                "notes": self.notes,
                "conflicts": [{"key": k, "kept": a, "other": b, "line": n} for k, a, b, n in self.conflicts]}


def _read(vault, rel: str) -> bytes:
    try:
        return (vault.root / rel).read_bytes()
    except OSError as exc:
        raise EditError(f"{rel}: cannot read: {exc.strerror or exc}") from None


def _refuse_collateral(vault, before, after, keys, old, new) -> None:
    hit = collateral(vault, before, after, keys, old, new)
    if hit:
        raise EditError("these links would then lead to a different note; rename that note or the links first:\n  "
                        + "\n  ".join(hit[:20]))


# ---------------------------------------------------------------- rename


def plan_rename(vault, name: str, new_name: str) -> Plan:
    """Rename the note `name` to `new_name` (a name: same folder; or a vault path)."""
    from plainnet.record import check_name

    old = vault.lookup(name)
    target = new_name.replace("\\", "/").strip()
    if target.lower().endswith(".md"):
        target = target[:-3]
    folder, _, base = target.rpartition("/")
    base = check_name(base)
    if folder and any(p in ("", ".", "..") or p.startswith(".") for p in folder.split("/")):
        raise EditError(f"{new_name!r}: not a folder inside the vault")
    if not folder and "/" not in new_name:
        folder = old.rsplit("/", 1)[0] if "/" in old else ""
    new = f"{folder}/{base}.md" if folder else f"{base}.md"
    if new == old:
        raise EditError(f"{old} already has that name")
    if os.path.lexists(vault.root / new) and norm(new) != norm(old):
        raise EditError(f"{new} already exists; plainnet will not overwrite it")
    before = vault._name_table()
    after = rename_names(vault, old, new)
    from plainnet.relink import new_keys

    _refuse_collateral(vault, before, after, new_keys(new), old, new)  # (its aliases stay its own)
    edits = plan_relink(vault, old, new, after, new_paths={old: new})
    data = _read(vault, old)
    moved = next((e for e in edits if e.path == old), None)
    plan = Plan("rename", [e for e in edits if e.path != old])
    plan.create = (new, moved.new if moved else data)
    plan.remove = (old, data)
    plan.notes.append(f"rename {old} -> {new}")
    if moved:
        plan.notes += [f"{old}:{c.line}: {c.old} -> {c.new}" for c in moved.changes]
    return plan


# ---------------------------------------------------------------- merge


def _plain(v) -> str:
    from plainnet.notes.plaintext import plain_value

    return plain_value(v)


def _as_written(value):
    """A parsed front-matter value as YAML would have read it: the parser keeps dates as ISO
    strings, the write path would quote those; real dates are written plain as they were."""
    import datetime as dt
    import re

    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    return value


def _same_item(a, b) -> bool:
    return a == b or (isinstance(a, str) and isinstance(b, str) and norm(a) == norm(b))


def plan_merge(vault, keep_name: str, other_name: str) -> Plan:
    """Merge the note `other_name` into `keep_name` (see the module docstring and the docs)."""
    from plainnet.notes.dates import try_date
    from plainnet.index.names import title_of
    from plainnet.notes.parse import parse_note

    keep, other = vault.lookup(keep_name), vault.lookup(other_name)
    if keep == other:
        raise EditError(f"{keep_name!r} and {other_name!r} are the same note ({keep})")
    keep_data, other_data = _read(vault, keep), _read(vault, other)
    folder_type = vault.config.type_for_folder  # (a note in people/ is a contact without `type:`)
    kn, on = parse_note(keep, keep_data, folder_type), parse_note(other, other_data, folder_type)
    if not kn.yaml_ok or not on.yaml_ok:
        bad = keep if not kn.yaml_ok else other
        raise EditError(f"{bad}: its front matter cannot be read; fix it first (see 'plainnet check')")
    if (kn.type or None) != (on.type or None):
        raise EditError(f"{keep} is a {kn.type or 'plain note'} and {other} a {on.type or 'plain note'}; "
                        "only notes of one type merge")
    keep_names = {norm(kn.title), *(norm(a) for a in kn.aliases)}
    if isinstance(kn.front_matter.get("name"), str):
        keep_names.add(norm(kn.front_matter["name"]))
    new_aliases = []
    oname = on.front_matter.get("name")
    for a in [*on.aliases, on.title, *([oname] if isinstance(oname, str) and oname.strip() else [])]:
        if norm(a) not in keep_names:
            keep_names.add(norm(a))
            new_aliases.append(a)
    before = vault._name_table()
    after = names_after(before, other, [(norm(a), 2, keep) for a in new_aliases])
    _refuse_collateral(vault, before, after, [norm(a) for a in new_aliases], other, keep)

    plan = Plan("merge")
    # the other note's own links to itself (by name) lead to the kept note, in the text moved over
    other_text_bytes, _ = rewrite_bytes(other_data, other, other, keep, before, after, keep)
    other_text = other_text_bytes.decode("utf-8-sig", "replace")
    data, keep_changes = rewrite_bytes(keep_data, keep, other, keep, before, after)
    for c in keep_changes:
        plan.notes.append(f"{keep}:{c.line}: {c.old} -> {c.new}")

    kfm, ofm = kn.front_matter, on.front_matter
    for a in new_aliases:
        data = edit.append_list_item(data, "aliases", a)
        plan.notes.append(f"{keep}: alias {a} added")
    for key, value in ofm.items():
        if key in ("type", "aliases", "alias") or value in (None, "", [], {}):
            continue
        mine = kfm.get(key)
        line = on.fm_lines.get(key, 1)
        if mine in (None, "", [], {}):
            data = edit.set_field(data, key, _as_written(value))
            plan.notes.append(f"{keep}: {key} set to {_plain(value)} (from {other}:{line})")
        elif isinstance(mine, list) and isinstance(value, list):
            for item in value:
                if not any(_same_item(item, m) for m in mine):
                    data = edit.append_list_item(data, key, _as_written(item))
                    plan.notes.append(f"{keep}: {key} + {_plain(item)}")
        elif _same_item(mine, value) or _plain(mine) == _plain(value):
            continue
        elif key == "email" and isinstance(value, str):
            have = kfm.get("emails") if isinstance(kfm.get("emails"), list) else []
            if not any(_same_item(value, e) for e in have):
                data = edit.append_list_item(data, "emails", value)
                plan.notes.append(f"{keep}: emails + {value}")
        elif key == "last_contact" and try_date(mine) and try_date(value):
            if try_date(value) > try_date(mine):
                data = edit.set_field(data, key, _as_written(value))
                plan.notes.append(f"{keep}: last_contact {mine} -> {value} (the later one)")
        else:
            plan.conflicts.append((key, _plain(mine), _plain(value), line))

    # body: log lines under the kept note's log; everything else, and the conflicts, in a section
    lines = other_text.replace("\r\n", "\n").split("\n")
    log_lines = {e.line for e in on.log}
    for e in on.log:
        data = edit.append_under_heading(data, "## Log", lines[e.line - 1])
        plan.notes.append(f"{keep}: log line from {other}:{e.line}: {lines[e.line - 1].strip()}")
    body = [(i + 1, l) for i, l in enumerate(lines) if i + 1 >= on.body_line and i + 1 not in log_lines]
    body = _drop_empty_log_heading(body)
    while body and not body[0][1].strip():
        body.pop(0)
    while body and not body[-1][1].strip():
        body.pop()
    section = [f"- {k}: {b} (kept {a})" for k, a, b, _n in plan.conflicts]
    if section and body:
        section.append("")
    section += [l for _n, l in body]
    if section:
        data = edit.append_under_heading(data, f"## Merged from {on.title}", "\n".join(section))
        plan.notes.append(f"{keep}: {len(body)} body line(s) and {len(plan.conflicts)} conflict(s) under "
                          f"'## Merged from {on.title}'")
    _verify_merged(keep_data, other_data, data, keep, other, before, after)
    plan.edits.append(FileEdit(keep, keep_data, data, keep_changes))
    plan.edits += plan_relink(vault, other, keep, after, skip={keep, other})
    plan.remove = (other, other_data)
    plan.notes.append(f"remove {other} (title {title_of(other)} is now an alias of {title_of(keep)})"
                      if on.title in new_aliases else f"remove {other}")
    return plan


def _drop_empty_log_heading(body: list) -> list:
    """Without its moved log lines, a `## Log` heading with nothing left under it goes too."""
    from plainnet.write.edit import _heading

    out = []
    for i, (n, line) in enumerate(body):
        h = _heading(line)
        if h and h[1] in ("log", "interactions", "journal"):
            rest = []
            for _m, nxt in body[i + 1:]:
                h2 = _heading(nxt)
                if h2 and h2[0] <= h[0]:
                    break
                rest.append(nxt)
            if not any(r.strip() for r in rest):
                continue
        out.append((n, line))
    return out


def _verify_merged(keep_data, other_data, merged, keep, other, before, after) -> None:
    """The merged note's links lead where the two notes' links led (the other note now the kept
    one); refuse otherwise."""
    from collections import Counter

    from plainnet.index.names import resolve
    from plainnet.notes.parse import parse_note

    def where(data, src, table, as_src):
        out = Counter()
        for l in parse_note(src, data).links:
            r = resolve(table, l.target, src) if l.target else as_src
            out[keep if r == other else r] += 1
        return out

    want = where(keep_data, keep, before, keep) + where(other_data, other, before, keep)
    got = where(merged, keep, after, keep)
    for target, n in want.items():
        if target is not None and got[target] < n:
            raise EditError(f"merging would break a link to {target} in {keep}; nothing was written")


# ---------------------------------------------------------------- applying


def apply(vault, plan: Plan) -> None:
    """Write the plan: every file is first checked to hold what was planned from (else
    ConflictError and nothing is written), then each is replaced atomically."""
    snaps = []
    for e in plan.edits:
        snap = edit.read_snapshot(vault.root / e.path)
        if snap.data != e.old:
            raise ConflictError(f"{e.path}: changed since the plan was made; nothing was written")
        snaps.append((snap, e.new))
    gone = None
    if plan.remove:
        gone = edit.read_snapshot(vault.root / plan.remove[0])
        if gone.data != plan.remove[1]:
            raise ConflictError(f"{plan.remove[0]}: changed since the plan was made; nothing was written")
    if plan.create:
        edit.create_new(vault.root / plan.create[0], plan.create[1])
    for snap, new in snaps:
        edit.write_atomic(snap, new)
    if gone is not None:
        now = edit.read_snapshot(gone.path)
        if now.sha256 != gone.sha256:
            raise ConflictError(f"{plan.remove[0]}: changed while the others were written; it was kept")
        os.remove(gone.path)
