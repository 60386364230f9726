"""plainnet.notes.parse.parse_note: one file's bytes -> front matter, links, tags, tasks and located findings.

The edge cases of issue 2 (BOM, CRLF, UTF-16, NFC/NFD names, empty and front-matter-only files,
`---` rules, bad dates, invalid YAML, Python object tags, symlinks, unquoted links, Obsidian and
Dataview dates), Obsidian's rules for tags, tasks, code and comments, two hypothesis properties,
and every Markdown file of the public corpora.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plainnet.notes.parse import normalize_newlines, parse_note

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def parse(data, path: str = "people/Jane Doe.md"):
    return parse_note(path, data.encode("utf-8") if isinstance(data, str) else data)


def findings(note, rule: str | None = None):
    return [(f.line, f.rule) for f in note.findings if rule is None or f.rule == rule]


def links(note, where: str | None = None):
    return [(l.line, l.target, l.heading, l.display) for l in note.links if where is None or l.where == where]


def tasks(note):
    return [(t.line, t.status, t.text) for t in note.tasks]


def corpus(rel: str) -> Path:
    p = CORPORA / rel
    if not p.exists():
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): {p} not found")
    return p


# ---------------------------------------------------------------- encodings and line ends

NOTE = "---\ntype: contact\nmet: 2026-13-45\naliases: [Jane]\n---\n# Jane\n\n- [ ] call [[Bob]] #work 📅 2026-11-20\n"


def _summary(note):
    return (note.front_matter, note.fm_lines, note.body_line, links(note), note.tag_lines, tasks(note),
            findings(note), note.aliases, note.type)


def test_a_bom_does_not_hide_the_front_matter():
    # python-frontmatter alone reads no front matter after a BOM; plainnet must
    lf = parse(NOTE)
    assert lf.front_matter["type"] == "contact"
    assert _summary(parse(b"\xef\xbb\xbf" + NOTE.encode())) == _summary(lf)


def test_a_bom_fixture_from_another_front_matter_library():
    note = parse(corpus("posit-dev-frontmatter/tests/testthat/fixtures/yaml-utf8-bom.md").read_bytes())
    assert note.front_matter == {"title": "BOM Test"}
    assert note.body.strip() == "Content after BOM"


@pytest.mark.parametrize("eol", ["\r\n", "\r\r\n"], ids=["CRLF", "CR-CR-LF"])
def test_crlf_and_cr_cr_lf_read_like_lf_with_the_same_line_numbers(eol):
    """A CR before an LF belongs to the line end (as in git, grep -n and plainnet's own editor code),
    so a doubly converted Windows file numbers its lines like the LF original."""
    note = parse(NOTE.replace("\n", eol))
    assert _summary(note) == _summary(parse(NOTE))
    assert findings(note) == [(3, "data-date")]
    assert "\r" not in note.tasks[0].text


def test_a_bom_and_crlf_together():
    assert _summary(parse(b"\xef\xbb\xbf" + NOTE.replace("\n", "\r\n").encode())) == _summary(parse(NOTE))


def test_a_file_with_only_cr_line_ends_classic_mac():
    assert _summary(parse(NOTE.replace("\n", "\r"))) == _summary(parse(NOTE))


def test_a_stray_cr_inside_a_line_stays_content():
    assert normalize_newlines("a\rb\nc\r\n") == "a\rb\nc\n"


def test_utf16_le_with_bom_and_crlf_from_jekyll():
    note = parse(corpus("jekyll-jekyll/test/source/_encodings/Unicode16LECRLFandBOM.md").read_bytes())
    assert note.front_matter["title"] == "Unicode16CRLFandBOM"
    assert note.front_matter["layout"] == "post"
    assert note.fm_lines == {"layout": 2, "title": 3, "date": 4, "categories": 5}
    assert findings(note) == []


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_either_byte_order_with_a_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    assert _summary(parse(bom + NOTE.replace("\n", "\r\n").encode(codec))) == _summary(parse(NOTE))


def test_bytes_that_are_not_utf8_are_a_located_warning():
    note = parse(b"---\ntype: contact\n---\nCaf\xe9 [[Bob]]\n")
    assert note.front_matter == {"type": "contact"}
    assert links(note) == [(4, "Bob", None, None)]
    [f] = note.findings
    assert (f.rule, f.severity) == ("data-file", "warning") and "line 4" in f.message


# ---------------------------------------------------------------- where the front matter is


def test_an_empty_file():
    note = parse(b"")
    assert (note.front_matter, note.links, note.tags, note.tasks, note.findings, note.body_line) == ({}, [], [], [], [], 1)


def test_the_empty_dataview_note_from_the_corpora():
    note = parse(corpus("blacksmithgu-obsidian-dataview/test-vault/blog/2021-08-08-a-post.md").read_bytes())
    assert note.front_matter == {} and note.findings == []


@pytest.mark.parametrize("text", ["---\ntype: group\npurpose: learn\n---", "---\ntype: group\npurpose: learn\n---\n"])
def test_a_front_matter_only_file(text):
    note = parse(text)
    assert note.front_matter == {"type": "group", "purpose": "learn"}
    assert note.type == "group"
    assert note.body == "" and note.body_line == text.count("\n") + 1 and note.findings == []


def test_empty_front_matter_with_crlf_from_jekyll():
    raw = corpus("jekyll-jekyll/test/source/_roles/unnamed.md").read_bytes()
    assert raw.startswith(b"---\r\n---\r\n")
    note = parse(raw)
    assert note.front_matter == {} and note.findings == [] and note.body_line == 3
    assert parse(b"---\r\n---\r\n").front_matter == {}


def test_a_horizontal_rule_in_the_body_is_not_front_matter():
    note = parse("Intro [[Bob]]\n\n---\ntype: contact\n---\n- [ ] task\n")
    assert note.front_matter == {} and note.type is None
    assert links(note) == [(1, "Bob", None, None)]
    assert tasks(note) == [(6, " ", "task")]


def test_a_rule_after_the_front_matter_stays_in_the_body():
    note = parse("---\ntype: event\n---\ntext\n\n---\n\nmore [[Bob]]\n")
    assert note.front_matter == {"type": "event"}
    assert links(note) == [(8, "Bob", None, None)]


@pytest.mark.parametrize("opening", ["----", "--- x", " ---", "---x"])
def test_an_opening_line_that_is_not_exactly_three_dashes_opens_no_front_matter(opening):
    """Like Obsidian (and python-frontmatter's `extra-dash.txt` fixture): `----` is not a fence."""
    note = parse(f"{opening}\ntype: contact\n---\n[[Bob]]\n")
    assert note.front_matter == {} and note.fm_lines == {}
    assert links(note) == [(4, "Bob", None, None)]


def test_trailing_blanks_after_the_fences_are_allowed():
    note = parse("--- \ntype: contact\n---\t\nbody\n")
    assert note.front_matter == {"type": "contact"} and note.body_line == 4


def test_a_front_matter_that_never_closes_is_body_text():
    note = parse("---\ntype: contact\n[[Bob]]\n")
    assert note.front_matter == {} and note.findings == []
    assert links(note) == [(3, "Bob", None, None)]


def test_python_frontmatter_fixtures_extra_dash_and_extra_space():
    assert parse(corpus("eyeseast-python-frontmatter/tests/yaml/extra-dash.txt").read_bytes()).front_matter == {}
    assert parse(corpus("eyeseast-python-frontmatter/tests/yaml/extra-space.txt").read_bytes()).front_matter != {}


def test_json_front_matter_is_read_with_its_lines():
    note = parse('---\n{\n  "tags": "journal",\n  "type": "contact"\n}\n---\n')
    assert note.front_matter == {"tags": "journal", "type": "contact"}
    assert note.tags == ["journal"] and note.type == "contact"
    assert note.fm_lines == {"tags": 3, "type": 4}


# ---------------------------------------------------------------- dates


def test_an_impossible_date_is_a_data_date_finding_at_its_file_line():
    """python-frontmatter alone raises ValueError on `met: 2026-13-45`; plainnet reports it."""
    note = parse("---\ntype: contact\nname: Jane\n\nmet: 2026-13-45\n---\n")
    assert note.front_matter["met"] == "2026-13-45"
    assert findings(note) == [(5, "data-date")]
    assert "2026-13-45" in note.findings[0].message


def test_a_bad_date_is_located_after_a_bom_and_crlf():
    note = parse(b"\xef\xbb\xbf---\r\ntype: event\r\ndate: 2026-02-30\r\n---\r\n")
    assert findings(note) == [(3, "data-date")]


@pytest.mark.parametrize("key", ["last_contact", "date", "joined", "met"])
@pytest.mark.parametrize("value", ["2026-11-03", "2026-11-03T14:30", "2026-11-03T14:30:00",
                                   "2021-11-01T01:00:00[Europe/Paris]", "2021-10-01T02:00:00+02:00",
                                   '"2026-11-03"'])
def test_obsidian_date_date_time_and_dataview_values_are_dates(key, value):
    note = parse(f"---\ntype: contact\n{key}: {value}\n---\n")
    assert findings(note) == []
    assert isinstance(note.front_matter[key], str) and note.front_matter[key].startswith("202")


def test_dates_become_iso_strings():
    note = parse("---\nd: 2026-11-03\nt: 2026-11-03T14:30:05\nz: 2021-10-01T02:00:00+02:00\nspace: 2010-01-10 13:07:09\n"
                 "obsidian: 2024-07-21T12:37\n---\n")
    assert note.front_matter == {"d": "2026-11-03", "t": "2026-11-03T14:30:05", "z": "2021-10-01T02:00:00+02:00",
                                 "space": "2010-01-10T13:07:09", "obsidian": "2024-07-21T12:37"}


def test_the_dataview_blog_post_with_a_zone_suffix():
    note = parse(corpus("blacksmithgu-obsidian-dataview/test-vault/blog/2020-08-08-an-earlier-post.md").read_bytes())
    assert note.front_matter["fourth_date"] == "2021-11-01T01:00:00[Europe/Paris]"
    assert note.front_matter["start_date"] == "2021-10-01T02:00:00+02:00"
    assert findings(note) == []


@pytest.mark.parametrize("value", ["next week", "2026-13-45", "20261103", "2026/11/03", "13", "true"])
def test_anything_else_in_a_date_field_is_a_finding(value):
    note = parse(f"---\ntype: contact\nlast_contact: {value}\n---\n")
    assert findings(note) == [(3, "data-date")]


def test_met_may_be_a_link_or_words_instead_of_a_date():
    assert findings(parse('---\nmet: "[[2026-11-03 Chamber breakfast]]"\n---\n')) == []
    assert findings(parse("---\nmet: at the chamber breakfast\n---\n")) == []


def test_ledger_and_follow_up_dates_are_checked_at_their_item_lines():
    note = parse("---\ntype: contact\ngave:\n  - date: 2026-01-05\n    what: intro\n  - date: 2026-14-01\n    what: x\n"
                 "follow_ups:\n  - {due: soon, what: call}\n---\n")
    assert sorted(findings(note)) == [(6, "data-date"), (9, "data-date")]


# ---------------------------------------------------------------- invalid and unsafe YAML


def test_invalid_yaml_is_located_at_the_file_line():
    note = parse("---\ntype: contact\nname: Jane\nrole: [unclosed\nemail: x\n---\n[[Bob]]\n")
    [f] = note.findings
    assert f.rule == "data-yaml" and f.severity == "error" and 2 <= f.line <= 5
    assert note.yaml_ok is False and note.front_matter == {}
    assert links(note) == [(7, "Bob", None, None)]  # the body is still read


def test_kepano_templates_with_unquoted_placeholders_are_located_and_explained():
    folder = CORPORA / "kepano-kepano-obsidian" / "Templates"
    if not folder.is_dir():
        pytest.skip("needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): the kepano vault not found")
    seen = 0
    for path in sorted(folder.glob("*.md")):
        raw = path.read_bytes()
        note = parse(raw, f"Templates/{path.name}")
        for f in note.findings:
            if f.rule == "data-yaml":
                seen += 1
                assert "{{" in raw.decode().split("\n")[f.line - 1], (path.name, f.line)
                assert "must be quoted" in f.message
    assert seen == 28


def test_people_template_reports_the_created_line():
    note = parse(corpus("kepano-kepano-obsidian/Templates/People Template.md").read_bytes())
    assert findings(note) == [(6, "data-yaml")]


def test_a_python_object_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        note = parse(f'---\ntype: contact\nx: {tag} ["touch {marker}"]\n---\n')
        assert findings(note) == [(3, "data-yaml")], tag
        assert "refuses" in note.findings[0].message
        assert note.front_matter == {}
    assert not marker.exists()


def test_front_matter_that_is_not_a_mapping():
    for text in ("---\n- a\n- b\n---\n", "---\njust words\n---\n", "---\n42\n---\n"):
        note = parse(text)
        assert findings(note) == [(2, "data-yaml")] and note.front_matter == {}


def test_a_repeated_key_is_a_warning_and_the_last_value_wins():
    note = parse("---\nrole: a\nrole: b\n---\n")
    assert note.front_matter == {"role": "b"}
    assert [(f.line, f.rule, f.severity) for f in note.findings] == [(3, "data-yaml", "warning")]
    assert note.fm_lines["role"] == 3


def test_aliases_that_expand_exponentially_are_refused_quickly():
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    note = parse("---\n" + "\n".join(rows) + "\n---\n[[Bob]]\n")
    assert findings(note) == [(2, "data-yaml")] and note.front_matter == {}
    assert links(note) == [(12, "Bob", None, None)]


def test_a_list_that_contains_itself_is_refused():
    note = parse("---\na: &a [*a]\n---\n")
    assert findings(note) == [(2, "data-yaml")] and note.front_matter == {}
    json.dumps(note.front_matter)


def test_a_control_character_in_yaml_is_located():
    note = parse("---\ntype: contact\nname: a\x07b\n---\n")
    assert findings(note) == [(3, "data-yaml")]


def test_yaml_values_are_normalised_for_json():
    note = parse("---\n7: seven\ntrue: yes\n~: nothing\nnested: {2: two, false: no}\nnan: .nan\ninf: -.inf\n"
                 "bin: !!binary aGVsbG8=\nset: !!set {b, a}\nomap: !!omap [{x: 1}, {y: 2}]\n---\n")
    assert note.front_matter == {"7": "seven", "true": True, "null": "nothing", "nested": {"2": "two", "false": False},
                                 "nan": ".nan", "inf": "-.inf", "bin": "<5 bytes>", "set": ["a", "b"],
                                 "omap": [["x", 1], ["y", 2]]}
    assert set(note.fm_lines) == set(note.front_matter)
    json.dumps(note.front_matter, allow_nan=False)


def test_key_and_list_item_lines():
    note = parse("---\ntype: event\nattendees:\n  - \"[[Ann]]\"\n\n  - \"[[Bob]]\"\nobjectives: [a, b]\n---\n")
    assert note.fm_lines == {"type": 2, "attendees": 3, "objectives": 7}
    assert note.item_lines == {"attendees": [4, 6], "objectives": [7, 7]}
    assert links(note, "front_matter") == [(4, "Ann", None, None), (6, "Bob", None, None)]


# ---------------------------------------------------------------- links in front matter


def test_unquoted_links_in_front_matter_are_understood_with_a_warning():
    note = parse("---\ntype: event\nattendees: [[Jane Doe]]\nwith:\n  - [[Jane]]\n  - \"[[Bob|B]]\"\n"
                 "  - [[Ann Lee|Ann]]\n---\n")
    assert [(l.line, l.key, l.target, l.display, l.unquoted) for l in note.links] == [
        (3, "attendees", "Jane Doe", None, True),
        (5, "with", "Jane", None, True),
        (6, "with", "Bob", "B", False),
        (7, "with", "Ann Lee", "Ann", True),
    ]
    assert [(f.line, f.rule, f.severity) for f in note.findings] == [
        (3, "data-link-unquoted", "warning"), (5, "data-link-unquoted", "warning"), (7, "data-link-unquoted", "warning")]
    assert 'write "[[Jane Doe]]"' in note.findings[0].message
    # the values stay what YAML read
    assert note.front_matter["attendees"] == [["Jane Doe"]]


def test_a_real_nested_list_is_not_a_link():
    note = parse("---\nmatrix: [[1, 2], [3, 4]]\npairs:\n  - [a]\n---\n")
    assert note.links == [] and note.findings == []


def test_links_inside_nested_front_matter():
    note = parse('---\ngave:\n  - date: 2026-01-05\n    what: intro to "[[Ann]]"\nmeta: {by: "[[Bob#Log]]"}\n---\n')
    assert [(l.key, l.target, l.heading, l.line) for l in note.links] == [("gave", "Ann", None, 3), ("meta", "Bob", "Log", 5)]


def test_a_string_that_merely_mentions_brackets_is_not_a_link():
    note = parse('---\nnote: "see [x] and [[ ]]"\n---\n')
    assert note.links == []


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize("text, expected", [
    ("#work", ["work"]),
    ("a #work b #home", ["work", "home"]),
    ("#nested/tag/deep #with-dash #with_underscore", ["nested/tag/deep", "with-dash", "with_underscore"]),
    ("#café #日本語 #Ωmega #emoji🎉", ["café", "日本語", "Ωmega", "emoji🎉"]),
    ("#1984 #y1984 #2024-01 #12/34", ["y1984", "2024-01", "12/34"]),
    ("#foo. #bar, #baz: #qux! #quux? (#paren) #a;b", ["foo", "bar", "baz", "qux", "quux", "a"]),
    ("word#notatag a#b", []),
    ("# Heading\n## Sub #tag", ["tag"]),
    ("`#code` and ``#more `x` code``", []),
    ("<!-- #hidden --> #shown", ["shown"]),
    ("%% #hidden %% #shown", ["shown"]),
    ("[[Note #not-a-tag]] #after", ["after"]),
    ("https://example.com/page#anchor [x](https://e.com/#frag)", []),
    ("\\[\\[#Escaped Links\\]\\]", ["Escaped"]),
    ("#trailing/ #a—b", ["trailing", "a"]),
    ("#", []),
])
def test_body_tags_follow_obsidians_rules(text, expected):
    assert parse(text).tags == expected


def test_tags_in_code_blocks_are_not_tags():
    note = parse("```\n#not\n```\n~~~\n#nor\n~~~\n- item\n  ```sh\n  #nor-this\n  ```\n#yes\n")
    assert note.tag_lines == [(11, "yes")]


def test_front_matter_tags_as_obsidian_reads_them():
    assert parse("---\ntags: single-value\n---\n").tags == ["single-value"]
    assert parse("---\ntags: value-1, value-2\n---\n").tags == []  # a comma string: none (edge case 6)
    assert parse("---\ntags:\n---\n").tags == []
    assert parse("---\ntags: []\n---\n").tags == []
    assert parse("---\ntags: [a, '#b', nested/c]\n---\n#body").tags == ["a", "b", "nested/c", "body"]
    assert parse("---\nTAG: [a]\n---\n").tags == []


def test_body_tags_have_their_lines():
    note = parse("---\ntags: [fm]\n---\nx #one\n\ny #two #three\n")
    assert note.tags == ["fm", "one", "two", "three"]
    assert note.tag_lines == [(4, "one"), (6, "two"), (6, "three")]


# ---------------------------------------------------------------- tasks


def test_any_status_character_is_a_task():
    note = parse("- [ ] todo\n- [x] done\n- [X] Done\n- [/] doing\n- [-] cancelled\n- [>] forwarded\n- [?] q\n- [!] i\n")
    assert [(t.line, t.status) for t in note.tasks] == [(1, " "), (2, "x"), (3, "X"), (4, "/"), (5, "-"), (6, ">"),
                                                         (7, "?"), (8, "!")]
    assert [t.is_open for t in note.tasks] == [True, False, False, True, False, True, True, True]


@pytest.mark.parametrize("text", ["1. [ ] a", "2) [ ] a", "10. [x] a", "* [ ] a", "+ [ ] a", "  - [ ] a", "\t- [ ] a",
                                  "> - [ ] a", ">> - [ ] a", " >>> - [ ] a", "> [!todo] x\n> - [ ] a", "- [ ]"])
def test_task_items_in_every_list_style_and_in_callouts(text):
    note = parse(text)
    assert len(note.tasks) == 1
    assert note.tasks[0].line == text.count("\n") + 1


@pytest.mark.parametrize("text", ["-[ ] a", "- [] a", "- [ab] a", "- [x]a", "[ ] a", "- [[link]]", "1 [ ] a",
                                  "\u200b\t- [ ] zero-width space first",
                                  "```\n- [ ] a\n```", "<!--\n- [ ] a\n-->", "%%\n- [ ] a\n%%", "`- [ ] a`"])
def test_things_that_are_not_tasks(text):
    assert parse(text).tasks == []


def test_task_text_dates_and_line_numbers():
    note = parse("---\ntype: event\n---\n"
                 "- [ ] Send Jane my resume 📅 2026-11-20 ⏳ 2026-11-18 🛫 2026-11-17\n"
                 "- [ ] Call Bob [due:: 2026-11-21]\n"
                 "- [x] Sent ✅ 2026-11-02\n"
                 "- [ ] Dropped ❌ 2026-11-03\n"
                 "- [ ] Bad 📅 2026-02-30\n"
                 "- [ ] Worse 📅 tomorrow\n"
                 "- [ ] run `ls [x]` then <!-- note --> go\n")
    got = [(t.line, t.due, t.scheduled, t.start, t.done_date, t.cancelled, t.is_open) for t in note.tasks]
    assert got == [
        (4, "2026-11-20", "2026-11-18", "2026-11-17", None, False, True),
        (5, "2026-11-21", None, None, None, False, True),
        (6, None, None, None, "2026-11-02", False, False),
        (7, None, None, None, None, True, False),
        (8, None, None, None, None, False, True),
        (9, None, None, None, None, False, True),
        (10, None, None, None, None, False, True),
    ]
    assert findings(note) == [(8, "data-date"), (9, "data-date")]
    assert note.tasks[-1].text == "run `ls [x]` then <!-- note --> go"  # as written


# The patterns each kind of task date had on its own: the one-pass reading must find what they find.
_DAY = r"(\d{4}-\d{2}-\d{2})"
_OWN_PATTERNS = {
    "due": r"(?:📅|📆|🗓️?)\s*" + _DAY + r"|[\[(]due::\s*" + _DAY + r"\s*[\])]",
    "done": r"✅\s*" + _DAY + r"|[\[(]completion::\s*" + _DAY + r"\s*[\])]",
    "cancelled": r"❌\s*" + _DAY,
    "scheduled": r"(?:⏳|⌛)\s*" + _DAY + r"|[\[(]scheduled::\s*" + _DAY + r"\s*[\])]",
    "start": r"🛫\s*" + _DAY + r"|[\[(]start::\s*" + _DAY + r"\s*[\])]",
}
_TASK_PIECES = st.sampled_from(["📅", "📆", "🗓", "🗓\ufe0f", "✅", "❌", "⏳", "⌛", "🛫", " ", "  ", "\t", "[", "(", "]", ")",
                                "due::", "completion::", "scheduled::", "start::", "2026-11-20", "2026-02-30", "2026-1-2",
                                "20261120", "x", "é", "::", "[due:: 2026-11-21]", "(start::2026-01-01 )"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TASK_PIECES, max_size=14).map("".join))
def test_task_dates_read_in_one_pass_agree_with_each_kind_s_own_pattern(line):
    import re

    from plainnet.notes.parse import Note, _task

    note = Note("x.md", "x", None)
    _task(note, 1, " ", line.strip(), line)
    (task,) = note.tasks
    got = {"due": task.due, "done": task.done_date, "scheduled": task.scheduled, "start": task.start}
    for kind, pattern in _OWN_PATTERNS.items():
        m = re.search(pattern, line)
        day = next((g for g in m.groups() if g), None) if m else None
        if kind == "cancelled":
            assert task.cancelled == bool(m), line
        elif kind == "due" and day is not None and not _valid_day(day):
            assert task.due is None  # an impossible due date is reported, not kept
        else:
            assert got[kind] == day, (line, kind)


def _valid_day(day: str) -> bool:
    try:
        date.fromisoformat(day)
        return True
    except ValueError:
        return False


def test_a_date_inside_code_does_not_make_a_task_due():
    note = parse("- [ ] explain the `📅 2026-01-01` syntax\n")
    assert note.tasks[0].due is None and note.findings == []


def test_code_fences_inside_list_items_obsidian_test_vault_case():
    note = parse("- [ ] #task level-1-b\n  ```sh\n  - [ ] ls -la\n  ```\n- [ ] after\n")
    assert tasks(note) == [(1, " ", "#task level-1-b"), (5, " ", "after")]


def test_fences_close_only_on_the_same_character_and_at_least_the_same_length():
    note = parse("````\n```\n- [ ] a\n~~~\n````\n- [ ] b\n")
    assert tasks(note) == [(6, " ", "b")]


def test_an_unclosed_fence_runs_to_the_end():
    assert parse("```\n- [ ] a\n[[B]]\n").tasks == []


def test_three_backticks_inside_a_line_are_inline_code_not_a_fence():
    note = parse("```inline``` [[A]]\n- [ ] b\n")
    assert links(note) == [(1, "A", None, None)] and len(note.tasks) == 1


def test_a_fence_in_a_blockquote():
    note = parse("> ```\n> - [ ] in code\n> ```\n> - [ ] task\n")
    assert tasks(note) == [(4, " ", "task")]


# ---------------------------------------------------------------- comments


def test_html_comments_hide_links_tags_and_tasks():
    note = parse("a <!-- [[Hidden]] #hidden --> [[Shown]]\n<!--\n- [ ] hidden\n[[Hidden2]]\n-->\n- [ ] shown #t\n")
    assert links(note) == [(1, "Shown", None, None)]
    assert tasks(note) == [(6, " ", "shown #t")] and note.tags == ["t"]


def test_percent_comments_hide_links_tags_and_tasks():
    note = parse("%%\n- [ ] hidden [[H]] #h\n%%\n- [ ] shown %% [[H2]] #h2 %% [[S]]\n")
    assert tasks(note) == [(4, " ", "shown %% [[H2]] #h2 %% [[S]]")]
    assert links(note) == [(4, "S", None, None)] and note.tags == []


def test_an_unclosed_percent_comment_or_html_block_runs_to_the_end():
    assert [l.target for l in parse("[[A]] %% [[B]]\n[[C]]\n").links] == ["A"]
    assert [l.target for l in parse("[[A]]\n<!-- [[B]]\n[[C]]\n").links] == ["A"]
    assert [l.target for l in parse("> <!--\n> [[A]]\n> -->\n[[B]]").links] == ["B"]


def test_an_inline_html_comment_must_close_in_its_paragraph():
    """As in CommonMark: `<!--` inside a paragraph that never closes there is literal text."""
    assert [l.target for l in parse("use <!-- to open [[A]]\n- [ ] t\n").links] == ["A"]
    assert [l.target for l in parse("a <!-- x\n[[B]] -->[[C]]").links] == ["C"]
    assert [l.target for l in parse("a <!-- x\n\n[[B]] -->[[C]]").links] == ["B", "C"]


def test_comment_markers_inside_code_are_text():
    note = parse("`%%` [[A]] `<!--` [[B]]\n```\n%%\n```\n[[C]]\n")
    assert [l.target for l in note.links] == ["A", "B", "C"]


def test_the_kanban_settings_block_in_a_comment():
    note = parse("## Backlog\n\n- [ ] #task Task\n\n%% kanban:settings\n```\n{\"kanban-plugin\":\"basic\"}\n```\n%%\n")
    assert tasks(note) == [(3, " ", "#task Task")]


# ---------------------------------------------------------------- links in the body


def test_links_everywhere_in_the_body_with_lines():
    note = parse("---\ntype: contact\n---\n# Title with [[Heading Link]]\n\nText [[A]] and [b](B.md) then ![[pic.png]]\n"
                 "- [ ] task [[C#Log|see log]]\n> quote [[D]]\n")
    assert [(l.line, l.target, l.heading, l.display, l.embed, l.markdown) for l in note.links] == [
        (4, "Heading Link", None, None, False, False),
        (6, "A", None, None, False, False),
        (6, "B.md", None, "b", False, True),
        (6, "pic.png", None, None, True, False),
        (7, "C", "Log", "see log", False, False),
        (8, "D", None, None, False, False),
    ]


def test_links_in_backticks_and_code_fences_are_ignored_and_an_unclosed_link_is_text():
    path = corpus("zoni-obsidian-export/tests/testdata/input/main-samples/obsidian-wikilinks.md")
    note = parse(path.read_bytes())
    assert [(l.line, l.target, l.heading, l.display) for l in note.links] == [
        (1, "pure-markdown-examples", None, None), (1, "Pure-Markdown-Examples", None, None),
        (3, "pure-markdown-examples", None, "pure markdown examples"),
        (5, "pure-markdown-examples", "Heading 1", None),
        (7, "pure-markdown-examples", "Heading 1", "pure markdown examples"),
        (9, "uppercased-note", None, None),
        (11, "_underscored-note", None, None),
    ]


def test_whitespace_inside_wikilinks_is_trimmed():
    path = corpus("zoni-obsidian-export/tests/testdata/input/main-samples/issue-188-wikilinks-need-trimming.md")
    note = parse(path.read_bytes())
    assert {(l.target, l.heading) for l in note.links} == {("foo", None), ("foo", "^abc")}
    assert len(note.links) == 12


def test_escaped_brackets_make_no_link():
    assert parse("\\[[not a link]] and \\[x](y.md)").links == []


def test_a_wikilink_followed_by_parentheses_is_one_link():
    assert [(l.target, l.markdown) for l in parse("[[a]](b.md)").links] == [("a", False)]


def test_markdown_links_to_the_web_are_not_note_links():
    assert parse("[site](https://example.com) [mail](mailto:a@b.c) [o](obsidian://open?x) [e]() []()").links == []


def test_markdown_link_targets_are_url_decoded_and_cut_at_the_first_hash():
    note = parse("[a](Test%20Data/x.md#h) [b](<My Note.md>) [c](pa#th/x.md) [d](#local) [e](x.md \"title\")")
    assert [(l.target, l.heading, l.display) for l in note.links] == [
        ("Test Data/x.md", "h", "a"), ("My Note.md", None, "b"), ("pa", "th/x.md", "c"), ("", "local", "d"), ("x.md", None, "e")]


# ---------------------------------------------------------------- the log section


def test_log_lines_under_a_log_heading():
    note = parse("---\ntype: contact\n---\n## Log\n- 2026-11-10: coffee at [[Cafe]]\n- [[2026-11-12]] call\n"
                 "* 2026-11-13 \u2013 email\n- 2026-02-30: impossible\nnot a log line\n### Detail\n- 2026-11-14: still log\n"
                 "## Other\n- 2026-11-15: not log\n")
    assert [(e.line, e.date, e.text) for e in note.log] == [
        (5, "2026-11-10", "coffee at [[Cafe]]"), (6, "2026-11-12", "call"), (7, "2026-11-13", "email"),
        (11, "2026-11-14", "still log")]
    assert findings(note) == [(8, "data-date")]


@pytest.mark.parametrize("heading", ["# Log", "## log", "### Interactions", "## History ##"])
def test_log_headings(heading):
    assert len(parse(f"{heading}\n- 2026-01-01: x\n").log) == 1


# ---------------------------------------------------------------- through a vault


def test_a_link_written_nfc_resolves_to_an_nfd_file_name(make_vault):
    from plainnet import open_vault
    from plainnet.listing import show_note

    nfd = "Zoe\u0308"
    root = make_vault({"people/Ann.md": "---\ntype: contact\nintroduced_by: \"[[Zo\u00eb]]\"\n---\nMet [[zo\u00eb|her]].\n",
                       f"people/{nfd}.md": "---\ntype: contact\n---\n"})
    if not any(p.name.startswith("Zo") for p in (root / "people").iterdir()):
        pytest.skip("file system cannot hold this name")
    on_disk = next(p.name for p in (root / "people").iterdir() if p.name.startswith("Zo"))
    with open_vault(root) as v:
        shown = show_note(v, "Ann")
        assert [(l["target"], l["resolved"]) for l in shown["links"]] == [
            ("Zo\u00eb", f"people/{on_disk}"), ("zo\u00eb", f"people/{on_disk}")]
        assert v.lookup("Zo\u00eb") == f"people/{on_disk}" == v.lookup(nfd)
        assert not [f for f in v.findings() if f.rule == "data-link"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_symlink_to_etc_passwd_is_not_followed(make_vault):
    from plainnet import open_vault

    root = make_vault({"people/Ann.md": "---\ntype: contact\n---\n"})
    target = Path("/etc/passwd")
    if not target.exists():
        pytest.skip("no /etc/passwd")
    os.symlink(target, root / "people" / "passwd.md")
    with open_vault(root) as v:
        assert [n.path for n in v.notes()] == ["people/Ann.md"]
        assert ("people/passwd.md", "data-file") in [(f.path, f.rule) for f in v.findings()]
    secret = target.read_bytes().split(b"\n")[0]
    for p in (root / ".plainnet").rglob("*"):
        if p.is_file():
            assert secret not in p.read_bytes()


# ---------------------------------------------------------------- properties

keys = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
scalars = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.integers(min_value=-(10 ** 12), max_value=10 ** 12),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1, 1, 1), timezones=st.sampled_from([None, timezone.utc])),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
                      max_leaves=12)


