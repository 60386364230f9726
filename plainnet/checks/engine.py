"""The rule engine: gather findings (cached per-note, data, habits), apply the vault's settings,
in-place silencing and --select/--ignore, and return them sorted.

    findings = run_checks(vault, select=("pitch",), ignore=("pitch-sentence",), paths=("people",))

Order of decisions for each finding: a rule switched off in plainnet.toml, then --select/--ignore,
then in-place silencing of its note, then PATHS; what survives gets the vault's severity.
"""
from __future__ import annotations

import os

from plainnet.rules.registry import RULES
from plainnet.settings import check_config
from plainnet.index import cache as resultcache
from plainnet.render import Printed
from plainnet.checks.compute import _as_configured, _enabled, _unowned_findings, owned_findings
from plainnet.notes.findings import SEVERITIES, Finding, finding_order, json_line, make_finding

RANK = {s: i for i, s in enumerate(SEVERITIES)}  # error 0, warning 1, info 2

#: finding ids the foundation emits that are not rules of the registry (always on, never re-rated)
EXTRA_IDS = {"data-file"}


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


def per_note_findings(vault, paths, select=()) -> list[Finding]:
    """The findings the index keeps with some notes (the per-note rules and their data findings),
    as configured: for a few notes' pitch findings without running the habit rules (review)."""
    check_config(vault.config)
    vault.complete_checks()
    wanted, selected = _enabled(vault.config), expand(select)
    return _as_configured(vault, [f for f in vault.note_findings(paths)
                                  if wanted(f.rule) and (not selected or f.rule in selected)])


def all_findings(vault, cache: bool = True) -> list[Finding]:
    """Every finding of the enabled rules, sorted: the kept, memoised result (`cached_result`), or
    with `cache` false computed from scratch (what the kept results are tested against)."""
    import heapq

    if cache:
        return cached_result(vault).findings()
    return list(heapq.merge(owned_findings(vault)[0], _unowned_findings(vault), key=finding_order))


def _all_json_lines(kept, unowned_findings) -> list[tuple[str, str]]:
    """(severity, JSON line) of every finding, in order, without building 14,000 Findings: the
    kept ones are stored as their JSON lines."""
    import heapq

    unowned = [(finding_order(f), f.severity, json_line(f)) for f in unowned_findings]
    if not unowned:
        return kept.lines()
    return [(sev, line) for _key, sev, line in heapq.merge(kept.ordered_lines(), unowned, key=lambda r: r[0])]


class CheckResult(Printed):
    """The complete, unfiltered result of a check: the counts per severity and the text
    `check --format json` prints; the Findings are built only when asked for (an unchanged JSON
    check prints the text without building one). The cache file holds the text as printed (made
    terminal-safe), so an unchanged check copies its bytes to stdout without decoding them."""

    def __init__(self, counts: dict, text: str | None = None, found=None, data: bytes | None = None,
                 made_from: dict | None = None):
        self.counts, self._text, self._found, self._data = counts, text, found, data
        # the kept findings' state and the unowned finding lines this text was made from (what
        # the next run needs to patch it instead of reassembling it: see _patched)
        self.made_from = made_from or {}

    def findings(self) -> list[Finding]:
        if callable(self._found):
            self._found = self._found()
        elif self._found is None:
            import json

            self._found = [make_finding(d["path"], d["line"], d["rule"], d["message"], d["severity"], d["column"])
                           for d in json.loads(self.text)]
        return self._found

    def dump(self) -> tuple[str, bytes]:
        """The cache file's pieces: a header `{"counts": {"error": n, ...}, "seq": ..., "key": ...,
        "unowned": [...]}`, then the text as printed."""
        import json

        return json.dumps({"counts": self.counts, **self.made_from}, ensure_ascii=False) + "\n", self.data

    @classmethod
    def load(cls, stored: bytes) -> "CheckResult":
        head, data = _split_stored(stored)
        return cls(head["counts"], data=data, made_from={k: v for k, v in head.items() if k != "counts"})


def _split_stored(stored: bytes) -> tuple[dict, bytes]:
    import json

    head_b, _, data = stored.partition(b"\n")
    head = json.loads(head_b)
    if (not isinstance(head, dict) or not isinstance(head.get("counts"), dict) or not data.startswith(b"[")
            or not data.endswith(b"]")):
        raise ValueError("not a check result")
    return head, data


def complete_result(vault) -> CheckResult:
    """Every finding of the vault, computed from the kept findings: one refresh, and the stored
    JSON lines instead of re-encoding them. After an incremental refresh, the previous result is
    patched: only the lines of the notes whose findings were recomputed (and of the findings no
    note owns) are replaced, instead of reading and joining every line again."""
    import heapq

    from plainnet.checks.kept_findings import KeptFindings

    kept = KeptFindings(vault)
    before, made_from = kept.refresh_noted()
    unowned = _unowned_findings(vault)
    if made_from:
        made_from["unowned"] = [json_line(f) for f in unowned]

    def found():
        return list(heapq.merge(kept.findings(), unowned, key=finding_order))

    if kept.can_patch(before):
        try:
            patched = _patched(resultcache.read_stale(vault, _CACHE_NAME), before, kept, unowned)
        except (ValueError, KeyError, TypeError, IndexError):  # a damaged file: assemble afresh
            patched = None
        if patched is not None:
            counts, data = patched
            return CheckResult(counts, found=found, data=data, made_from=made_from)
    lines = _all_json_lines(kept, unowned)
    counts = {s: 0 for s in SEVERITIES}
    for sev, _line in lines:
        counts[sev] = counts.get(sev, 0) + 1
    return CheckResult(counts, _json_array([line for _sev, line in lines]), found, made_from=made_from)


