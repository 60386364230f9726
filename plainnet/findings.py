"""A finding: one located problem in one note, the unit every check returns."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """`path` is vault-relative with `/`; `line` and `column` are 1-based."""

    path: str
    line: int
    rule: str
    message: str
    severity: str = "warning"
    column: int = 1

    def to_json(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("path", "line", "column", "severity", "rule", "message")}

    def sort_key(self):
        return (self.path, self.line, self.column, self.rule)
