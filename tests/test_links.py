"""plainnet.notes.links: reading wikilinks and Markdown links as Obsidian does, and the keys they resolve by.

How links are found in a note (code, comments, line numbers) is in test_note.py; Obsidian's own
parse of 89 notes is checked in test_obsidian_fidelity.py.
"""
from __future__ import annotations

import unicodedata

import pytest

from plainnet.notes import links
from plainnet.notes.links import (WIKILINK_RE, Link, display_text, link_keys, markdown_link_from, markdown_links_in, norm,
                            split_wikilink, wikilink_parts, wikilinks_in)


@pytest.mark.parametrize("inner, expected", [
    ("Jane Doe", ("Jane Doe", None, None)),
    ("Jane Doe|Jane", ("Jane Doe", None, "Jane")),
    ("Jane Doe#Log", ("Jane Doe", "Log", None)),
    ("Jane Doe#Log|the log", ("Jane Doe", "Log", "the log")),
    ("people/Jane Doe", ("people/Jane Doe", None, None)),
    ("wikilink#heading#sub-heading", ("wikilink", "heading#sub-heading", None)),
    ("#heading", ("", "heading", None)),
    ("#^block", ("", "^block", None)),
    ("wikilink#^block|alias", ("wikilink", "^block", "alias")),
    # Obsidian splits on the first pipe: the display keeps the second (all_link_types.md)
    ("#heading#sub-heading||internal wikilink", ("", "heading#sub-heading", "|internal wikilink")),
    # a pipe in first position does not split (link_in_task_wikilink.md: `[[|alias]]` links to "|alias")
    ("|", ("|", None, None)),
    ("|alias", ("|alias", None, None)),
    ("|#alias", ("|", "alias", None)),
    # a table's escaped pipe
    ("Note\\|alias", ("Note", None, "alias")),
    ("Engelbart.jpg\\|100", ("Engelbart.jpg", None, "100")),
    # whitespace around the target and heading is trimmed (zoni issue 188), the display is kept
    ("    foo    |foo", ("foo", None, "foo")),
    ("foo#^abc ", ("foo", "^abc", None)),
    (" foo#^abc |foo > ^abc", ("foo", "^abc", "foo > ^abc")),
    ("foo| spaced ", ("foo", None, " spaced ")),
    ("a|b", ("a", None, "b")),  # a one-letter target still splits at the pipe after it
    ("", ("", None, None)),
])
def test_split_wikilink(inner, expected):
    assert split_wikilink(inner) == expected


def test_wikilinks_in_text():
    got = wikilinks_in("See [[A]], ![[pic.png|200]], [[]] and [[B#H|b]] but not \\[[C]] or [[unclosed", 7,
                       where="front_matter", key="k")
    assert [(l.target, l.heading, l.display, l.embed, l.line, l.where, l.key) for l in got] == [
        ("A", None, None, False, 7, "front_matter", "k"),
        ("pic.png", None, "200", True, 7, "front_matter", "k"),
        ("B", "H", "b", False, 7, "front_matter", "k"),
    ]


def test_an_escaped_wikilink_is_skipped_and_the_next_one_still_found():
    assert [l.target for l in wikilinks_in("not \\[[C]] but [[D]] and ![[E]]", 1)] == ["D", "E"]


def test_markdown_links_carry_the_line_they_are_on():
    assert [(l.target, l.line) for l in markdown_links_in("[a](x.md) \\[b](y.md) [c](z.md)", 12)] == [("x.md", 12), ("z.md", 12)]


@pytest.fixture
def fresh_memo(monkeypatch):
    """wikilink_parts memoises per text; a fresh memo makes each test compute, then remember."""
    memo = {}
    monkeypatch.setattr(links, "_PARTS", memo)
    return memo


@pytest.mark.parametrize("inner, expected", [
    ("Jane", ("Jane", None, None)),
    ("#Log", ("", "Log", None)),
    ("#", ("", "", None)),
    ("", None),  # `[[]]`: Obsidian ignores it
    ("  ", None),
    ("|", ("|", None, None)),
])
def test_wikilink_parts_computes_then_remembers_the_same_answer(fresh_memo, inner, expected):
    assert wikilink_parts(inner) == expected
    assert fresh_memo == {inner: expected}
    assert wikilink_parts(inner) == expected


