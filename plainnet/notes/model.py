"""What a parsed note is: the plain data types the parser (plainnet.notes.parse) fills and the index
stores, in a module of their own so that reading the index never loads the parser."""
from __future__ import annotations

from dataclasses import dataclass, field

from plainnet.notes.findings import Finding

NOTE_TYPES = ("contact", "event", "group", "pitch")


@dataclass(slots=True)  # one per task line: a note of 100,000 tasks holds 100,000 of them
class Task:
    line: int
    text: str
    status: str  # the character between the brackets
    due: str | None = None
    done_date: str | None = None
    scheduled: str | None = None
    start: str | None = None
    cancelled: bool = False

    @property
    def done(self) -> bool:
        return self.status in "xX" or self.done_date is not None

    @property
    def is_open(self) -> bool:
        return not self.done and not self.cancelled and self.status != "-"

    def to_json(self) -> dict:
        return {"line": self.line, "text": self.text, "done": self.done or self.cancelled or self.status == "-",
                "due": self.due, "status": self.status, "scheduled": self.scheduled, "start": self.start,
                "done_date": self.done_date}


@dataclass(slots=True)
class LogEntry:
    date: str
    text: str
    line: int


@dataclass
class Note:
    path: str  # vault-relative, `/`-separated, as the file system spells it
    title: str
    type: str | None
    front_matter: dict = field(default_factory=dict)
    fm_lines: dict = field(default_factory=dict)  # top-level key -> 1-based line
    item_lines: dict = field(default_factory=dict)  # top-level key -> lines of its list items
    body_line: int = 1  # first line of the body
    aliases: list = field(default_factory=list)
    tags: list = field(default_factory=list)  # front-matter tags, then body tags in order (with repeats)
    links: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    log: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    body: str = ""
    yaml_ok: bool = True
    tag_lines: list = field(default_factory=list)  # (line, tag) of every body tag, in order

    def line_of(self, key: str, index: int | None = None) -> int:
        if index is not None:
            items = self.item_lines.get(key) or []
            if index < len(items):
                return items[index]
        return self.fm_lines.get(key, 1)

    def add(self, line: int, rule: str, message: str, severity: str = "error", column: int = 1) -> None:
        self.findings.append(Finding(self.path, line, rule, message, severity, column))
