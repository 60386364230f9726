"""The rule engine: gather findings (cached per-note, data, habits), apply the vault's settings,
in-place silencing and --select/--ignore, and return them sorted."""
from __future__ import annotations

import os
from dataclasses import replace

from plainnet.checks.rules import RULES, enabled, severity
from plainnet.config import ConfigError
from plainnet.findings import SEVERITIES, Finding

RANK = {s: i for i, s in enumerate(SEVERITIES)}  # error 0, warning 1, info 2


def validate_config(config) -> None:
    """Unknown rule ids or bad severities in plainnet.toml are configuration errors (exit 2)."""
    for rule_id, table in (config["rules"] or {}).items():
        if rule_id not in RULES:
            import difflib

            near = difflib.get_close_matches(rule_id, RULES, n=1)
            raise ConfigError(f"plainnet.toml: unknown rule [rules.{rule_id}]"
                              + (f"; did you mean {near[0]}?" if near else ""))
        if not isinstance(table, dict):
            raise ConfigError(f"plainnet.toml: [rules.{rule_id}] must be a table")
        try:
            severity(rule_id, config)
        except ValueError as exc:
            raise ConfigError(f"plainnet.toml: {exc}") from None


def expand(patterns) -> set[str]:
    """Rule ids from `--select`/`--ignore` values: ids, comma lists, or prefixes (`pitch`, `pitch-*`, `data`)."""
    out = set()
    for value in patterns or ():
        for pat in str(value).split(","):
            pat = pat.strip()
            if not pat:
                continue
            stem = pat.rstrip("*").rstrip("-")
            hits = {r for r in RULES if r == pat or r.startswith(stem + "-")} if stem else set()
            if not hits:
                raise KeyError(f"unknown rule {pat!r}; see 'plainnet check --list-rules'")
            out |= hits
    return out


def run_checks(vault, *, select=(), ignore=(), paths=()) -> list[Finding]:
    """Every finding for the vault, as configured; `paths` limits them to notes under those paths."""
    from plainnet.checks.habits import habit_findings
    from plainnet.network import build_network

    config = vault.config
    validate_config(config)
    selected, ignored = expand(select), expand(ignore)
    found = vault.findings() + habit_findings(build_network(vault), config)
    silenced = vault.silenced()
    out = []
    is_on = {r: enabled(r, config) for r in RULES}
    sev_of = {r: severity(r, config) for r in RULES}
    for f in found:
        rule = f.rule if f.rule in RULES else None
        if rule is None and f.rule != "data-file":
            continue
        if rule and not is_on[rule]:
            continue
        if selected and f.rule not in selected or f.rule in ignored:
            continue
        s = silenced.get(f.path)
        if s and ("all" in s or f.rule in s):
            continue
        if paths and not any(f.path == p or f.path.startswith(p.rstrip("/") + "/") for p in paths):
            continue
        if rule:
            sev = sev_of[rule]
            if sev != f.severity:
                f = replace(f, severity=sev)
        out.append(f)
    return sorted(set(out), key=Finding.sort_key)


def vault_paths(vault, args) -> list[str]:
    """Command-line PATHS (relative to the current folder) as vault-relative prefixes."""
    out = []
    root = os.path.realpath(vault.root)
    for a in args:
        real = os.path.realpath(a)
        if real == root:
            return []
        if not real.startswith(root + os.sep):
            raise ValueError(f"{a}: not inside the vault {vault.root}")
        out.append(os.path.relpath(real, root).replace(os.sep, "/"))
    return out


def summary(findings) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    notes = len({f.path for f in findings})
    if not findings:
        return "no problems found"
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES if counts[s]]
    return f"{', '.join(parts)} in {notes} note{'s' if notes != 1 else ''}"


def exit_code(findings, fail_on: str = "error") -> int:
    limit = RANK[fail_on]
    return 1 if any(RANK.get(f.severity, 9) <= limit for f in findings) else 0
