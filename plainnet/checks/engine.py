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
from plainnet import resultcache
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
    if wl.get("extend") or wl.get("remove"):  # (the shipped lists need no checking)
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


def _order(f: Finding) -> tuple:
    """Path, line, column, rule, then message: a total order, so output never depends on set order."""
    return (f.path, f.line, f.column, f.rule, f.message, f.severity)


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


def per_note_findings(vault, paths, select=()) -> list[Finding]:
    """The findings the index keeps with some notes (the per-note rules and their data findings),
    as configured: for a few notes' pitch findings without running the habit rules (review)."""
    validate_config(vault.config)
    vault.complete_checks()
    wanted, selected = _enabled(vault.config), expand(select)
    return _as_configured(vault, [f for f in vault.note_findings(paths)
                                  if wanted(f.rule) and (not selected or f.rule in selected)])


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
    return sorted(out, key=_order)


def _unowned_findings(vault) -> list[Finding]:
    """The files the walk skipped (they are no notes), computed on every run."""
    wanted = _enabled(vault.config)
    skipped = vault.skipped_findings()
    return _as_configured(vault, [f for f in skipped if wanted(f.rule)]) if skipped else []


def all_findings(vault, cache: bool = True) -> list[Finding]:
    """Every finding of the enabled rules, sorted: kept in the index (checks.kept) and updated
    around the notes that changed, unless `cache` is false."""
    import heapq

    if cache:
        from plainnet.checks.kept import KeptFindings

        kept = KeptFindings(vault)
        kept.refresh()
        owned = kept.findings()
    else:
        owned = owned_findings(vault)[0]
    return list(heapq.merge(owned, _unowned_findings(vault), key=_order))


def _all_json_lines(vault, kept=None, unowned_findings=None) -> list[tuple[str, str]]:
    """(severity, JSON line) of every finding, in order, without building 14,000 Findings: the
    kept ones are stored as their JSON lines."""
    import heapq

    if kept is None:
        from plainnet.checks.kept import KeptFindings

        kept = KeptFindings(vault)
        kept.refresh()
    if unowned_findings is None:
        unowned_findings = _unowned_findings(vault)
    unowned = [(_order(f), f.severity, json_line(f)) for f in unowned_findings]
    if not unowned:
        return kept.lines()
    return [(sev, line) for _key, sev, line in heapq.merge(kept.ordered_lines(), unowned, key=lambda r: r[0])]


def _findings_and_lines(vault) -> tuple[list[Finding], list[tuple[str, str]]]:
    """Every finding (as all_findings) and its (severity, JSON line) (as _all_json_lines), from one
    refresh of the kept findings: the cache stores the stored lines instead of re-encoding them."""
    import heapq

    from plainnet.checks.kept import KeptFindings

    kept = KeptFindings(vault)
    kept.refresh()
    unowned = _unowned_findings(vault)
    found = list(heapq.merge(kept.findings(), unowned, key=_order))
    return found, _all_json_lines(vault, kept, unowned)


def run_checks(vault, *, select=(), ignore=(), paths=(), cache: bool = True) -> list[Finding]:
    """Every finding for the (synced) vault, as configured, sorted by path, line, column and rule.

    `select`/`ignore` take ids, comma lists and prefixes (see `expand`); `paths` limits the
    findings to notes under those vault-relative paths (a note or a folder). A severity set in
    plainnet.toml applies to every finding of that rule; otherwise each check's own severity stands.

    With `cache` (the default) the findings are kept in the index and updated around what changed
    since (checks.kept), and the complete result is kept beside an on-disk index and reused while
    nothing it depends on changed: the notes and attachments (size and mtime, as the index sees
    them), plainnet.toml, plainnet's own code and data files, and today. Select, ignore and paths
    only filter it.
    """
    config = vault.config
    validate_config(config)
    selected, ignored = expand(select), expand(ignore)
    vault.complete_checks()  # first: it writes to the index, which the cache key depends on
    key = _cache_key(vault) if cache else None
    found = _cache_read(vault, key) if key else None
    if found is None and key:
        found, lines = _findings_and_lines(vault)
        _cache_lines(vault, key, lines)
    elif found is None:
        found = all_findings(vault, cache)
    if selected or ignored:
        found = [f for f in found if (not selected or f.rule in selected) and f.rule not in ignored]
    if paths:
        prefixes, exact = tuple(p.rstrip("/") + "/" for p in paths), set(paths)
        found = [f for f in found if f.path in exact or f.path.startswith(prefixes)]
    return found


# ---------------------------------------------------------------- the result cache