def _path_of(line: bytes) -> str:
    """The path of one stored finding line (`  {"path": "...", ...}`, see notes.findings.json_line)."""
    from json.decoder import scanstring

    text = line.decode("utf-8")
    start = text.index('"path": "') + 9
    return scanstring(text, start)[0]


def _patched(stored: bytes | None, before: dict, kept, unowned) -> tuple[dict, bytes] | None:
    """(counts, text as printed) of the previous result with the changed notes' lines replaced,
    or None when it was not made from the kept state this refresh started from."""
    import bisect
    import json

    from plainnet.render import terminal_safe

    if stored is None:
        return None
    head, data = _split_stored(stored)
    if not kept.made_from(head, before):
        return None
    old_unowned = head.get("unowned")
    if not isinstance(old_unowned, list):
        return None
    affected = set(kept.owners) | {json.loads(x)["path"] for x in old_unowned} | {f.path for f in unowned}
    lines = [] if data == b"[]" else data[2:-2].split(b",\n")
    new: dict[str, list] = {p: [] for p in affected}
    for path, key, line in kept.lines_of(affected):
        new[path].append((key, line))
    for f in unowned:
        new[f.path].append((finding_order(f), json_line(f)))
    counts = dict(head["counts"])
    for p in sorted(affected, reverse=True):  # from the end: the earlier positions stay put
        lo = bisect.bisect_left(lines, p, key=_path_of)
        hi = bisect.bisect_right(lines, p, lo=lo, key=_path_of)
        for old in lines[lo:hi]:
            sev = json.loads(old)["severity"]
            counts[sev] = counts.get(sev, 0) - 1
        block = sorted(new[p], key=lambda r: r[0])
        for key, _line in block:
            counts[key[5]] = counts.get(key[5], 0) + 1
        lines[lo:hi] = [terminal_safe(line).encode("utf-8") for _key, line in block]
    return counts, (b"[\n" + b",\n".join(lines) + b"\n]" if lines else b"[]")


def cached_result(vault) -> CheckResult:
    """complete_result, memoised beside the index while nothing it depends on changed: the notes
    and attachments (size and mtime, as the index sees them), plainnet.toml, plainnet's own code
    and data files, and today."""
    vault.complete_checks()  # first: it writes to the index, which the cache key depends on
    return resultcache.cached(vault, _CACHE_NAME, ("check", CACHE_VERSION), lambda: complete_result(vault),
                              dump=CheckResult.dump, load=CheckResult.load, binary=True)


def run_checks(vault, *, select=(), ignore=(), paths=(), cache: bool = True) -> list[Finding]:
    """Every finding for the (synced) vault, as configured, sorted by path, line, column and rule.

    `select`/`ignore` take ids, comma lists and prefixes (see `expand`); `paths` limits the
    findings to notes under those vault-relative paths (a note or a folder). A severity set in
    plainnet.toml applies to every finding of that rule; otherwise each check's own severity stands.

    With `cache` (the default) the findings are kept in the index and updated around what changed
    since (checks.kept_findings), and the complete result is memoised beside the index
    (`cached_result`). Select, ignore and paths only filter it.
    """
    config = vault.config
    check_config(config)
    selected, ignored = expand(select), expand(ignore)
    found = all_findings(vault, cache)
    if selected or ignored:
        found = [f for f in found if (not selected or f.rule in selected) and f.rule not in ignored]
    if paths:
        prefixes, exact = tuple(p.rstrip("/") + "/" for p in paths), set(paths)
        found = [f for f in found if f.path in exact or f.path.startswith(prefixes)]
    return found


# ---------------------------------------------------------------- the result cache

CACHE_VERSION = "3"  # 2: the text is stored terminal-safe; 3: with what it was made from
_CACHE_NAME = "check-cache.txt"



# ---------------------------------------------------------------- output


def report(vault, *, fmt: str = "text", select=(), ignore=(), paths=(), fail_on: str = "error",
           as_bytes: bool = False) -> tuple[str | bytes, int]:
    """What `plainnet check` prints and its exit status: `(text, code)`; text ends with a newline.

    `fmt` is text (`path:line:col: severity rule message` and a summary line), json (an array of
    finding objects) or github (workflow commands). An unfiltered JSON check of an unchanged vault
    prints the cached text without building a single Finding; with `as_bytes` it is returned as
    the bytes it prints (terminal-safe), undecoded (other formats are text either way)."""
    if fmt == "json" and not (select or ignore or paths):
        data, code = json_report(vault, fail_on)
        return (data if as_bytes else data.decode("utf-8")), code
    findings = run_checks(vault, select=select, ignore=ignore, paths=paths)
    return render(findings, fmt), exit_code(findings, fail_on)


def json_report(vault, fail_on: str = "error") -> tuple[bytes, int]:
    """The unfiltered `check --format json` as the bytes it prints (control characters escaped,
    a final newline) and its exit status: on an unchanged vault, the cache file's bytes."""
    check_config(vault.config)
    result = cached_result(vault)
    limit = RANK[fail_on]
    code = 1 if any(result.counts.get(s, 0) for s in SEVERITIES if RANK[s] <= limit) else 0
    return result.data + b"\n", code


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


def _json_array(lines: list[str]) -> str:
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


def json_text(findings) -> str:
    """`check --format json`: the documented array, one finding per line. The same JSON as
    `json.dumps([to_json(f) ...], indent=...)` holds."""
    return _json_array([json_line(f) for f in findings])
