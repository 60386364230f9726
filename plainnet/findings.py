"""A finding: one located problem in one note, the unit every check returns."""
from __future__ import annotations

from dataclasses import dataclass

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
        return {"path": self.path, "line": self.line, "column": self.column, "severity": self.severity,
                "rule": self.rule, "message": self.message}

    def sort_key(self):
        return (self.path, self.line, self.column, self.rule)
