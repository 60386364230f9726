"""The language server's pure parts: where the cursor is, and what the editor is told."""
from __future__ import annotations

from datetime import date

from lsprotocol import types as T

from plainnet.notes.findings import Finding
from plainnet.lsp import features as F
from plainnet.lsp import text as X

NOTE = '---\ntype: event\nattendees:\n  - "[[Ja\nstatus: \nkind: co\n---\n\n# Top\n\n## Sub\n\nSee [[Jo'


def test_completion_context_knows_links_fields_and_values():
    lines = X.split_lines(NOTE)
    ctx = X.completion_context(lines, 3, 9, NOTE)
    assert (ctx.kind, ctx.prefix, ctx.key, ctx.wrap) == ("link", "Ja", "attendees", False)
    ctx = X.completion_context(lines, 4, 8, NOTE)
    assert (ctx.kind, ctx.key, ctx.prefix) == ("value", "status", "")
    ctx = X.completion_context(lines, 5, 8, NOTE)
    assert (ctx.kind, ctx.key, ctx.prefix, ctx.start) == ("value", "kind", "co", 6)
    ctx = X.completion_context(lines, 1, 2, NOTE)
    assert (ctx.kind, ctx.prefix, ctx.end) == ("field", "ty", 4)
    ctx = X.completion_context(lines, 12, 9, NOTE)
    assert (ctx.kind, ctx.prefix, ctx.key) == ("link", "Jo", None)
    assert X.completion_context(lines, 8, 3, NOTE) is None  # a heading is not completed


def test_a_link_field_without_brackets_gets_a_quoted_link():
    text = '---\nmet: "Co\n---\n'
    ctx = X.completion_context(X.split_lines(text), 1, 8, text)
    assert (ctx.kind, ctx.prefix, ctx.wrap, ctx.start) == ("link", "Co", True, 5)
    names = [F.NameInfo("events/Coffee.md", "Coffee", "event"), F.NameInfo("people/Cora.md", "Cora", "contact")]
    got = F.link_completions(ctx, 1, F.name_entries(names))
    assert [(i.label, i.text_edit.new_text) for i in got.items] == [("Coffee", '"[[Coffee]]"'), ("Cora", '"[[Cora]]"')]
    assert got.items[0].text_edit.range == F.rng(1, 5, 1, 8)


def test_links_and_dates_under_the_cursor():
    lines = ["See [[Jane Doe#Log|her]] and [card](people/Jane%20Doe.md#Log) on 2026-11-20, not 2026-13-45."]
    link = X.link_at(lines, 0, 6)
    assert (link.target, link.heading, link.start, link.end) == ("Jane Doe", "Log", 4, 24)
    link = X.link_at(lines, 0, 35)
    assert (link.target, link.heading, link.markdown) == ("people/Jane Doe.md", "Log", True)
    assert X.link_at(lines, 0, 2) is None
    assert X.date_at(lines, 0, 70)[0] == date(2026, 11, 20)
    assert X.date_at(lines, 0, lines[0].index("2026-13") + 2) is None


def test_quote_links_and_minimal_edits():
    assert X.quote_links("attendees: [[Jane Doe]]") == 'attendees: "[[Jane Doe]]"'
    assert X.quote_links("attendees: [[[A]], [[B]]]") == 'attendees: ["[[A]]", "[[B]]"]'
    assert X.quote_links('  - "[[A]]"') is None
    assert X.minimal_edit("a\nbc\nd", "a\nbXc\nd") == ((1, 1), (1, 1), "X")
    assert X.minimal_edit("same", "same") is None
    assert F.text_edit("a\nb", "a\nb\nc").range == F.rng(1, 1, 1, 1)


def test_headings_skip_code_and_nest_in_symbols():
    lines = ["# A", "```", "# not a heading", "```", "## B", "- [ ] call Bo", "# C"]
    assert X.headings(lines) == [(0, 1, "A"), (4, 2, "B"), (6, 1, "C")]
    syms = F.document_symbols(lines, 0, [(5, "call Bo", True)])
    assert [s.name for s in syms] == ["A", "C"]
    assert [c.name for c in syms[0].children] == ["B"]
    assert syms[0].children[0].children[0].name == "call Bo"
    assert syms[0].range.end.line == 5  # A runs to C


def test_diagnostics_and_hovers_say_what_and_when():
    d = F.diagnostic(Finding("n.md", 2, "data-date", "bad date", "error", 3), ["x", "date: 2026-13-45 "],
                     "file:///r.md", "a summary")
    assert (d.code, d.severity, d.range) == ("data-date", T.DiagnosticSeverity.Error, F.rng(1, 2, 1, 16))
    assert d.code_description.href == "file:///r.md#data-date"
    today = date(2026, 11, 15)
    assert F.ago(date(2026, 11, 20), today) == "in 5 days"
    assert F.ago(date(2026, 10, 1), today) == "6 weeks ago"
    assert F.ago(today, today) == "today"
    assert "Friday" in F.date_hover(date(2026, 11, 20), today)
    card = F.card_markdown({"title": "Jane", "path": "people/Jane.md", "type": "contact", "company": "Acme",
                            "last_contact": date(2026, 10, 1), "cadence": "1m", "due": date(2026, 10, 31),
                            "follow_ups": [("Send deck", date(2026, 11, 1), "people/Jane.md:9")]}, today)
    assert "overdue since 2026-10-31 (2 weeks ago)" in card and "Send deck" in card and "Acme" in card