def normalised(value):
    """The documented normalisation: dates and datetimes become ISO strings, keys become strings.

    (`datetime.isoformat()`; PyYAML reads a datetime written with a time zone back in UTC.)
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, max_size=8))
def test_any_front_matter_safe_dump_can_write_comes_back_equal(fm):
    dumped = yaml.safe_dump(fm, allow_unicode=True, sort_keys=False)
    # only what PyYAML itself reads back (its emitter writes U+0085 unescaped, where YAML folds it)
    assume(yaml.safe_load(dumped) == (fm or None))
    note = parse_note("x.md", f"---\n{dumped}---\nbody\n".encode("utf-8"))
    if fm:
        assert [f for f in note.findings if f.rule == "data-yaml"] == []
        assert note.front_matter == normalised(fm)
        assert list(note.fm_lines) == [str(k) for k in fm]
        assert all(2 <= line <= 1 + dumped.count("\n") for line in note.fm_lines.values())
    json.dumps(note.front_matter)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_parse_note_never_raises_on_arbitrary_bytes(data):
    note = parse_note("x.md", data)
    json.dumps(note.front_matter)
    assert all(f.line >= 1 for f in note.findings)


fragments = st.sampled_from(["---", "----", "--- ", "\n", "\r\n", "\r", "key: value", "a: [", "{{date}}", "- [ ] t",
                             "[[x]]", "[[", "]]", "#tag", "`", "```", "~~~", "<!--", "-->", "%%", "> ", "&a", "*a",
                             "!!python/object:os.system", "\ufeff", "\x00", "é", "📅 2026-13-45", ": ", "  - "])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(fragments, st.text(max_size=8)), max_size=40))
def test_parse_note_never_raises_on_text_with_front_matter_fences(parts):
    text = "---\n" + "".join(parts)
    for data in (text.encode("utf-8", "surrogatepass"), text.encode("utf-16", "surrogatepass")):
        note = parse_note("x.md", data)
        json.dumps(note.front_matter)
        lines = normalize_newlines(text).count("\n") + 1
        assert all(1 <= f.line <= max(lines, 1) for f in note.findings)


# ---------------------------------------------------------------- the YAML fast path


def _both_ways(src: str):
    """(what construct_tree gives or the exception it raises, what construct_document gives or raises)."""
    from plainnet.notes.parse import _yaml_loader

    out = []
    for method in ("construct_tree", "construct_document"):
        loader = _yaml_loader()(src)
        try:
            node = loader.get_single_node()
            out.append(getattr(loader, method)(node))
        except Exception as exc:  # noqa: BLE001 - compared, not hidden
            out.append(exc)
        finally:
            loader.dispose()
    return out


def _assert_tree_agrees(src: str) -> None:
    """construct_tree either declines (raises) or builds exactly what PyYAML's constructor builds."""
    fast, slow = _both_ways(src)
    if not isinstance(fast, Exception):
        assert not isinstance(slow, Exception), (src, fast, slow)
        assert repr(fast) == repr(slow), src