def test_the_wikilink_memo_stops_growing_at_its_cap(fresh_memo):
    fresh_memo.update((str(i), (str(i), None, None)) for i in range(100_000))
    assert wikilink_parts("Jane") == ("Jane", None, None)
    assert len(fresh_memo) == 100_000 and "Jane" not in fresh_memo
    fresh_memo.pop("0")
    assert wikilink_parts("Jane") == ("Jane", None, None)
    assert len(fresh_memo) == 100_000 and "Jane" in fresh_memo


def test_a_wikilink_holds_no_brackets_or_newline():
    assert wikilinks_in("[[a [b] c]] [[x\ny]] [[[z]]]", 1) == [Link("z", None, None, 1)]


@pytest.mark.parametrize("text, raw, expected", [
    ("Jane", "people/Jane%20Doe.md", ("people/Jane Doe.md", None, "Jane", False)),
    ("h", "Test%20Data/x.md#heading", ("Test Data/x.md", "heading", "h", False)),
    ("s", "Manual%20Testing/Smoke%20Testing#How%20the%20tests%20work", ("Manual Testing/Smoke Testing", "How the tests work", "s", False)),
    ("p", "pa#th/path/x.md", ("pa", "th/path/x.md", "p", False)),
    ("p", "x.md#one#two", ("x.md", "one#two", "p", False)),  # cut at the first `#`
    ("l", "#local", ("", "local", "l", False)),
    ("a", "<My Note.md>", ("My Note.md", None, "a", False)),
    ("a", "a_pdf_file.pdf", ("a_pdf_file.pdf", None, "a", False)),
])
def test_markdown_link_from(text, raw, expected):
    link = markdown_link_from(text, raw, 3)
    assert (link.target, link.heading, link.display, link.embed) == expected
    assert link.markdown and link.line == 3


@pytest.mark.parametrize("raw", ["https://example.com", "mailto:a@b.c", "obsidian://open?vault=x", "", "<>"])
def test_markdown_links_that_are_not_note_links(raw):
    assert markdown_link_from("x", raw, 1) is None


def test_markdown_links_in_text():
    got = markdown_links_in('[a](x.md) ![img](p.png "title") [web](https://e.com) \\[no](y.md) [e]() [t](z.md \'t\')', 2)
    assert [(l.target, l.display, l.embed) for l in got] == [("x.md", "a", False), ("p.png", "img", True), ("z.md", "t", False)]


def test_wikilink_re_keeps_its_groups_for_other_modules():
    m = WIKILINK_RE.search("x ![[Jane Doe|Jane]] y")
    assert m.group(1) == "!" and m.group(2) == "Jane Doe|Jane"


def test_display_text():
    assert display_text("Call [[Jane Doe|Jane]] about [[Acme]] and [[#Log]]") == "Call Jane about Acme and Log"
    assert display_text("an empty [[]] link shows nothing") == "an empty  link shows nothing"


def test_link_to_json_is_the_show_json_shape():
    link = Link("Jane Doe", "Log", "Jane", 4, "front_matter", "attendees", embed=False)
    assert link.to_json("people/Jane Doe.md") == {
        "target": "Jane Doe", "heading": "Log", "display": "Jane", "line": 4, "in": "front_matter",
        "key": "attendees", "embed": False, "resolved": "people/Jane Doe.md"}


def test_norm_is_nfc_casefolded_and_trimmed():
    nfd = unicodedata.normalize("NFD", "Zoë Straße")
    assert nfd != "Zoë Straße"
    assert norm(nfd) == norm(" ZOË STRASSE ") == "zoë strasse"


