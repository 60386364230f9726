"""plainnet.toml: every key has a default, an empty or missing file is valid, and every key the
file holds must be one plainnet reads: a typo is an error with its line, never silently ignored."""
from __future__ import annotations

import copy
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULTS: dict = {
    "folders": {"people": "contact", "events": "event", "groups": "group"},
    "default_cadence": "",  # empty: only contacts with their own cadence are tracked
    "card_stack_days": 14,
    "homework_days": 14,
    "agenda_days": 7,
    "wpm": 150,
    "pitch_seconds": 30,
    "sentence_words": 25,
    "one_sided_ratio": 3,
    "one_sided_min_got": 3,
    "ignore": [".obsidian", ".git", ".plainnet", ".trash", "node_modules"],
    "templates": "templates",
    "rules": {},  # rule id -> {"enabled": bool, "severity": str, ...thresholds}
    "wordlists": {"extend": {}, "remove": {}},
    "my_emails": [],  # your own addresses: calendar import leaves you out of the attendees
}

#: numbers that divide or scale something: zero would make no sense
_POSITIVE = {"wpm", "pitch_seconds", "sentence_words", "one_sided_ratio"}
_NOTE_TYPES = ("contact", "event", "group", "pitch")


class ConfigError(Exception):
    """plainnet.toml is unreadable, has an unknown key, or a value of the wrong kind."""


@dataclass
class Config:
    data: dict = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    path: Path | None = None

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)

    def rule(self, rule_id: str) -> dict:
        return self.data["rules"].get(rule_id, {})

    def type_for_folder(self, rel_path: str) -> str | None:
        """The note type the folder mapping gives a vault-relative path, longest prefix first."""
        folders = self.data["folders"]
        best = None
        for folder, kind in folders.items():
            prefix = folder.strip("/") + "/"
            if rel_path.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
                best = (prefix, kind)
        return best[1] if best else None


# ---------------------------------------------------------------- where a key is written

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEYLINE = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"]*)"|'([^']*)'""")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(0)
                 for m in _PART.finditer(dotted))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of each table header and key, as a full dotted path: {("rules", "x", "enabled"): 7}.
    A line scan (tomllib keeps no positions); lines inside multi-line strings are skipped."""
    out: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        m = _HEADER.match(line)
        if m and not _KEYLINE.match(line):
            table = _parts(m.group(1))
            out.setdefault(table, lineno)
            continue
        m = _KEYLINE.match(line)
        if m:
            path = table + _parts(m.group(1))
            for i in range(len(table) + 1, len(path) + 1):
                out.setdefault(path[:i], lineno)
            rest = line[m.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2:
                    in_string = quote
    return out


class _Checker:
    """Validates the parsed file against what plainnet reads; the first problem raises ConfigError."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines = path, key_lines(text)

    def line(self, *keys: str) -> int:
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return 1

    def fail(self, keys: tuple, message: str):
        raise ConfigError(f"{self.path}:{self.line(*keys)}: {message}")

    def unknown(self, keys: tuple, known, what: str, hint: str = ""):
        import difflib

        name = keys[-1]
        near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        where = ".".join(keys)
        self.fail(keys, f"unknown {what} {where!r}"
                  + (f"; did you mean {'.'.join(keys[:-1] + (near[0],))!r}?" if near else "")
                  + (f" ({hint})" if hint else ""))


def _describe(value) -> str:
    return "true" if value is True else "false" if value is False else repr(value)


