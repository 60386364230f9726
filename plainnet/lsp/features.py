"""What the editor is told, as LSP structures, from plain data: no vault, no client, no I/O.

Ranges count code points; the server converts them to the client's encoding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lsprotocol import types as T

from plainnet.lsp.text import LINK_FIELDS, Context, headings, minimal_edit

SEVERITY = {"error": T.DiagnosticSeverity.Error, "warning": T.DiagnosticSeverity.Warning,
            "info": T.DiagnosticSeverity.Information}
SOURCE = "plainnet"
MAX_ITEMS = 100  # completion items per answer; more typing narrows them (isIncomplete)

#: front-matter keys per note type, as the vault's templates and the README describe them
FIELDS = {
    "contact": ("name", "aliases", "company", "role", "email", "phone", "tags", "links", "met", "introduced_by",
                "last_contact", "cadence", "offer", "need", "gave", "got", "mailing_list", "consent", "follow_ups",
                "status", "snooze_until"),
    "event": ("date", "kind", "status", "group", "objectives", "attendees", "pitch", "tags", "follow_ups"),
    "group": ("purpose", "objectives", "joined", "meets", "why_joined", "tags"),
    "pitch": ("audience", "ideal_client", "problem", "result", "ask", "seconds", "tags"),
}
COMMON_FIELDS = ("type", "aliases", "tags", "plainnet_ignore")
VALUES = {
    "type": ("contact", "event", "group", "pitch"),
    "cadence": ("1w", "2w", "30d", "1m", "3m", "6m", "1y"),
    "meets": ("1w", "2w", "1m", "3m"),
    "kind": ("coffee", "breakfast", "lunch", "dinner", "call", "video call", "meetup", "conference", "1:1"),
    "status": {"event": ("planned", "done", "cancelled"), "contact": ("archived",)},
}
VALUE_DOCS = {"cadence": "stay-in-touch interval, counted from the last contact",
              "meets": "how often the group meets", "kind": "what kind of meeting",
              "status": "planned or done (an event); archived (a contact out of the agenda)",
              "type": "what the note is"}


@dataclass
class NameInfo:
    """A note as completion and hover show it."""

    path: str
    title: str
    type: str | None
    aliases: list = field(default_factory=list)
    company: str = ""
    last_contact: date | None = None


def rng(l1: int, c1: int, l2: int, c2: int) -> T.Range:
    return T.Range(T.Position(l1, c1), T.Position(l2, c2))


# ---------------------------------------------------------------- diagnostics


def diagnostic(finding, lines: list[str], href: str | None, summary: str = "") -> T.Diagnostic:
    """A finding as a diagnostic: its line from the column to the line's end, rule id as code."""
    line = max(0, min(finding.line - 1, len(lines) - 1)) if lines else 0
    text = lines[line] if lines else ""
    col = max(0, min(finding.column - 1, len(text)))
    end = len(text.rstrip()) if len(text.rstrip()) > col else len(text)
    return T.Diagnostic(
        range=rng(line, col, line, max(end, col)),
        message=finding.message, severity=SEVERITY.get(finding.severity, T.DiagnosticSeverity.Information),
        code=finding.rule, source=SOURCE,
        code_description=T.CodeDescription(href=f"{href}#{finding.rule}") if href else None,
        data={"rule": finding.rule, "summary": summary})


# ---------------------------------------------------------------- completion


def _label_detail(n: NameInfo, today: date | None) -> str:
    parts = [n.type or "note"]
    if n.company:
        parts.append(n.company)
    if n.last_contact:
        parts.append(f"last contact {n.last_contact.isoformat()}" + (f" ({ago(n.last_contact, today)})" if today else ""))
    return " · ".join(parts)


def name_entries(names: list[NameInfo]) -> list[tuple[str, str, NameInfo, str | None]]:
    """(case-folded label, label, note, alias or None) for every title and alias: made once per
    name list, so a completion request only compares strings."""
    return [((alias or n.title).casefold(), alias or n.title, n, alias) for n in names for alias in [None, *n.aliases]]


