"""The request handlers: completion, hover, definition, references, symbols and code actions.

Each gathers data from the server's state and hands it to plainnet.lsp.features; code actions
are workspace edits the editor applies (and can undo): the server never writes a note itself.
"""
from __future__ import annotations

import re

from lsprotocol import types as T

from plainnet.lsp import features as F
from plainnet.lsp import text as X

_TASK_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[ \]")



def _document(ls, params):
    """(uri, vault path, open document) of a request about one document; None outside the vault."""
    uri = params.text_document.uri
    rel = ls.rel_of(uri)
    return None if rel is None else (uri, rel, ls.doc_of(uri))

def _parse(ls, rel: str, text: str):
    return ls.state.vault.index.parser(rel, text.encode("utf-8", "surrogatepass"), checks=False)


def register(server) -> None:
    @server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["[", ":", " ", '"']))
    def completion(ls, params: T.CompletionParams):
        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines, line, col = ls.cursor(doc, params.position)
        ctx = X.completion_context(lines, line, col, doc.source)
        if ctx is None:
            return None
        if ctx.kind == "link":
            if "#" in ctx.prefix:
                out = _heading_completions(ls, rel, ctx, line)
            else:
                out = F.link_completions(ctx, line, ls.state.entries(), ls.state.today)
        elif ctx.kind == "field":
            fm = X.front_matter_lines(doc.source)
            present = {m.group(1) for i in range(fm[0], fm[1]) if i != line
                       and (m := re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[i]))} if fm else set()
            out = F.field_completions(ctx, line, _parse(ls, rel, doc.source).type, present)
        else:
            out = F.value_completions(ctx, line, _parse(ls, rel, doc.source).type)
        if out is not None:
            for item in out.items:
                if isinstance(item.text_edit, T.TextEdit):
                    item.text_edit = ls.convert_edit(lines, item.text_edit)
        return out

    @server.feature(T.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: T.HoverParams):
        from plainnet.rules.registry import RULES

        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines, line, col = ls.cursor(doc, params.position)
        parts, span = [], None
        link = X.link_at(lines, line, col)
        if link is not None:
            target = ls.state.resolve(link.target, rel)
            if target is None:
                parts.append(f"**{link.target}**: no note by this name (a code action creates it)")
            else:
                card = ls.state.card(target)
                if card is not None:
                    parts.append(F.card_markdown(card, ls.state.today))
            span = F.rng(line, link.start, line, link.end)
        else:
            d = X.date_at(lines, line, col)
            if d is not None:
                parts.append(F.date_hover(d[0], ls.state.today))
                span = F.rng(line, d[1], line, d[2])
        rules = []
        for f in ls.published.get(uri, ()):
            if f.line - 1 == line and f.rule in RULES and f.rule not in [r[0] for r in rules]:
                rules.append((f.rule, RULES[f.rule].summary, RULES[f.rule].explanation))
        if rules:
            parts.append(F.finding_hover(rules))
        if not parts:
            return None
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                       range=ls.client_range(lines, span) if span else None)

    @server.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls, params: T.DefinitionParams):
        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines, line, col = ls.cursor(doc, params.position)
        link = X.link_at(lines, line, col)
        if link is None:
            return None
        target = ls.state.resolve(link.target, rel)
        if target is None:
            return None
        turi = ls.uri_of(target)
        at = 0
        if link.heading and target.lower().endswith(".md"):
            tlines = X.split_lines(ls.text_of(target) or "")
            at = X.heading_line(tlines, link.heading, X.body_start("\n".join(tlines))) or 0
        return T.Location(uri=turi, range=F.rng(at, 0, at, 0))

    @server.feature(T.TEXT_DOCUMENT_REFERENCES)
    def references(ls, params: T.ReferenceParams):
        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines, line, col = ls.cursor(doc, params.position)
        link = X.link_at(lines, line, col)
        target = ls.state.resolve(link.target, rel) if link is not None else rel
        if target is None:
            return []
        names = {n.casefold() for n in _names_of(ls, target)}
        out, cache, seen = [], {}, {}
        for src, ln in ls.state.backlinks(target):
            if src not in cache:
                cache[src] = X.split_lines(ls.text_of(src) or "")
            slines = cache[src]
            i = ln - 1
            text = slines[i] if 0 <= i < len(slines) else ""
            nth = seen[(src, i)] = seen.get((src, i), -1) + 1  # (several links on one line)
            spans = _find_links(text, names)
            start, end = spans[nth] if nth < len(spans) else (0, len(text))
            r = F.rng(i, start, i, end)
            out.append(T.Location(uri=ls.uri_of(src), range=ls.client_range(slines, r) if slines else r))
        return out

    @server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls, params: T.DocumentSymbolParams):
        from plainnet.notes.facts import front_matter_follow_ups

        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines = X.split_lines(doc.source)
        note = _parse(ls, rel, doc.source)
        ups = [(t.line - 1, t.text, t.is_open) for t in note.tasks]
        ups += [(line - 1, what, status == " ") for line, what, status, _d, _dd, _i in front_matter_follow_ups(note)]
        out = F.document_symbols(lines, X.body_start(doc.source), [u for u in ups if 0 <= u[0] < len(lines)])
        _convert_symbols(ls, lines, out)
        return out

    @server.feature(T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
    def code_actions(ls, params: T.CodeActionParams):
        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines = X.split_lines(doc.source)
        p = ls.workspace.position_codec.position_from_client_units(doc.lines, params.range.start)
        try:
            return _actions(ls, uri, rel, doc, lines, p.line, p.character, params.context.diagnostics or [])
        except Exception as exc:  # noqa: BLE001 - an action that cannot be built is left out, with a message
            ls.show(f"plainnet: {exc}")
            return []

    @server.feature(T.TEXT_DOCUMENT_RENAME, T.RenameOptions(prepare_provider=False))
    def rename(ls, params: T.RenameParams):
        """Rename the note whose link is under the cursor (else this note): the file is renamed
        and every link to it in the vault rewritten, as one workspace edit the editor applies and
        can undo (the same plan as `plainnet rename`, nothing written here)."""
        got = _document(ls, params)
        if got is None:
            return None
        uri, rel, doc = got
        lines, line, col = ls.cursor(doc, params.position)
        link = X.link_at(lines, line, col)  # the note a link under the cursor leads to, else this one
        target = (ls.state.resolve(link.target, rel) if link is not None else None) or rel
        try:
            return _rename_edit(ls, target, params.new_name)
        except Exception as exc:  # noqa: BLE001 - EditError and the like: said, nothing changed
            ls.show(f"plainnet: cannot rename: {exc}")
            return None


def _heading_completions(ls, rel, ctx, line):
    name, _, typed = ctx.prefix.partition("#")
    target = ls.state.resolve(name.strip(), rel) if name.strip() else rel
    if target is None:
        return None
    tlines = X.split_lines(ls.text_of(target) or "")
    start = ctx.start + len(name) + 1
    items = [T.CompletionItem(label=h, kind=T.CompletionItemKind.Reference, detail="#" * level,
                              sort_text=f"{i:04d}",
                              text_edit=T.TextEdit(F.rng(line, start, line, start + len(typed)),
                                                   h + ("" if ctx.closed or ctx.wrap else "]]")))
             for i, (_l, level, h) in enumerate(X.headings(tlines, X.body_start("\n".join(tlines))))
             if typed.casefold() in h.casefold()]
    return T.CompletionList(is_incomplete=False, items=items)


def _names_of(ls, rel: str) -> list[str]:
    row = ls.state.note_row(rel)
    base = rel.rsplit("/", 1)[-1]
    names = [base, base[:-3] if base.endswith(".md") else base, rel]
    if row is not None:
        names += [row.title, *[a for a in row.aliases if isinstance(a, str)]]
    return names


def _find_links(text: str, names: set) -> list[tuple[int, int]]:
    """The columns of the links to one of `names` on a line, in order."""
    from plainnet.notes.links import MDLINK_SCAN_RE, WIKILINK_SCAN_RE, markdown_link_from, split_wikilink

    spans = [(m.start(), m.end()) for m in WIKILINK_SCAN_RE.finditer(text)
             if split_wikilink(m.group(1))[0].casefold() in names]
    for m in MDLINK_SCAN_RE.finditer(text):
        link = markdown_link_from(m.group(1), m.group(2), 0)
        if link is not None and link.target.casefold() in names:
            spans.append((m.start(), m.end()))
    return sorted(spans)


def _convert_symbols(ls, lines, symbols) -> None:
    for s in symbols:
        s.range = ls.client_range(lines, s.range)
        s.selection_range = ls.client_range(lines, s.selection_range)
        if s.children:
            _convert_symbols(ls, lines, s.children)


# ---------------------------------------------------------------- code actions


def _edit(ls, uri, version, lines, old: str, new: str):
    e = F.document_edit(uri, version, old, new)
    if e is not None:
        e.edits = [ls.convert_edit(lines, x) for x in e.edits]
    return e


def _actions(ls, uri, rel, doc, lines, line, col, diagnostics) -> list:
    from plainnet.write import edit
    from plainnet.write.edit import EditError

    out = []
    old = doc.source
    data = old.encode("utf-8", "surrogatepass")
    today = ls.state.today
    note = _parse(ls, rel, old)
    fm = X.front_matter_lines(old)

    def changed(new_bytes: bytes) -> str:
        return new_bytes.decode("utf-8", "surrogatepass")

    # 1. mark the follow-up under the cursor done
    task = next((t for t in note.tasks if t.line - 1 == line and t.is_open), None)
    if task is not None:
        try:
            e = _edit(ls, uri, doc.version, lines, old, changed(edit.mark_task_done(data, line + 1, today)))
            if e:
                out.append(F.action(f"Mark done: {task.text[:60]}", [e], preferred=True))
        except EditError:
            pass
    elif fm and fm[0] <= line < fm[1]:
        items = note.item_lines.get("follow_ups") or []
        for i, start in enumerate(items):
            stop = items[i + 1] if i + 1 < len(items) else fm[1] + 1
            if start - 1 <= line < stop - 1:
                value = (note.front_matter.get("follow_ups") or [None] * (i + 1))[i]
                if isinstance(value, dict) and not value.get("done"):
                    try:
                        new = edit.set_list_item_field(data, "follow_ups", i, "done", True)
                        e = _edit(ls, uri, doc.version, lines, old, changed(new))
                        if e:
                            what = str(value.get("what") or "follow-up")
                            out.append(F.action(f"Mark done: {what[:60]}", [e], preferred=True))
                    except EditError:
                        pass
                break

    # 2. log a contact today: in a contact, or on a link to one
    link = X.link_at(lines, line, col)
    target = ls.state.resolve(link.target, rel) if link is not None and link.target else None
    contact = rel if note.type == "contact" else None
    if target and target != rel:
        row = ls.state.note_row(target)
        contact = target if row is not None and row.type == "contact" else contact
    if contact:
        from plainnet.record import _logged

        curi = ls.uri_of(contact)
        cdoc = ls.open_doc(curi)
        ctext = old if contact == rel else ls.text_of(contact)
        if ctext is not None:
            try:
                new, _change = _logged(contact, ctext.encode("utf-8", "surrogatepass"), "talked", today, None, None, None)
                clines = X.split_lines(ctext)
                e = _edit(ls, curi, cdoc.version if cdoc else None, clines, ctext, changed(new))
                if e:
                    who = contact.rsplit("/", 1)[-1][:-3]
                    out.append(F.action(f"Log a contact with {who} today ({today.isoformat()})", [e],
                                        kind=T.CodeActionKind.Refactor))
            except EditError:
                pass

    # 3. create the missing note for a dangling link, from its template
    if link is not None and link.target and target is None:
        out.extend(_create_actions(ls, rel, link, line, fm))

    # 4. silence this rule here; 5. fix an unquoted front-matter link
    for d in diagnostics:
        rule = d.code if isinstance(d.code, str) else None
        if not rule:
            continue
        if rule == "data-link-unquoted":
            at = d.range.start.line
            fixed = X.quote_links(lines[at]) if at < len(lines) else None
            if fixed is not None:
                new_lines = list(lines)
                new_lines[at] = fixed
                e = _edit(ls, uri, doc.version, lines, "\n".join(lines), "\n".join(new_lines))
                if e:
                    out.append(F.action("Quote the link so YAML reads it as a link", [e], diagnostics=[d],
                                        preferred=True))
        e = _silence_edit(ls, uri, doc, lines, rule, d.range.start.line, fm)
        if e:
            out.append(F.action(f"Silence {rule} in this note", [e], diagnostics=[d]))
    return out


def _silence_edit(ls, uri, doc, lines, rule, at, fm):
    """`<!-- plainnet-disable RULE -->` above the finding's line in the body, or as the body's first
    line for a finding in the front matter."""
    first = X.body_start(doc.source)
    where = at if at >= first else first
    new_lines = list(lines)
    new_lines.insert(where, f"<!-- plainnet-disable {rule} -->")
    return _edit(ls, uri, doc.version, lines, "\n".join(lines), "\n".join(new_lines))


def _create_actions(ls, rel, link, line, fm) -> list:
    from plainnet.write.edit import EditError
    from plainnet.record import check_name, folder_for, note_text

    try:
        title = check_name(link.target.rsplit("/", 1)[-1])
    except EditError:
        return []
    key = None
    if fm and fm[0] <= line < fm[1]:
        lines = X.split_lines(ls.text_of(rel) or "")
        key = X.parent_key(lines, line, fm[0])
    wanted = X.LINK_FIELDS.get(key or "")
    kinds = [wanted] if wanted else ["contact", "event"]
    out = []
    state = ls.state
    for kind in kinds:
        folder = folder_for(kind, state.vault.config)
        new_rel = f"{folder}/{title}.md" if folder else f"{title}.md"
        if "/" in link.target:  # `[[people/Ann]]` says where
            new_rel = link.target if link.target.lower().endswith(".md") else link.target + ".md"
        text = note_text(state.root, state.vault.config, kind, title, state.today)
        out.append(F.create_note_action(f"Create {kind} note {new_rel}", ls.uri_of(new_rel), text))
    return out


# ---------------------------------------------------------------- rename


def _rename_edit(ls, old_rel: str, new_name: str) -> T.WorkspaceEdit:
    from plainnet.merge import plan_rename

    plan = plan_rename(ls.state.vault, old_rel, new_name)
    changes = []
    for e in plan.edits:
        before, after = e.old.decode("utf-8", "surrogatepass"), e.new.decode("utf-8", "surrogatepass")
        edit = _edit(ls, ls.uri_of(e.path), None, X.split_lines(before), before, after)
        if edit is not None:
            changes.append(edit)
    (new_path, new_data), (old_path, old_data) = plan.create, plan.remove
    before, after = old_data.decode("utf-8", "surrogatepass"), new_data.decode("utf-8", "surrogatepass")
    edit = _edit(ls, ls.uri_of(old_path), None, X.split_lines(before), before, after)  # its own links
    if edit is not None:
        changes.append(edit)
    changes.append(T.RenameFile(old_uri=ls.uri_of(old_path), new_uri=ls.uri_of(new_path),
                                options=T.RenameFileOptions(overwrite=False, ignore_if_exists=False)))
    return T.WorkspaceEdit(document_changes=changes)