CACHE_VERSION = "1"
_CACHE_NAME = "check-cache.txt"


def _cache_key(vault) -> str | None:
    return resultcache.cache_key(vault, "check", CACHE_VERSION)


def _cache_read(vault, key: str, raw: bool = False):
    """The cached findings (or, with `raw`, the header and the JSON text as stored), None on a miss.

    The file is: the key; a header `{"error": n, "warning": n, "info": n}`; then the findings as
    `check --format json` prints them, so an unfiltered JSON check can print it as it is."""
    import json

    stored = resultcache.read(vault, _CACHE_NAME, key)
    if stored is None:
        return None
    try:
        head, _, text = stored.partition("\n")
        header = json.loads(head)
        if raw:
            if not isinstance(header, dict) or not text.startswith("[") or not text.endswith("]"):
                return None
            return header, text
        return [make_finding(d["path"], d["line"], d["rule"], d["message"], d["severity"], d["column"])
                for d in json.loads(text)]
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing, half-written by an old version, or damaged: compute afresh


def make_finding(path, line, rule, message, severity, column) -> Finding:
    """A Finding without the frozen dataclass's per-field `object.__setattr__` (3x faster; 14,000
    of them are read on every cached check). Equal to `Finding(...)` in every way."""
    f = object.__new__(Finding)
    f.__dict__.update(path=path, line=line, rule=rule, message=message, severity=severity, column=column)
    return f


def _cache_lines(vault, key: str, lines: list[tuple[str, str]]) -> tuple[dict, str]:
    """Keep the result as its (severity, JSON line)s: the counts header and the JSON text,
    which it returns."""
    import json

    counts = {s: 0 for s in SEVERITIES}
    for sev, _line in lines:
        counts[sev] = counts.get(sev, 0) + 1
    text = _json_array([line for _sev, line in lines])
    resultcache.write(vault, _CACHE_NAME, key, json.dumps(counts) + "\n", text)
    return counts, text


# ---------------------------------------------------------------- output


def report(vault, *, fmt: str = "text", select=(), ignore=(), paths=(), fail_on: str = "error") -> tuple[str, int]:
    """What `plainnet check` prints and its exit status: `(text, code)`; text ends with a newline.

    `fmt` is text (`path:line:col: severity rule message` and a summary line), json (an array of
    finding objects) or github (workflow commands). An unfiltered JSON check of an unchanged vault
    prints the cached text without building a single Finding."""
    if fmt == "json" and not (select or ignore or paths):
        validate_config(vault.config)
        vault.complete_checks()  # first: it writes to the index, which the cache key depends on
        key = _cache_key(vault)
        hit = _cache_read(vault, key, raw=True) if key else None
        if hit is None and key:
            hit = _cache_lines(vault, key, _all_json_lines(vault))
        if hit is not None:
            counts, text = hit
            limit = RANK[fail_on]
            code = 1 if any(counts.get(s, 0) for s in SEVERITIES if RANK[s] <= limit) else 0
            return text + "\n", code
    findings = run_checks(vault, select=select, ignore=ignore, paths=paths)
    return render(findings, fmt), exit_code(findings, fail_on)


def render(findings, fmt: str = "text") -> str:
    """Findings as `check --format FMT` prints them (with a final newline)."""
    if fmt == "json":
        return json_text(findings) + "\n"
    if fmt == "github":
        return "".join(github_line(f) + "\n" for f in findings)
    lines = [f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}" for f in findings]
    return "\n".join([*lines, summary(findings)]) + "\n"


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
    """The documented JSON shape, without dataclasses.asdict's deep copy (15,000 findings add up)."""
    return {"path": f.path, "line": f.line, "column": f.column, "severity": f.severity, "rule": f.rule,
            "message": f.message}


def json_line(f: Finding) -> str:
    """One finding of `check --format json`: the documented object, keys in documented order, written
    with the C string encoder (an indented dump of 14,000 findings takes longer than a cached check)."""
    from json.encoder import encode_basestring as q  # what json.dumps(ensure_ascii=False) uses

    return (f'  {{"path": {q(f.path)}, "line": {int(f.line)}, "column": {int(f.column)}, "severity": {q(f.severity)}, '
            f'"rule": {q(f.rule)}, "message": {q(f.message)}}}')


def _json_array(lines: list[str]) -> str:
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


def json_text(findings) -> str:
    """`check --format json`: the documented array, one finding per line. The same JSON as
    `json.dumps([to_json(f) ...], indent=...)` holds."""
    return _json_array([json_line(f) for f in findings])