def link_completions(ctx: Context, line: int, entries, today: date | None = None,
                     limit: int = MAX_ITEMS) -> T.CompletionList:
    """Note titles and aliases (`entries`, see name_entries) for a link being typed; contacts first
    inside `attendees:` (and the other fields that want one type of note), each labelled with
    type, company and last contact."""
    want = LINK_FIELDS.get(ctx.key or "")
    words = ctx.prefix.casefold().split()
    head = words[0] if words else ""
    hits = []
    for low, _label, n, alias in entries:
        if head not in low or (len(words) > 1 and not all(w in low for w in words[1:])):
            continue
        first = 0 if want and n.type == want else 1
        hits.append(((first, 0 if low.startswith(head) else 1, low), n, alias))
    hits.sort(key=lambda h: h[0])
    end = ctx.end if ctx.end is not None else None
    items = []
    for i, ((first, _s, _l), n, alias) in enumerate(hits[:limit]):
        inner = f"{n.title}|{alias}" if alias else n.title
        if ctx.wrap:
            new_text = f'"[[{inner}]]"'
        else:
            new_text = inner if ctx.closed else inner + "]]"
        items.append(T.CompletionItem(
            label=alias or n.title,
            kind=T.CompletionItemKind.Reference if n.type == "contact" else T.CompletionItemKind.File,
            detail=(f"alias of {n.title} · " if alias else "") + _label_detail(n, today),
            label_details=T.CompletionItemLabelDetails(description=n.type or "note"),
            sort_text=f"{first}{i:05d}",
            filter_text=alias or n.title,
            text_edit=T.TextEdit(rng(line, ctx.start, line, end if end is not None else ctx.start + len(ctx.prefix)),
                                 new_text),
            data={"path": n.path}))
    return T.CompletionList(is_incomplete=len(hits) > limit, items=items)


def field_completions(ctx: Context, line: int, note_type: str | None, present: set) -> T.CompletionList:
    """Front-matter keys the note's type uses that it does not have yet."""
    keys = [*FIELDS.get(note_type or "", ()), *COMMON_FIELDS] if note_type in FIELDS else \
        [*COMMON_FIELDS, *sorted({k for ks in FIELDS.values() for k in ks})]
    seen, items = set(), []
    for k in keys:
        if k in seen or k in present or not k.startswith(ctx.prefix):
            continue
        seen.add(k)
        items.append(T.CompletionItem(
            label=k, kind=T.CompletionItemKind.Field, detail=f"{note_type or 'note'} field",
            sort_text=f"{len(items):03d}",
            text_edit=T.TextEdit(rng(line, 0, line, ctx.end if ctx.end is not None else len(ctx.prefix)),
                                 f"{k}:" if ctx.end is not None and ctx.end > len(ctx.prefix) else f"{k}: ")))
    return T.CompletionList(is_incomplete=False, items=items)


def value_completions(ctx: Context, line: int, note_type: str | None) -> T.CompletionList | None:
    """The values plainnet understands for `cadence`, `status`, `kind`, `type` and `meets`."""
    values = VALUES.get(ctx.key or "")
    if isinstance(values, dict):
        values = values.get(note_type or "", tuple(v for vs in values.values() for v in vs))
    if not values:
        return None
    items = [T.CompletionItem(label=v, kind=T.CompletionItemKind.Value, detail=VALUE_DOCS.get(ctx.key, ""),
                              sort_text=f"{i:03d}",
                              text_edit=T.TextEdit(rng(line, ctx.start, line, ctx.end or ctx.start), v))
             for i, v in enumerate(values) if v.startswith(ctx.prefix)]
    return T.CompletionList(is_incomplete=False, items=items)


# ---------------------------------------------------------------- hover


def ago(d: date, today: date) -> str:
    """`today`, `in 3 days`, `12 days ago` (weeks and months past two of them)."""
    n = (d - today).days
    if n == 0:
        return "today"
    k = abs(n)
    if k == 1:
        span = "1 day"
    elif k < 14:
        span = f"{k} days"
    elif k < 60:
        span = f"{k // 7} weeks"
    else:
        span = f"{k // 30} months"
    return f"in {span}" if n > 0 else f"{span} ago"


def date_hover(d: date, today: date) -> str:
    return f"**{d.isoformat()}** ({d.strftime('%A')}): {ago(d, today)}"


