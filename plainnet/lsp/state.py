"""The language server's view of a vault: the index kept current, a buffer's findings, the name
list completion offers, a person's card and a note's backlinks.

A buffer's findings are the per-note checks run on its unsaved text (the same Analyzer the index
runs), its links resolved against the index, and the findings that span notes (habits,
duplicates) as the kept findings of the saved vault hold them. Saves and file events re-sync
only the paths they name; the kept findings are then refreshed around them, and the notes
whose findings were recomputed are reported back so the server can republish them.
"""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from plainnet.notes.findings import Finding
from plainnet.lsp.features import NameInfo, name_entries

#: rules the buffer's own parse does not produce: they come from the kept findings of the saved vault
CROSS_NOTE = {"data-duplicate"}
SMALL = 2000  # notes: a vault this small builds its network without a second thread


class VaultState:
    def __init__(self, root: str | os.PathLike, today: date | None = None, index_path: str | None = None):
        from plainnet.api import Vault
        from plainnet.checks.habits import HABIT_RULES
        from plainnet.vault.files import find_root

        self.fixed_today = today
        self.vault = Vault(find_root(root), today=today or date.today(), index_path=index_path)
        self.root = self.vault.root
        self.real_root = os.path.realpath(self.root)
        self.cross = CROSS_NOTE | set(HABIT_RULES)
        self._names: list[NameInfo] | None = None
        self._entries: list | None = None
        self._fresh: set | None = None  # contacts updated while the whole vault's last contacts are computed
        self._last: dict[str, date | None] = {}
        self._kept = None
        self._config_error: str | None = None
        self.vault.sync()

    # ------------------------------------------------------------ paths

    @property
    def today(self) -> date:
        if self.fixed_today is None and self.vault.today != date.today():
            self.vault.today = date.today()
            self._kept = None
        return self.vault.today

    def rel(self, fs_path: str | None) -> str | None:
        """The vault-relative path of a Markdown note plainnet indexes, or None (outside the vault,
        not Markdown, in an ignored or hidden folder)."""
        if not fs_path or not fs_path.lower().endswith(".md"):
            return None
        real = os.path.realpath(fs_path)
        if not real.startswith(self.real_root + os.sep):
            return None
        rel = os.path.relpath(real, self.real_root).replace(os.sep, "/")
        parts = rel.split("/")
        ignore = set(self.vault.index.ignore)
        if any(p.startswith(".") or p in ignore for p in parts[:-1]) or any(
                rel.startswith(i.rstrip("/") + "/") for i in ignore):
            return None
        return rel

    def path_of(self, rel: str) -> Path:
        return self.root / rel

    # ------------------------------------------------------------ keeping current

    def warm_up(self) -> None:
        """What the first keystroke would otherwise pay for: the checks' word lists and the kept
        findings (then the server publishes, then asks for names() and last_contacts_job())."""
        self.vault.index.parser("warm-up.md", b"---\ntype: pitch\n---\nWarm up the checks.\n")
        self.kept_refresh()

    def last_contacts_job(self):
        """A function for another thread: every contact's last contact, from a network of the whole
        vault built on its own connection (a second or so at 10,000 notes that should not hold up
        typing); hand its result to set_last_contacts. None for an index in memory: then this
        thread computes them at once, as for a small vault."""
        from plainnet.index import cache as resultcache

        walk = self.vault.index.walk
        if resultcache.cache_file(self.vault, "index") is None or (walk is not None and len(walk.notes) < SMALL):
            self._last_contacts(None)
            return None
        root, today, config = self.root, self.vault.today, self.vault.config
        self._fresh = set()

        def job() -> dict:
            from plainnet.api import Vault
            from plainnet.network import build_network

            with Vault(root, today=today, config=config) as other:
                net = build_network(other)
                return {p: person.last_contact for p, person in net.people.items()}
        return job

    def set_last_contacts(self, values: dict) -> None:
        fresh, self._fresh = self._fresh or set(), None
        for p, d in values.items():
            if p not in fresh:
                self._last[p] = d
        self._apply_last()

    def _apply_last(self) -> None:
        if self._names is not None:
            for n in self._names:
                if n.path in self._last:
                    n.last_contact = self._last[n.path]

    def kept_refresh(self) -> set | None:
        """Refresh the kept findings; the notes whose findings were recomputed (None: all of them)."""
        from plainnet.checks.kept_findings import KeptFindings

        class Tracked(KeptFindings):
            owners: set | None = set()

            def _apply(self, plan, state, current):
                self.owners = None if plan["owners"] is None else set(plan["owners"])
                super()._apply(plan, state, current)

        try:
            self.config_check()
        except Exception:  # noqa: BLE001 - said by config_error(); findings stay as they were
            return set()
        if self._kept is None:
            self._kept = Tracked(self.vault)
        self._kept.owners = set()
        self._kept.refresh()
        return self._kept.owners

    def config_check(self) -> None:
        from plainnet.settings import check_config

        try:
            check_config(self.vault.config)
            self._config_error = None
        except Exception as exc:  # ConfigError
            self._config_error = str(exc)
            raise

    @property
    def config_error(self) -> str | None:
        return self._config_error

    def files_changed(self, rels) -> set | None:
        """Re-sync some notes (saved, or changed behind the editor's back); the notes whose findings
        may have changed (None: any)."""
        rels = sorted(set(rels))
        if not rels:
            return set()
        stats = self.vault.sync(only=rels)
        if stats.changed_paths:
            self._patch_names(stats.changed_paths)
        owners = self.kept_refresh()
        touched = set(stats.changed_paths) | set(rels)
        self._last_contacts(touched | self._linked_from(touched))
        return None if owners is None else owners | set(rels)

    def _linked_from(self, paths) -> set:
        if not paths:
            return set()
        marks = ",".join("?" * len(paths))
        return {r for (r,) in self.vault.index.query(
            f"SELECT DISTINCT resolved FROM links WHERE path IN ({marks}) AND resolved != ''", tuple(paths)) if r}

    # ------------------------------------------------------------ findings

    def buffer_findings(self, rel: str, text: str) -> list[Finding]:
        """Every finding `plainnet check` would report for this note if the buffer were saved:
        the per-note checks and broken links from the buffer, the cross-note findings as kept."""
        from plainnet.api import link_finding
        from plainnet.rules.registry import silenced

        vault = self.vault
        note = vault.index.parser(rel, text.encode("utf-8", "surrogatepass"))
        found = list(note.findings)
        for link in note.links:
            if link.target and not vault.resolve(link.target, rel):
                found.append(link_finding(rel, link, note.type))
        own = {f.rule for f in found}
        kept = [f for f in self.saved_findings(rel) if f.rule in self.cross and f.rule not in own]
        quiet = getattr(note, "silenced", None)
        if quiet is None:
            quiet = silenced(note.front_matter, note.body)
        return self._configured(found, quiet) + [f for f in kept if not _silenced(f, quiet)]

    def saved_findings(self, rel: str) -> list[Finding]:
        """The kept findings of a note as saved (what `plainnet check` reports for it)."""
        rows = self.vault.index.query(
            "SELECT path, line, col, rule, severity, message FROM kept_findings WHERE path = ? "
            "ORDER BY line, col, rule", (rel,))
        return [Finding(p, l, r, m, s, c) for p, l, c, r, s, m in rows]

    def _configured(self, found, quiet) -> list[Finding]:
        from plainnet.checks.compute import _configured_severity
        from plainnet.rules.registry import RULES, enabled

        config = self.vault.config
        out = []
        for f in found:
            if f.rule in RULES and not enabled(f.rule, config) or _silenced(f, quiet):
                continue
            level = _configured_severity(f.rule, config) if f.rule in RULES else None
            out.append(replace(f, severity=level) if level and level != f.severity else f)
        return sorted(set(out), key=lambda f: (f.line, f.column, f.rule, f.message))

    def rules_href(self) -> str | None:
        """A file URI of the rules' explanations (written beside the index, only when it differs)."""
        from plainnet.index import cache as resultcache
        from plainnet.rules.registry import RULES, explain

        path = resultcache.cache_file(self.vault, "rules.md")
        if path is None:
            return None
        text = "# plainnet rules\n\n" + "".join(
            f'<a id="{r}"></a>\n\n## {r}\n\n```text\n{explain(r)}```\n\n' for r in RULES)
        try:
            if not os.path.exists(path) or Path(path).read_text(encoding="utf-8") != text:
                from plainnet.vault.files import atomic_write_bytes

                atomic_write_bytes(path, text.encode("utf-8"))
        except OSError:
            return None
        return Path(path).as_uri()

    # ------------------------------------------------------------ names, cards, links

    _NAME_SQL = "SELECT path, title, type, aliases, json_extract(fm, '$.company'), facts FROM notes"

    def names(self) -> list[NameInfo]:
        """Every note as completion offers it (patched around the notes a sync changed)."""
        if self._names is None:
            self._names = [self._name_info(*row) for row in self.vault.index.query(self._NAME_SQL + " ORDER BY path")]
        return self._names

    def _name_info(self, path, title, type_, aliases, company, facts) -> NameInfo:
        lc = self._last.get(path)
        if lc is None and type_ == "contact" and facts:
            from plainnet.notes.dates import try_date

            lc = try_date((json.loads(facts) or {}).get("last_contact"))
        return NameInfo(path, title, type_, [a for a in json.loads(aliases or "[]") if isinstance(a, str)],
                        company if isinstance(company, str) else "", lc)

    def _patch_names(self, paths) -> None:
        """Replace the changed notes' entries (a save re-reads a few rows, not 10,000)."""
        if self._names is None:
            return
        changed = set(paths)
        marks = ",".join("?" * len(changed))
        fresh = [self._name_info(*row) for row in self.vault.index.query(
            f"{self._NAME_SQL} WHERE path IN ({marks})", tuple(sorted(changed)))]
        self._names = sorted([n for n in self._names if n.path not in changed] + fresh, key=lambda n: n.path)
        self._entries = None

    def entries(self) -> list:
        """names() as completion searches them (features.name_entries)."""
        if self._entries is None:
            self._entries = name_entries(self.names())
        return self._entries

    def _last_contacts(self, paths) -> None:
        """Each contact's last contact as the agenda derives it (events, log, ledger), for `paths`
        (None: every contact, one network of the whole vault)."""
        from plainnet.incremental import Subset
        from plainnet.network import build_network

        if paths is not None and not paths:
            return
        around = None if paths is None else set(paths) | self._backlinks_of(paths)
        net = build_network(self.vault if around is None else Subset(self.vault, around))
        for p, person in net.people.items():
            if paths is None or p in paths:
                self._last[p] = person.last_contact
                if self._fresh is not None:
                    self._fresh.add(p)
        self._apply_last()

    def _backlinks_of(self, paths) -> set:
        """The notes that link to `paths`, and the events that name them as plain-text attendees."""
        from plainnet.incremental import naming

        marks = ",".join("?" * len(paths))
        return {p for (p,) in self.vault.index.query(
            f"SELECT DISTINCT path FROM links WHERE resolved IN ({marks})", tuple(paths))} | naming(self.vault, paths)

    def resolve(self, target: str, source: str) -> str | None:
        return self.vault.resolve(target, source) if target else source

    def note_row(self, rel: str):
        return self.vault._note_row(rel)

    def card(self, rel: str) -> dict | None:
        """What a hover on a link to `rel` shows (see features.card_markdown)."""
        from plainnet.incremental import Subset
        from plainnet.network import build_network

        row = self.note_row(rel)
        if row is None:
            return {"title": rel.rsplit("/", 1)[-1], "path": rel, "type": "file"}
        fm = row.front_matter if isinstance(row.front_matter, dict) else {}
        card = {"title": row.title, "path": rel, "type": row.type,
                "company": fm.get("company") if isinstance(fm.get("company"), str) else "",
                "role": fm.get("role") if isinstance(fm.get("role"), str) else "",
                "details": self.vault.index.query("SELECT details FROM notes WHERE path = ?", (rel,))[0][0]}
        if row.type in ("contact", "event"):
            net = build_network(Subset(self.vault, {rel} | self._backlinks_of([rel])
                                       | ({rel} if row.type == "contact" else self._linked_from({rel}))))
            if row.type == "contact" and rel in net.people:
                person = net.people[rel]
                card["last_contact"] = person.last_contact
                card["cadence"] = person.cadence_text if person.cadence else ""
                card["due"] = person.last_contact + person.cadence if person.cadence and person.last_contact else None
                card["follow_ups"] = [(f.what, f.due, f"{f.path}:{f.line}")
                                      for f in sorted(net.open_follow_ups(rel), key=lambda f: (f.due or date.max, f.path))]
            elif row.type == "event" and rel in net.events:
                ev = net.events[rel]
                card["attendees"] = [net.titles.get(a, a) for a in ev.attendees] + list(ev.unresolved)
        return card

    def backlinks(self, rel: str) -> list[tuple[str, int]]:
        """(note, 1-based line) of every link that leads to `rel`, as the index holds them."""
        return [(p, l) for p, l in self.vault.index.query(
            "SELECT path, line FROM links WHERE resolved = ? AND path != ? ORDER BY path, line", (rel, rel))]

    def close(self) -> None:
        self.vault.close()


def _silenced(f: Finding, quiet) -> bool:
    return bool(quiet) and ("all" in quiet or f.rule in quiet)