TRICKY_YAML = [
    "a: 1\nb: 0x1f\nc: 0o17\nd: 017\ne: 1_000\nf: 1:30\ng: +5\nh: -0",
    "a: 1.5\nb: .nan\nc: -.inf\nd: 1e3\ne: 1.0e+3\nf: 6.8523015e+5\ng: 190:20:30.15",
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: ~\ng: null\nh:\ni: ''",
    "a: 2026-03-13\nb: 2026-13-45\nc: 0000-01-01\nd: 2026-1-2\ne: 2026-03-13 10:00:00\nf: 2026-03-13T10:00:00Z\n"
    "g: 2026-03-13t10:00:00.5+02:00\nh: 2026-02-30\ni: 2026-03-13T10:00\nj: '2026-03-13'",
    "7: seven\ntrue: yes\n~: nothing\n1.5: x\n.nan: y\n2026-03-13: day\nnested: {2: two, false: no, 1: a, '1': b}",
    "1: a\ntrue: b\n'1': c\nnull: d\n'null': e",
    "a: !!str 1\nb: !!int '7'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''\nf: !!timestamp 2026-03-13",
    "a: !!int abc\nb: 1",
    "a: !!timestamp nope",
    "a: !!str [1]\nb: !!seq x\nc: !!map [a]",
    "a: !!binary aGVsbG8=\nb: !!set {b, a}\nc: !!omap [{x: 1}, {y: 2}]\nd: !!pairs [{x: 1}]",
    "base: {a: 1}\nother:\n  <<: {a: 2, b: 3}\n  c: 4",
    "a:\n  =: 1\n  b: 2",
    "? [a, b]\n: c",
    "? {a: b}\n: c",
    "a: !custom x",
    "a: !!python/object:os.system x",
    "a: [[x]]\nb: [[x], [y]]\nc: {d: [[e]]}",
    "a: b\na: c\nb: [1, 2]\nb: x",
    "a: |\n  line\n  two\nb: >\n  folded\n  text\nc: 'quoted ''x'''\nd: \"esc \\u00e9\"",
    "- a\n- b",
    "just text",
    "a: " + "[" * 40 + "]" * 40,
    "a: " + "{b: " * 40 + "c" + "}" * 40,
]