def _check(user: dict, chk: _Checker) -> None:
    """Every key known, every value of a kind plainnet can use. (The rule and word-list registries
    are imported only for a file that has those tables: the agenda's start-up loads no check code.)"""
    from plainnet.notes.dates import cadence_error

    for key, value in user.items():
        if key not in DEFAULTS:
            chk.unknown((key,), DEFAULTS, "setting", "see docs/settings.md for every setting")
        default = DEFAULTS[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                chk.fail((key,), f"'{key}' must be a table ([{key}]), got {_describe(value)}")
            continue
        if isinstance(default, list):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                what = "addresses" if key == "my_emails" else "folder names"
                chk.fail((key,), f"'{key}' must be a list of {what}, got {_describe(value)}")
            continue
        if isinstance(default, str):
            if not isinstance(value, str):
                chk.fail((key,), f"'{key}' must be a string, got {_describe(value)}")
            if key == "default_cadence" and value.strip():
                problem = cadence_error(value)
                if problem:
                    chk.fail((key,), f"default_cadence: {problem}")
            if key == "templates" and not value.strip():
                chk.fail((key,), "'templates' must name a folder")
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            chk.fail((key,), f"'{key}' must be a number, got {_describe(value)}")
        if value < 0 or (key in _POSITIVE and value == 0):
            chk.fail((key,), f"'{key}' must be {'above' if key in _POSITIVE else 'at least'} 0, got {value!r}")

    for folder, kind in (user.get("folders") or {}).items():
        if not isinstance(kind, str) or kind.strip().lower() not in _NOTE_TYPES:
            import difflib

            near = difflib.get_close_matches(str(kind).strip().lower(), _NOTE_TYPES, n=1, cutoff=0.6)
            if folder in DEFAULTS:
                chk.fail(("folders", folder), f"'{folder}' stands inside [folders], where it would be read as a "
                         "folder name: move it above the first [table] line (top-level settings come first)")
            chk.fail(("folders", folder), f"[folders] {folder} = {_describe(kind)}: a folder maps to a note type, "
                     f"one of {', '.join(_NOTE_TYPES)}" + (f"; did you mean {near[0]!r}?" if near else ""))

    if user.get("rules"):
        _check_rules(user["rules"], chk)
    if user.get("wordlists"):
        _check_wordlists(user["wordlists"], chk)


def _check_rules(rules: dict, chk: _Checker) -> None:
    from plainnet.rules.registry import RULES
    from plainnet.notes.findings import SEVERITIES

    for rule_id, table in rules.items():
        if rule_id not in RULES:
            import difflib

            near = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
            chk.fail(("rules", rule_id), f"unknown rule [rules.{rule_id}]"
                     + (f"; did you mean {near[0]}?" if near else "; 'plainnet check --list-rules' lists them"))
        if not isinstance(table, dict):
            chk.fail(("rules", rule_id), f"[rules.{rule_id}] must be a table, got {_describe(table)}")
        known = RULES[rule_id].thresholds
        for key, value in table.items():
            keys = ("rules", rule_id, key)
            if key == "enabled":
                if not isinstance(value, bool):
                    chk.fail(keys, f"[rules.{rule_id}] enabled must be true or false, got {_describe(value)}")
            elif key == "severity":
                if value not in SEVERITIES:
                    chk.fail(keys, f"[rules.{rule_id}] severity must be one of {', '.join(SEVERITIES)}, "
                             f"got {_describe(value)}")
            elif key not in known:
                import difflib

                takes = ["enabled", "severity", *known]
                near = difflib.get_close_matches(key, takes, n=1, cutoff=0.6)
                chk.fail(keys, f"[rules.{rule_id}] has no setting {key!r}"
                         + (f"; did you mean {near[0]!r}?" if near else "") + f" (it takes {', '.join(takes)})")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                chk.fail(keys, f"[rules.{rule_id}] {key} must be a number >= 0, got {_describe(value)}")



def check_config(config: Config) -> None:
    """The [rules] and [wordlists] checks load_config made on plainnet.toml, again: for a Config
    changed since it was read (commands that compute findings call this first)."""
    chk = _Checker(config.path or Path("plainnet.toml"), "")
    _check_rules(config["rules"] or {}, chk)
    _check_wordlists(config["wordlists"] or {}, chk)


def _check_wordlists(wordlists: dict, chk: _Checker) -> None:
    from plainnet.rules.wordlists import LISTS

    for part, table in wordlists.items():
        if part not in ("extend", "remove"):
            chk.unknown(("wordlists", part), ("extend", "remove"), "table", "use [wordlists.extend] or [wordlists.remove]")
        if not isinstance(table, dict):
            chk.fail(("wordlists", part), f"[wordlists.{part}] must be a table of lists, got {_describe(table)}")
        for name, entries in table.items():
            keys = ("wordlists", part, name)
            if name not in LISTS:
                import difflib

                near = difflib.get_close_matches(name, list(LISTS), n=1, cutoff=0.6)
                chk.fail(keys, f"[wordlists.{part}]: no list named {name!r}"
                         + (f"; did you mean {near[0]!r}?" if near else "") + f" (the lists are {', '.join(LISTS)})")
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                chk.fail(keys, f"[wordlists.{part}] {name} must be a list of strings, got {_describe(entries)}")


def load_config(root: Path) -> Config:
    path = root / "plainnet.toml"
    data = copy.deepcopy(DEFAULTS)
    if os.path.islink(path):  # settings from a file outside the vault: refused, not followed
        from plainnet.vault.files import OutsideVault, check_inside

        try:
            check_inside(root, path, "the settings file")
        except OutsideVault as exc:
            raise ConfigError(str(exc)) from None
    if not path.is_file():
        return Config(data, None)
    try:
        text = path.read_text(encoding="utf-8-sig")
        user = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    _check(user, _Checker(path, text))
    for key, value in user.items():
        if key == "folders":
            data[key] = {k: v.strip().lower() for k, v in value.items()}  # a vault's mapping replaces the default
        elif key == "wordlists":
            data[key].update(value)
        elif key == "rules":
            data[key].update(value)
        else:
            data[key] = value
    return Config(data, path)
