"""plainnet.toml: every key has a default, an empty or missing file is valid."""
from __future__ import annotations

import copy
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


class ConfigError(Exception):
    """plainnet.toml is unreadable or has a value of the wrong kind."""


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


def load_config(root: Path) -> Config:
    path = root / "plainnet.toml"
    data = copy.deepcopy(DEFAULTS)
    if not path.is_file():
        return Config(data, None)
    try:
        user = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    for key, value in user.items():
        if key not in DEFAULTS:
            continue  # unknown keys are kept for forward compatibility, not an error
        default = DEFAULTS[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: '{key}' must be a table")
            if key == "folders":
                data[key] = dict(value)  # a vault's mapping replaces the default one
            else:
                data[key].update(value)
        elif isinstance(default, bool) or not isinstance(value, type(default)) and not (
            isinstance(default, (int, float)) and isinstance(value, (int, float))
        ):
            raise ConfigError(f"{path}: '{key}' must be {type(default).__name__}, got {value!r}")
        else:
            data[key] = value
    return Config(data, path)