def card_markdown(card: dict, today: date) -> str:
    """A note's card: a person's company, last contact, when the cadence is due, open follow-ups;
    an event's date, kind and attendees; other notes their type and details."""
    out = [f"### {card['title']}", f"*{card.get('type') or 'note'}* · `{card['path']}`"]
    if card.get("company") or card.get("role"):
        out.append(" · ".join(x for x in (card.get("role"), card.get("company")) if x))
    if card.get("type") == "contact":
        lc = card.get("last_contact")
        out.append(f"- last contact: {lc.isoformat()} ({ago(lc, today)})" if lc else "- last contact: never")
        if card.get("cadence"):
            due = card.get("due")
            when = "" if due is None else (f", due {due.isoformat()} ({ago(due, today)})" if due >= today
                                           else f", overdue since {due.isoformat()} ({ago(due, today)})")
            out.append(f"- cadence: {card['cadence']}{when}")
        ups = card.get("follow_ups") or []
        out.append(f"- open follow-ups: {len(ups)}" if ups else "- no open follow-ups")
        for what, due, where in ups[:5]:
            out.append(f"  - [ ] {what}" + (f" (due {due.isoformat()}, {ago(due, today)})" if due else "")
                       + f" — {where}")
    elif card.get("details"):
        out.append(card["details"])
    if card.get("type") == "event" and card.get("attendees"):
        out.append("- attendees: " + ", ".join(card["attendees"]))
    return "\n\n".join(out[:3]) + ("\n\n" + "\n".join(out[3:]) if out[3:] else "")


def finding_hover(rules: list[tuple[str, str, str]]) -> str:
    """(rule, summary, explanation) of the findings on the line."""
    return "\n\n".join(f"**{r}**: {summary}\n\n{explanation}" for r, summary, explanation in rules)


# ---------------------------------------------------------------- symbols


def document_symbols(lines: list[str], first_body_line: int, follow_ups: list[tuple[int, str, bool]]) -> list:
    """Headings (nested by level) and follow-ups ((0-based line, text, open), shown under the
    heading they are written below)."""
    roots: list[T.DocumentSymbol] = []
    stack: list[tuple[int, T.DocumentSymbol]] = []
    heads = headings(lines, first_body_line)
    entries = [(line, 0, level, text) for line, level, text in heads]
    entries += [(line, 1, 0, text) for line, text, _open in follow_ups]
    ups = {line: is_open for line, _t, is_open in follow_ups}
    for line, is_task, level, text in sorted(entries):
        width = len(lines[line]) if line < len(lines) else 0
        r = rng(line, 0, line, width)
        if is_task:
            sym = T.DocumentSymbol(name=text or "(follow-up)", kind=T.SymbolKind.Event, range=r, selection_range=r,
                                   detail="open follow-up" if ups[line] else "done")
            (stack[-1][1].children.append(sym) if stack else roots.append(sym))
            continue
        sym = T.DocumentSymbol(name=text or "(heading)", kind=T.SymbolKind.String, range=r, selection_range=r,
                               detail="#" * level, children=[])
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children.append(sym) if stack else roots.append(sym))
        stack.append((level, sym))
    # a heading's range runs to the next heading of its level or above
    _extend(roots, len(lines))
    return roots


def _extend(symbols: list, end: int) -> None:
    for i, s in enumerate(symbols):
        if s.kind != T.SymbolKind.String:
            continue
        nxt = next((o.range.start.line for o in symbols[i + 1:] if o.kind == T.SymbolKind.String), end)
        last = max(s.range.start.line, nxt - 1)
        s.range = rng(s.range.start.line, 0, last, 0 if last != s.range.start.line else s.range.end.character)
        if s.children:
            _extend(s.children, last + 1)


# ---------------------------------------------------------------- edits


def text_edit(old: str, new: str) -> T.TextEdit | None:
    """The one TextEdit that turns `old` into `new` (the smallest differing span)."""
    e = minimal_edit(old, new)
    if e is None:
        return None
    (l1, c1), (l2, c2), text = e
    return T.TextEdit(rng(l1, c1, l2, c2), text)


def document_edit(uri: str, version: int | None, old: str, new: str) -> T.TextDocumentEdit | None:
    e = text_edit(old, new)
    if e is None:
        return None
    return T.TextDocumentEdit(T.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), [e])


def action(title: str, changes: list, kind=T.CodeActionKind.QuickFix, diagnostics=None,
           preferred: bool = False) -> T.CodeAction:
    return T.CodeAction(title=title, kind=kind, diagnostics=diagnostics or None, is_preferred=preferred or None,
                        edit=T.WorkspaceEdit(document_changes=changes))


def create_note_action(title: str, uri: str, text: str) -> T.CodeAction:
    """Create a note (refusing to overwrite one) and fill it with `text`."""
    return action(title, [
        T.CreateFile(uri=uri, options=T.CreateFileOptions(overwrite=False, ignore_if_exists=True)),
        T.TextDocumentEdit(T.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                           [T.TextEdit(rng(0, 0, 0, 0), text)])])
