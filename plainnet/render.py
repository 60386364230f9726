"""Turning data into text: plain when piped or NO_COLOR, rich on a terminal. No logic lives here."""
from __future__ import annotations

import json
import os
import sys


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def table_text(headers: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table for pipes; the last column is not padded."""
    if not rows:
        return ""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c).ljust(widths[i]) if i < len(r) - 1 else str(c) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def print_table(headers: list[str], rows: list[list[str]], title: str | None = None) -> None:
    if use_color():
        from rich.table import Table

        t = Table(*headers, title=title, header_style="bold", box=None, pad_edge=False)
        for r in rows:
            t.add_row(*[str(c) for c in r])
        console().print(t)
    else:
        if title:
            print(title)
        text = table_text(headers, rows)
        if text:
            print(text)
