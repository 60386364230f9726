"""The findings of the enabled rules for some notes, as the vault configures them.

Pure over a synced vault (or a `plainnet.incremental.Subset` of it) and its network: the engine
calls it for the whole vault, the kept findings for the notes around a change.
"""
from __future__ import annotations

from dataclasses import replace

from plainnet.notes.findings import Finding, finding_order
from plainnet.rules.registry import RULES, enabled, severity


def _configured_severity(rule: str, config) -> str | None:
    """The severity plainnet.toml sets for a rule, or None: then each finding keeps the severity
    its check gave it (a broken link is a warning in a contact, info in an ordinary note)."""
    table = (config["rules"] or {}).get(rule)
    explicit = isinstance(table, dict) and "severity" in table
    sev_table = config.get("severity") if hasattr(config, "get") else None
    if explicit or (isinstance(sev_table, dict) and rule in sev_table):
        return severity(rule, config)
    return None


def _unreadable(data) -> frozenset:
    """Notes with a date or YAML error: their contact habits are not judged on top of the error."""
    return frozenset(f.path for f in data if f.rule in ("data-date", "data-yaml"))


def _scheduled_tasks(vault) -> frozenset:
    try:
        rows = vault.index.query("SELECT path, line FROM tasks WHERE due IS NULL AND "
                                 "(scheduled IS NOT NULL OR start IS NOT NULL)")
    except Exception:  # an index without those columns: no task counts as scheduled
        return frozenset()
    return frozenset((p, l) for p, l in rows)


def _enabled(config):
    def wanted(rule: str) -> bool:
        return rule not in RULES or enabled(rule, config)  # an unregistered id cannot be switched off
    return wanted


def owned_findings(vault, owners=None, *, groups_recorded=None):
    """(findings of the enabled rules that belong to notes, the network they were computed on).

    A finding belongs to the note it is reported in; these are all but data-file for files the
    walk skipped (not notes), which `run_checks` adds. `owners`
    limits them to some notes (`vault` may then be a kept.Subset holding every note they depend
    on); `groups_recorded` is the whole vault's answer for group-lapsed (see habit_findings).
    Silenced in place and re-rated as the vault configures, sorted."""
    from plainnet.checks.habits import HABIT_RULES, habit_findings
    from plainnet.network import build_network

    config = vault.config
    wanted = _enabled(config)
    vault.complete_checks()
    data = [f for f in vault.note_findings(owners) + vault.broken_links(owners) + vault.duplicates(owners)
            if wanted(f.rule)]
    net = build_network(vault)
    found = list(data)
    habits = {r for r in HABIT_RULES if wanted(r)}
    if habits:
        found += [f for f in habit_findings(
            net, config, rules=habits, unreadable=_unreadable(data), groups_recorded=groups_recorded,
            scheduled_tasks=_scheduled_tasks(vault) if "promise-untracked" in habits else frozenset())
            if owners is None or f.path in owners]
    return _as_configured(vault, found), net


def _as_configured(vault, found) -> list[Finding]:
    """Findings minus those silenced in their note, with the severities plainnet.toml sets, sorted."""
    config = vault.config
    silenced = vault.silenced()
    sev = {r: s for r in RULES if (s := _configured_severity(r, config)) is not None}
    out = set()
    for f in found:
        s = silenced.get(f.path)
        if s and ("all" in s or f.rule in s):
            continue
        level = sev.get(f.rule)
        if level is not None and level != f.severity:
            f = replace(f, severity=level)
        out.add(f)
    return sorted(out, key=finding_order)


def _unowned_findings(vault) -> list[Finding]:
    """The files the walk skipped (they are no notes), computed on every run."""
    wanted = _enabled(vault.config)
    skipped = vault.skipped_findings()
    return _as_configured(vault, [f for f in skipped if wanted(f.rule)]) if skipped else []
