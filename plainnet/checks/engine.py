"""The rule engine: gather findings (cached per-note, data, habits), apply the vault's settings,
in-place silencing and --select/--ignore, and return them sorted.

    findings = run_checks(vault, select=("pitch",), ignore=("pitch-sentence",), paths=("people",))

Order of decisions for each finding: a rule switched off in plainnet.toml, then --select/--ignore,
then in-place silencing of its note, then PATHS; what survives gets the vault's severity.
"""
from __future__ import annotations

import os
from dataclasses import replace

from plainnet.checks.rules import RULES, enabled, severity
from plainnet.config import ConfigError
from plainnet.findings import SEVERITIES, Finding

RANK = {s: i for i, s in enumerate(SEVERITIES)}  # error 0, warning 1, info 2

#: finding ids the foundation emits that are not rules of the registry (always on, never re-rated)
EXTRA_IDS = {"data-file"}
_CONFIG_KEYS = {"enabled", "severity"}


def validate_config(config) -> None:
    """Unknown rule ids, bad severities, non-boolean `enabled`, unknown or non-numeric thresholds
    and unknown word lists in plainnet.toml are configuration errors (the CLI exits 2)."""
    import difflib

    for rule_id, table in (config["rules"] or {}).items():
        if rule_id not in RULES:
            near = difflib.get_close_matches(rule_id, RULES, n=1)
            raise ConfigError(f"plainnet.toml: unknown rule [rules.{rule_id}]"
                              + (f"; did you mean {near[0]}?" if near else "; see 'plainnet check --list-rules'"))
        if not isinstance(table, dict):
            raise ConfigError(f"plainnet.toml: [rules.{rule_id}] must be a table")
        try:
            severity(rule_id, config)
        except ValueError as exc:
            raise ConfigError(f"plainnet.toml: {exc}") from None
        if "enabled" in table and not isinstance(table["enabled"], bool):
            raise ConfigError(f"plainnet.toml: [rules.{rule_id}] enabled must be true or false, "
                              f"got {table['enabled']!r}")
        known = RULES[rule_id].thresholds
        for key, value in table.items():
            if key in _CONFIG_KEYS:
                continue
            if key not in known:
                opts = ", ".join(["enabled", "severity", *known])
                raise ConfigError(f"plainnet.toml: [rules.{rule_id}] has no setting {key!r}; it takes {opts}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"plainnet.toml: [rules.{rule_id}] {key} must be a number >= 0, got {value!r}")
    wl = config["wordlists"] or {}
    try:
        from plainnet.checks.wordlists import load_wordlists

        load_wordlists(wl.get("extend") or None, wl.get("remove") or None)
    except ValueError as exc:
        raise ConfigError(f"plainnet.toml: {exc}") from None


def expand(patterns) -> set[str]:
    """Rule ids from `--select`/`--ignore` values: ids, comma lists, or prefixes (`pitch`, `pitch-*`, `data`).

    An exact id means that rule only (`data-link` is not `data-link-unquoted`); anything else is a
    prefix of whole dash-separated parts (`pitch` is every `pitch-…` rule, pitch-meeting included)."""
    known = set(RULES)
    out = set()
    for value in patterns or ():
        for pat in str(value).split(","):
            pat = pat.strip()
            if not pat:
                continue
            if pat in known and not pat.endswith("*"):
                out.add(pat)
                continue
            stem = pat.rstrip("*").rstrip("-")
            hits = {r for r in known if r == stem or r.startswith(stem + "-")} if stem else set()
            if not hits:
                import difflib

                near = difflib.get_close_matches(pat, known, n=1)
                raise KeyError(f"unknown rule {pat!r}" + (f" (did you mean {near[0]}?)" if near else "")
                               + "; see 'plainnet check --list-rules'")
            out |= hits
    return out


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


def run_checks(vault, *, select=(), ignore=(), paths=()) -> list[Finding]:
    """Every finding for the vault, as configured; `paths` limits them to notes under those paths
    (vault-relative, `/`-separated: a note's path or a folder). A severity set in plainnet.toml
    applies to every finding of that rule; otherwise each check's own severity stands."""
    from plainnet.checks.habits import HABIT_RULES, habit_findings
    from plainnet.network import build_network

    config = vault.config
    validate_config(config)
    selected, ignored = expand(select), expand(ignore)

    def wanted(rule: str) -> bool:
        if (selected and rule not in selected) or rule in ignored:
            return False
        return rule not in RULES or enabled(rule, config)  # an unregistered id cannot be switched off

    want = {r for r in RULES if wanted(r)}
    data = vault.findings()
    found = [f for f in data if wanted(f.rule)]
    habits = {r for r in HABIT_RULES if r in want}
    if habits:
        found += habit_findings(build_network(vault), config, rules=habits, unreadable=_unreadable(data),
                                scheduled_tasks=_scheduled_tasks(vault) if "promise-untracked" in habits else frozenset())
    silenced = vault.silenced()
    prefixes = tuple(p.rstrip("/") + "/" for p in paths)
    exact = set(paths)
    sev = {r: s for r in want if (s := _configured_severity(r, config)) is not None}
    out = set()
    for f in found:
        s = silenced.get(f.path)
        if s and ("all" in s or f.rule in s):
            continue
        if paths and f.path not in exact and not f.path.startswith(prefixes):
            continue
        level = sev.get(f.rule)
        if level is not None and level != f.severity:
            f = replace(f, severity=level)
        out.add(f)
    return sorted(out, key=Finding.sort_key)


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


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    """One GitHub Actions workflow command for a finding (`::warning file=…,line=…::message`);
    info becomes `notice`. Property values escape `%`, CR, LF, `:` and `,` as the runner expects."""
    level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
    return (f"::{level} file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"title={_escape_property(f.rule)}::{_escape_data(f.message)}")


def to_json(f: Finding) -> dict:
    """The SPEC section 3 shape, without dataclasses.asdict's deep copy (15,000 findings add up)."""
    return {"path": f.path, "line": f.line, "column": f.column, "severity": f.severity, "rule": f.rule,
            "message": f.message}
