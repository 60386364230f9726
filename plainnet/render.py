"""Turning data into text: plain when piped or NO_COLOR, rich on a terminal. No logic lives here."""
from __future__ import annotations

import json
import os
import re
import sys


# C0 controls but tab and newline, DEL, and C1 controls (U+0080-U+009F, among them CSI U+009B):
# from a note they could retitle the terminal, clear it or move the cursor.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_control(m) -> str:
    return f"\\u{ord(m.group()):04x}"


def terminal_safe(text: str) -> str:
    """Text with every control character written as `\\uXXXX`, so what a note holds is shown,
    never executed by the terminal. JSON stays exact: json escapes C0 controls itself, and
    `\\u009b` in a JSON string is the same character as a raw U+009B."""
    if _CONTROL_RE.search(text) is None:
        return text
    return _CONTROL_RE.sub(_escape_control, text)


class Printed:
    """A result kept as what it prints: `text`, and `data`, its UTF-8 bytes with control
    characters escaped (terminal_safe), each made from the other on first use, so that a kept
    result is copied to stdout without being decoded."""

    _text: str | None = None
    _data: bytes | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._data.decode("utf-8")
        return self._text

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = terminal_safe(self._text).encode("utf-8")
        return self._data


class TerminalSafeStream:
    """A text stream that passes everything written through terminal_safe; the rest (buffer,
    isatty, encoding) is the wrapped stream's, so binary output (a vCard on stdout) stays exact."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        return self._stream.write(terminal_safe(text) if type(text) is str else text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False):
    """A rich console that makes note text terminal-safe before it parses markup (for printed
    strings and table cells alike), and writes its own colour codes to the unfiltered stream."""
    from rich.console import Console

    class SafeConsole(Console):
        def render_str(self, text, *args, **kwargs):
            return super().render_str(terminal_safe(text), *args, **kwargs)

    stream = sys.stderr if stderr else sys.stdout
    return SafeConsole(file=getattr(stream, "_stream", stream) if isinstance(stream, TerminalSafeStream) else stream,
                       highlight=False, soft_wrap=True)


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def json_items(head: dict, key: str, items: list) -> str:
    """`{...head, "key": [items]}` with one item per line: readable, and fast on 10,000 items
    (json's C encoder does each compact item; `indent=2` would run the pure-Python encoder)."""
    return json_texts(head, key, [json.dumps(i, ensure_ascii=False) for i in items])


def json_texts(head: dict, key: str, items: list[str]) -> str:
    """json_items with each item already serialised."""
    return json_lines(head, key, ["  " + i for i in items])


def json_lines(head: dict, key: str, lines: list, as_bytes: bool = False):
    """json_texts with each item already indented (`  {...}`); with `as_bytes`, the lines and the
    result are UTF-8 bytes (a result patched in its printed form)."""
    start = json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "") + f'"{key}": ['
    if as_bytes:
        return start.encode("utf-8") + (b"\n" + b",\n".join(lines) + b"\n]}" if lines else b"]}")
    return f"{start}\n" + ",\n".join(lines) + "\n]}" if lines else start + "]}"


def table_text(headers: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table for pipes; the last column is not padded (one format string for
    every row: `ls` of 100,000 notes is this loop)."""
    if not rows:
        return ""
    table = [headers, *rows]
    last = len(headers) - 1
    widths = [max(len(str(r[i])) for r in table) for i in range(last)]
    fmt = "".join(f"{{:<{w}}}  " for w in widths) + "{}"
    return "\n".join(fmt.format(*r).rstrip() for r in table)


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


SECTION_TITLES = {
    "overdue": "Overdue follow-ups",
    "today": "Due today",
    "upcoming": "Coming up",
    "homework": "Meetings to prepare for",
    "dates": "Dates to remember",
    "stay-in-touch": "Stay in touch",
    "no-next-step": "No next step yet",
    "later": "Later",
}
SECTION_STYLES = {"overdue": "bold red", "today": "bold yellow", "upcoming": "cyan", "homework": "magenta", "dates": "yellow",
                  "stay-in-touch": "green", "no-next-step": "blue", "later": "dim"}


NOTHING_TO_DO = "Nothing to do: no follow-ups due, everyone in touch, every meeting prepared."


AGENDA_LIMIT = 10  # items per section unless --limit says otherwise


def _agenda_rows(items, limit: int | None = None):
    """The grouped agenda as rows for either renderer: ("section", name, heading) before each
    section's items, then ("item", what, who, why, where) for each of its first `limit` (None: all),
    then ("more", text) when some were left out."""
    from plainnet.notes.links import display_text

    counts: dict[str, int] = {}
    for item in items:
        counts[item.section] = counts.get(item.section, 0) + 1
    current = None
    shown = 0
    for item in items:
        if item.section != current:
            current = item.section
            shown = 0
            yield "section", current, f"{SECTION_TITLES[current]} ({counts[current]})"
        shown += 1
        if limit is not None and shown > limit:
            if shown == limit + 1:
                yield "more", (f"and {counts[current] - limit} more "
                               f"(plainnet agenda --section {current} --limit all)")
            continue
        what = display_text(item.what) if "[[" in item.what else item.what
        who = f" - {item.person}" if item.person and item.person not in what else ""
        yield "item", what, who, item.why, f"{item.path}:{item.line}"


def agenda_plain(items, today, footer=(), limit: int | None = None) -> str:
    """The grouped agenda as plain text (what a pipe or NO_COLOR gets), ending with a newline;
    `footer`: the one-line counts of contacts it leaves out (snoozed, waiting for triage); `limit`:
    items per section (None: all)."""
    lines = [f"Agenda for {today.strftime('%a %d %b %Y')}"]
    if not items:
        lines.append("\n" + NOTHING_TO_DO)
    for kind, *row in _agenda_rows(items, limit):
        if kind == "more":
            lines.append(f"  {row[0]}")
            continue
        lines.append(f"\n{row[1]}" if kind == "section" else "  {}{} ({})  {}".format(*row))
    if footer:
        lines.append("")
        lines.extend(footer)
    return "\n".join(lines) + "\n"


def agenda_text(items, today, problems: int = 0, color: bool = False, plain: str | None = None,
                footer=(), limit: int | None = None) -> None:
    """Print the grouped agenda: one heading per section, each item with why and where; in colour
    on a terminal. Plain text is written in one piece (`plain`, when the caller has it cached):
    133,000 items at 100,000 notes, and a print per line costs a second."""
    if not color:
        sys.stdout.write(plain if plain is not None else agenda_plain(items, today, footer, limit))
        sys.stdout.flush()
    else:
        from rich.markup import escape

        out = console()
        out.print(f"[bold]Agenda for {today.strftime('%a %d %b %Y')}[/bold]")
        if not items:
            print("\n" + NOTHING_TO_DO)
        for kind, *row in _agenda_rows(items, limit):
            if kind == "more":
                out.print(f"  [dim]{escape(row[0])}[/dim]")
            elif kind == "section":
                out.print(f"\n[{SECTION_STYLES[row[0]]}]{row[1]}[/]")
            else:
                what, who, why, where = map(escape, row)
                out.print(f"  {what}{who} [dim]({why})[/dim]  [dim]{where}[/dim]")
        if footer:
            print()
            for line in footer:
                out.print(f"[dim]{escape(line)}[/dim]")
    if problems:
        msg = f"\n{problems} note{'s' if problems != 1 else ''} could not be read; run 'plainnet check' to see why."
        print(msg, file=sys.stderr)