@pytest.mark.parametrize("src", TRICKY_YAML)
def test_the_yaml_fast_path_builds_what_pyyaml_builds_or_declines(src):
    _assert_tree_agrees(src)


def test_the_yaml_fast_path_handles_the_common_front_matter():
    src = "type: contact\nmet: 2026-03-14\ncadence: 1m\nseconds: 30\ngave:\n  - {date: 2026-09-10, what: x}\n"
    fast, slow = _both_ways(src)
    assert not isinstance(fast, Exception) and fast == slow


def test_the_memoised_resolver_gives_pyyaml_s_tags():
    from plainnet.notes.parse import _yaml_loader

    src = "\n".join(f"k{i}: {v}" for i, v in enumerate(
        ["yes", "Yes", "yEs", "null", "Null", "nULL", "~", "", "1", "01", "0x1", "1.5", ".5", "1e3", "1.0e+3",
         "2026-03-13", "2026-3-13", "2026-03-13 10:00:00", "<<", "=", "'quoted 1'", '"2"', "plain text",
         "-1", "+.inf", ".NaN", "on", "Off", "n", "y", "2026-03-13", "yes"]))

    def tags(loader_class):
        loader = loader_class(src)
        try:
            return [(k.tag, v.tag) for k, v in loader.get_single_node().value]
        finally:
            loader.dispose()

    ours = _yaml_loader()
    assert tags(ours) == tags(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert tags(ours) == tags(ours)  # again, from the memo


yaml_tokens = st.sampled_from(
    ["a", "b", "1", "0x1f", "017", "1_0", "1:20", "1.5", ".nan", "-.inf", "1e3", "yes", "No", "on", "~", "null",
     "2026-03-13", "2026-13-45", "0000-01-01", "2026-03-13 10:00:00", "2026-03-13T10:00:00Z", "'x'", '"1"',
     "!!str 1", "!!int 7", "!!int x", "!!float 1", "!!bool no", "!!timestamp 2026-01-01", "!!timestamp x",
     "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [{x: 1}]", "!x y", "<<", "=", "[[x]]", "[a, b]", "{a: 1}",
     "{1: a, '1': b}", "{true: a, 1: b}", "[]", "{}", ""])


@st.composite
def yaml_documents(draw):
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key, value = draw(yaml_tokens), draw(yaml_tokens)
        if draw(st.booleans()):
            lines.append(f"{key or 'k'}: {value}")
        else:
            items = draw(st.lists(yaml_tokens, max_size=3))
            lines.append(f"{key or 'k'}:" + "".join(f"\n  - {v}" for v in items))
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(yaml_documents())
def test_the_yaml_fast_path_agrees_with_pyyaml_on_generated_front_matter(src):
    _assert_tree_agrees(src)


# ---------------------------------------------------------------- every Markdown file of the corpora


def _markdown_files():
    if not CORPORA.is_dir():
        return []
    return sorted(p for ext in ("md", "markdown", "mkdn", "Rmd", "text") for p in CORPORA.rglob(f"*.{ext}"))


def test_every_corpus_markdown_file_parses_and_every_yaml_problem_is_located():
    files = _markdown_files()
    if not files:
        pytest.skip("needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development)")
    located = 0
    for path in files:
        raw = path.read_bytes()
        note = parse_note(path.name, raw)  # never raises
        json.dumps(note.front_matter)
        text = normalize_newlines(raw.decode("utf-8", "replace").lstrip("\ufeff")) if not raw[:2] in (
            b"\xff\xfe", b"\xfe\xff") else normalize_newlines(raw.decode("utf-16"))
        lines = text.split("\n")
        for f in note.findings:
            if f.rule == "data-yaml":
                close = next(i for i in range(1, len(lines)) if lines[i].rstrip(" \t") == "---")
                assert 2 <= f.line <= close, (path, f)
                located += 1
    assert len(files) > 390
    assert located >= 28


def test_code_blocks_agree_with_markdown_it_py_on_every_corpus_file():
    """A differential check of the fast scanner against a CommonMark parser: plainnet finds no link,
    tag or task on a line markdown-it-py reads as code (fenced or indented), and every fence plainnet
    blanks is one markdown-it-py sees (or lies inside a `%%` / HTML comment, which CommonMark lacks)."""
    from markdown_it import MarkdownIt

    from plainnet.notes.parse import _blank_spans, decode, front_matter_span

    files = [p for p in _markdown_files() if p.suffix == ".md"]
    if not files:
        pytest.skip("needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development)")
    md = MarkdownIt("commonmark")
    fences_seen = 0
    for path in files:
        raw = path.read_bytes()
        text = normalize_newlines(decode(raw)[0])
        span = front_matter_span(text)
        body = text[span[2]:] if span else text
        first = text.count("\n", 0, span[2]) if span else 0  # lines before the body
        code, fences = set(), set()
        for tok in md.parse(body):
            if tok.type in ("fence", "code_block") and tok.map:
                code.update(range(tok.map[0], tok.map[1]))
                if tok.type == "fence":
                    fences.update(range(tok.map[0], tok.map[1]))
        note = parse_note(path.name, raw)
        found = [l.line for l in note.links if l.where == "body"] + [t.line for t in note.tasks] + [l for l, _ in note.tag_lines]
        assert not [n for n in found if n - 1 - first in code], path
        src = "\n" + body
        spans = _blank_spans(src)
        for s, e in zip(spans[::2], spans[1::2]):
            if src[s:e].lstrip(" \t>-*+0123456789.)")[:3] in ("```", "~~~"):
                lines = set(range(src.count("\n", 0, s + 1) - 1, src.count("\n", 0, e)))
                assert lines <= fences, (path, sorted(lines - fences))
                fences_seen += 1
    assert fences_seen > 100