def test_link_keys():
    assert link_keys("People/Jane Doe.md") == ["people/jane doe.md", "people/jane doe"]
    assert link_keys("/Jane") == ["jane"]
    assert link_keys("../groups/Chamber", "people/sub") == ["people/groups/chamber", "../groups/chamber"]
    assert link_keys("a\\b") == ["a/b"]
    assert link_keys("./Sub/Jane.md", "people") == ["people/sub/jane.md", "./sub/jane.md", "./sub/jane"]
    # without the linking note's folder a relative link is only its own text
    assert link_keys("./Jane.md") == ["./jane.md", "./jane"]


# ---------------------------------------------------------------- resolution through a vault


@pytest.fixture
def network(make_vault):
    from plainnet import open_vault

    root = make_vault({
        "people/Jane Doe.md": "---\ntype: contact\naliases: [JD, Janie]\n---\n## Log\n",
        "people/Uppercased-note.md": "",
        "events/2026-11-03 Chamber breakfast.md": "---\ntype: event\nattendees: [\"[[jane doe]]\", \"[[JD]]\"]\n---\n"
                                                  "[[people/Jane Doe#Log|Jane]] [[uppercased-note]] [[#Agenda]] "
                                                  "![[card.png]] [j](../people/Jane%20Doe.md) [[Nobody]]\n## Agenda\n",
        "a/Note.md": "[[Note]]\n",
        "b/Note.md": "[[Note]]\n",
        "attachments/card.png": b"\x89PNG",
    })
    with open_vault(root) as v:
        yield v


def test_links_resolve_by_path_title_alias_case_insensitively(network):
    from plainnet.listing import show_note

    shown = show_note(network, "2026-11-03 Chamber breakfast")
    got = [(l["target"], l["in"], l["resolved"]) for l in shown["links"]]
    assert got == [
        ("jane doe", "front_matter", "people/Jane Doe.md"),
        ("JD", "front_matter", "people/Jane Doe.md"),
        ("people/Jane Doe", "body", "people/Jane Doe.md"),
        ("uppercased-note", "body", "people/Uppercased-note.md"),
        ("", "body", "events/2026-11-03 Chamber breakfast.md"),
        ("card.png", "body", "attachments/card.png"),
        ("../people/Jane Doe.md", "body", "people/Jane Doe.md"),
        ("Nobody", "body", None),
    ]
    broken = [f for f in network.findings() if f.rule == "data-link"]
    assert [(f.path, f.line) for f in broken] == [("events/2026-11-03 Chamber breakfast.md", 5)]


def test_a_title_two_notes_share_resolves_to_the_one_beside_the_link(network):
    assert network.resolve("Note", "a/Note.md") == "a/Note.md"
    assert network.resolve("Note", "b/Note.md") == "b/Note.md"


def test_lookup_by_alias_and_title(network):
    assert network.lookup("janie") == network.lookup("JANE DOE") == network.lookup("people/Jane Doe.md") == "people/Jane Doe.md"


from hypothesis import given, settings, strategies as st  # noqa: E402

_PART = st.sampled_from(["a", "B", "people", "Jane Doe", "jane doe", "Zoë", "x.md", "Notes"])


@settings(max_examples=300, deadline=None)
@given(notes=st.lists(st.lists(_PART, min_size=1, max_size=3), max_size=12),
       files=st.lists(st.lists(st.sampled_from(["a", "img", "pic.png", "Jane Doe.png", "people"]), min_size=1,
                               max_size=3), max_size=4),
       ext=st.sampled_from([".md", ".MD"]))
def test_the_compact_walk_table_answers_like_a_table_of_lists(notes, files, ext):
    """walk_table keeps one path per unambiguous key (the workers of a 100,000-note index share it);
    every key must give the hits, ranks included, a plain {key: [(rank, path)]} table gives."""
    from plainnet.index.names import add_files, note_keys, title_of, walk_table

    paths = sorted({"/".join(n) + ext for n in notes})
    atts = sorted({"/".join(f) for f in files} - set(paths))
    plain: dict = {}
    for p in paths:
        for key, rank in note_keys(p, title_of(p)):
            plain.setdefault(key, []).append((rank, p))
    add_files(plain, atts)
    compact = walk_table(paths, atts)
    for key, hits in plain.items():
        assert sorted(compact.get(key)) == sorted(hits), key
    assert compact.get("no such key") is None
