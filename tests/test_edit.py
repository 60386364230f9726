"""The safe write path: precise edits that keep every other byte, atomic conflict-checked writes.

Every assertion compares raw bytes or byte-line lists (difflib), so a lost BOM, a CR, a quote
style or a final newline shows up as a failure, not as an equal-looking string.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import stat
import subprocess
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainnet.write import edit
from plainnet.write.edit import (
    ConflictError,
    EditError,
    Snapshot,
    append_list_item,
    append_under_heading,
    apply_edit,
    create_new,
    mark_task_done,
    read_snapshot,
    render_scalar,
    set_field,
    set_list_item_field,
    write_atomic,
)

BOM = b"\xef\xbb\xbf"
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    return yaml.load(text, Loader=FAST)


# --------------------------------------------------------------------------------------------
# Independent helpers (deliberately not using plainnet.write.edit internals)
# --------------------------------------------------------------------------------------------


def blines(data: bytes) -> list[bytes]:
    """Byte lines with their endings, split on LF only: CRs stay visible."""
    out = data.split(b"\n")
    lines = [x + b"\n" for x in out[:-1]]
    if out[-1]:
        lines.append(out[-1])
    return lines


def changes(old: bytes, new: bytes) -> list[tuple[str, int, int, int, int]]:
    sm = difflib.SequenceMatcher(a=blines(old), b=blines(new), autojunk=False)
    return [op for op in sm.get_opcodes() if op[0] != "equal"]


def split_fm(data: bytes):
    """(front matter dict, index of the closing line, body bytes) by the rules in the brief."""
    if data.startswith(BOM):
        data = data[3:]
    lines = blines(data)
    assert lines and lines[0].rstrip(b"\r\n").rstrip(b" \t") == b"---"
    for i in range(1, len(lines)):
        if lines[i].rstrip(b"\r\n").rstrip(b" \t") in (b"---", b"..."):
            fm = b"".join(lines[1:i]).decode("utf-8")
            return (load(fm) or {}), i, b"".join(lines[i + 1 :])
    raise AssertionError("no closing line")


def assert_same_style(old: bytes, new: bytes) -> None:
    """BOM kept; an all-CRLF file stays all-CRLF, an LF file gains no CR; final newline kept."""
    assert new.startswith(BOM) == old.startswith(BOM)
    if b"\n" in old and old.count(b"\r\n") == old.count(b"\n"):
        assert new.count(b"\r\n") == new.count(b"\n")
    if b"\r" not in old:
        assert b"\r" not in new
    if old:
        assert new.endswith(b"\n") == old.endswith(b"\n")


def only_inserted(old: bytes, new: bytes) -> list[bytes]:
    """Assert new is old plus whole inserted lines (a last line may gain its ending); return them."""
    added: list[bytes] = []
    a, b = blines(old), blines(new)
    for tag, i1, i2, j1, j2 in changes(old, new):
        if tag == "insert":
            added += b[j1:j2]
            continue
        # the only allowed replacement: the unterminated last line gets a line ending
        assert tag == "replace" and i2 == i1 + 1 == len(a) and not a[i1].endswith(b"\n"), (tag, a[i1:i2], b[j1:j2])
        assert b[j1].rstrip(b"\r\n") == a[i1]
        added += b[j1 + 1 : j2]
    return added


# --------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (date(2026, 11, 25), "2026-11-25"),
        (datetime(2026, 11, 25, 14, 30), "2026-11-25T14:30:00"),
        (True, "true"),
        (False, "false"),
        (None, ""),
        (3, "3"),
        (1.5, "1.5"),
        (1e20, "1.0e+20"),
        ("Send deck", "Send deck"),
        ("Jane Doe", "Jane Doe"),
        ("[[Jane Doe]]", '"[[Jane Doe]]"'),
        ("2026-11-25", '"2026-11-25"'),
        ("yes", '"yes"'),
        ("no", '"no"'),
        ("null", '"null"'),
        ("~", '"~"'),
        ("0o17", '"0o17"'),  # an int in YAML 1.2 (Obsidian), a string in PyYAML: quote it anyway
        ("12", '"12"'),
        ("", '""'),
        (" padded", '" padded"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("#tag", '"#tag"'),
        ("- x", '"- x"'),
        ("say \"hi\"\nback\\slash", '"say \\"hi\\"\\nback\\\\slash"'),
        ("tab\there", '"tab\\there"'),
        ("Zoë 日本 🙂", "Zoë 日本 🙂"),
        ("=", '"="'),
        ("line\u2028sep", '"line\\Lsep"'),
        ("Jane\xa0Doe", "Jane\xa0Doe"),  # a no-break space is text, not an escape
    ],
)
def test_render_scalar_reads_back_as_the_same_value(value, text):
    assert render_scalar(value) == text
    if value is not None:
        assert load(f"k: {text}") == {"k": value}
        assert yaml.load(f"k: {text}", Loader=yaml.SafeLoader) == {"k": value}


def test_flow_context_quotes_commas_and_brackets():
    assert render_scalar("a, b", flow=True) == '"a, b"'
    assert render_scalar("a, b") == "a, b"
    assert render_scalar(None, flow=True) == "null"


# --------------------------------------------------------------------------------------------
# set_field
# --------------------------------------------------------------------------------------------

NOTE = (
    "---\n"
    "# contact card\n"
    "type: contact\n"
    "name: 'Jane Doe'   # as she writes it\n"
    "company: \"Northwind\"\n"
    "tags: [client, saas]\n"
    "aliases:\n"
    "  - Jane\n"
    "  - J. D.\n"
    "follow_ups:\n"
    "  - due: 2026-11-01\n"
    "    what: Send deck\n"
    "    done: false\n"
    "  - {due: 2026-12-01, what: \"Intro, to Bob\", done: false}\n"
    "bio: |\n"
    "  Runs engineering.\n"
    "  Hates long calls.\n"
    "unknown_key: {x: 1, y: [2, 3]}\n"
    "empty:\n"
    "---\n"
    "Body with a rule:\n"
    "\n"
    "---\n"
    "## Log\n"
    "- 2026-11-01: met\n"
).encode()


def test_one_field_change_is_one_line_and_keeps_the_comment():
    new = set_field(NOTE, "name", "Jane Q. Doe")
    assert changes(NOTE, new) == [("replace", 3, 4, 3, 4)]
    assert blines(new)[3] == b"name: Jane Q. Doe   # as she writes it\n"
    fm, _, body = split_fm(new)
    assert fm["name"] == "Jane Q. Doe" and body == split_fm(NOTE)[2]


def test_no_op_set_returns_identical_bytes_even_if_quoted_differently():
    assert set_field(NOTE, "name", "Jane Doe") == NOTE
    assert set_field(NOTE, "company", "Northwind") == NOTE
    assert set_field(NOTE, "tags", ["client", "saas"]) == NOTE
    assert set_field(NOTE, "empty", None) == NOTE


def test_new_key_goes_last_in_the_front_matter():
    new = set_field(NOTE, "last_contact", date(2026, 11, 25))
    fm_close = split_fm(NOTE)[1]
    assert changes(NOTE, new) == [("insert", fm_close, fm_close, fm_close, fm_close + 1)]
    assert blines(new)[fm_close] == b"last_contact: 2026-11-25\n"
    assert list(split_fm(new)[0])[-1] == "last_contact"


def test_type_sensitive_no_op():
    data = b"---\nn: 1\nd: 2026-11-25\nf: true\n---\n"
    assert set_field(data, "n", 1) == data
    assert set_field(data, "n", True) == b"---\nn: true\nd: 2026-11-25\nf: true\n---\n"
    assert set_field(data, "d", "2026-11-25") == b'---\nn: 1\nd: "2026-11-25"\nf: true\n---\n'
    assert set_field(data, "d", date(2026, 11, 25)) == data


def test_set_replaces_collections_and_block_scalars_within_their_lines():
    new = set_field(NOTE, "aliases", "Janie")
    assert changes(NOTE, new) == [("replace", 6, 9, 6, 7)]
    assert blines(new)[6] == b"aliases: Janie\n"
    new = set_field(NOTE, "bio", "Short.")
    assert [op[0] for op in changes(NOTE, new)] == ["replace"]
    assert b"bio: Short.\nunknown_key:" in new
    new = set_field(NOTE, "tags", ["client", "saas", "a, b"])  # flow stays flow
    assert changes(NOTE, new) == [("replace", 5, 6, 5, 6)]
    assert blines(new)[5] == b'tags: [client, saas, "a, b"]\n'
    new = set_field(NOTE, "empty", ["x", {"k": "v", "n": 2}])
    assert b"empty:\n  - x\n  - k: v\n    n: 2\n---\n" in new
    assert split_fm(new)[0]["empty"] == ["x", {"k": "v", "n": 2}]


def test_scalar_on_next_line_and_comment_after_colon():
    data = b"---\na: # why\n  old\nb: 2\n---\n"
    new = set_field(data, "a", "new")
    assert new == b"---\na: # why\n  new\nb: 2\n---\n"
    new = set_field(data, "a", ["x"])
    assert new == b"---\na: # why\n  - x\nb: 2\n---\n"


def test_front_matter_is_created_when_missing():
    assert set_field(b"Hello\n", "type", "contact") == b"---\ntype: contact\n---\nHello\n"
    assert set_field(b"", "type", "contact") == b"---\ntype: contact\n---\n"
    assert set_field(BOM + b"Hi\r\nthere", "k", "v") == BOM + b"---\r\nk: v\r\n---\r\nHi\r\nthere"


def test_empty_and_comment_only_front_matter():
    assert set_field(b"---\n---\nbody", "k", 1) == b"---\nk: 1\n---\nbody"
    assert set_field(b"---\n# only a comment\n---\n", "k", 1) == b"---\n# only a comment\nk: 1\n---\n"
    assert set_field(b"---\r\n---\r\n", "k", 1) == b"---\r\nk: 1\r\n---\r\n"


def test_dots_close_the_front_matter_and_trailing_blanks_are_kept():
    data = b"--- \na: 1\n...\n---\n"
    assert set_field(data, "b", 2) == b"--- \na: 1\nb: 2\n...\n---\n"


def test_bom_crlf_and_missing_final_newline_survive():
    data = BOM + b"---\r\nname: Jane\r\ntags:\r\n- a\r\n---\r\nbody"
    new = set_field(data, "name", "Bob")
    assert new == BOM + b"---\r\nname: Bob\r\ntags:\r\n- a\r\n---\r\nbody"
    new = append_list_item(data, "tags", "b")
    assert new == BOM + b"---\r\nname: Jane\r\ntags:\r\n- a\r\n- b\r\n---\r\nbody"
    new = set_field(data, "new", "x")
    assert new == BOM + b"---\r\nname: Jane\r\ntags:\r\n- a\r\nnew: x\r\n---\r\nbody"


def test_json_front_matter_stays_json():
    data = b'---\n{\n  "tags": "journal",\n  "publish": false\n}\n---\n\n# j\n'
    new = set_field(data, "publish", True)
    assert changes(data, new) == [("replace", 3, 4, 3, 4)]
    new = set_field(data, "status", "done, really")
    assert new == b'---\n{\n  "tags": "journal",\n  "publish": false,\n  "status": "done, really"\n}\n---\n\n# j\n'
    assert json.loads(b"".join(blines(new)[1:6])) == {"tags": "journal", "publish": False, "status": "done, really"}
    new = append_list_item(data, "seen", date(2026, 11, 25))  # JSON has no dates: an ISO string
    assert json.loads(b"".join(blines(new)[1:6]))["seen"] == ["2026-11-25"]


def test_quoted_keys_and_keys_that_need_quotes():
    data = b'---\n"due date": 2026-11-01\n---\n'
    assert set_field(data, "due date", date(2026, 11, 2)) == b'---\n"due date": 2026-11-02\n---\n'
    assert set_field(data, "yes", 1) == b'---\n"due date": 2026-11-01\n"yes": 1\n---\n'
    assert split_fm(set_field(data, "a: b", 1))[0]["a: b"] == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"---\ncreated: {{date}}\n---\n", "not valid YAML"),
        (b"---\na: [1\n---\n", "not valid YAML"),
        (b"---\n- a\n- b\n---\n", "not a mapping"),
        (b"---\njust text\n---\n", "not a mapping"),
        (b"---\na: 1\na: 2\n---\n", r"more than once \(lines 2, 3\)"),
        (b"----\na: 1\n----\n", "not a front matter delimiter"),
        (b"---\na: 1\n", "never closed"),
        (b"+++\na = 1\n+++\n", "TOML"),
        (b"\xff\xfe-\x00-\x00-\x00", "not UTF-8"),
    ],
)
def test_refuses_front_matter_it_cannot_edit_exactly(data, message):
    with pytest.raises(EditError, match=message):
        set_field(data, "a", 3)


def test_an_impossible_date_elsewhere_does_not_block_an_edit():
    data = b"---\nd: 2026-02-31\nname: x\n---\n"
    assert set_field(data, "name", "y") == b"---\nd: 2026-02-31\nname: y\n---\n"
    assert set_field(data, "d", date(2026, 2, 28)) == b"---\nd: 2026-02-28\nname: x\n---\n"


def test_yaml_tags_are_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    data = f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n".encode()
    with pytest.raises(EditError):
        set_field(data, "y", 1)
    assert not marker.exists()


def test_anchor_alias_edit_that_would_break_other_keys_is_refused():
    data = b"---\na: &v 1\nb: *v\n---\n"
    with pytest.raises(EditError):
        set_field(data, "a", 2)  # dropping the anchor would leave `*v` dangling
    assert set_field(data, "b", 5) == b"---\na: &v 1\nb: 5\n---\n"


def test_merge_keys_are_refused():
    with pytest.raises(EditError, match="merge"):
        set_field(b"---\nbase: &b {x: 1}\n<<: *b\n---\n", "y", 1)


# --------------------------------------------------------------------------------------------
# append_list_item / set_list_item_field
# --------------------------------------------------------------------------------------------


def test_append_dict_item_to_block_list_adds_only_its_lines():
    item = {"due": date(2026, 12, 1), "what": "Send deck", "done": False}
    new = append_list_item(NOTE, "follow_ups", item)
    added = only_inserted(NOTE, new)
    # the last item is a flow mapping `- {due: …}`, so the new one is written the same way
    assert added == [b"  - {due: 2026-12-01, what: Send deck, done: false}\n"]
    assert split_fm(new)[0]["follow_ups"][-1] == item
    assert new.index(b"    done: false\n  - {due") < new.index(b"  - {due: 2026-12-01")  # after the last item


def test_append_keeps_the_lists_own_indentation():
    assert append_list_item(b"---\nt:\n- a\n---\n", "t", "b") == b"---\nt:\n- a\n- b\n---\n"
    assert append_list_item(b"---\nt:\n    -   a\n---\n", "t", "b") == b"---\nt:\n    -   a\n    -   b\n---\n"
    data = b"---\nt:\n  - a  # first\n  # trailing comment\nu: 1\n---\n"
    assert append_list_item(data, "t", "b") == b"---\nt:\n  - a  # first\n  - b\n  # trailing comment\nu: 1\n---\n"


def test_append_to_flow_list_stays_flow():
    assert append_list_item(b"---\nt: [a, b]\n---\n", "t", "[[C]]") == b'---\nt: [a, b, "[[C]]"]\n---\n'
    assert append_list_item(b"---\nt: []\n---\n", "t", "x") == b"---\nt: [x]\n---\n"
    item = {"due": date(2026, 12, 1), "what": "Send deck", "done": False}
    assert append_list_item(b"---\nt: [ ]\n---\n", "t", item) == (
        b"---\nt: [{due: 2026-12-01, what: Send deck, done: false} ]\n---\n"
    )
    multi = b"---\nt: [\n  a,\n  b\n]\n---\n"
    assert append_list_item(multi, "t", "c") == b"---\nt: [\n  a,\n  b,\n  c\n]\n---\n"


def test_append_creates_or_fills_the_list():
    assert append_list_item(b"---\na: 1\n---\n", "t", "x") == b"---\na: 1\nt:\n  - x\n---\n"
    assert append_list_item(b"---\nt:\na: 1\n---\n", "t", "x") == b"---\nt:\n  - x\na: 1\n---\n"
    assert append_list_item(b"---\nt: ~  # none\na: 1\n---\n", "t", "x") == b"---\nt:  # none\n  - x\na: 1\n---\n"
    assert append_list_item(b"body\n", "t", "x") == b"---\nt:\n  - x\n---\nbody\n"
    # a vault that writes indentless lists gets one for the new key too
    assert append_list_item(b"---\na:\n- 1\n---\n", "t", "x") == b"---\na:\n- 1\nt:\n- x\n---\n"


@pytest.mark.parametrize("data", [b"---\nt: text\n---\n", b"---\nt: {a: 1}\n---\n", b"---\nt: 0\n---\n"])
def test_append_to_a_non_list_is_refused(data):
    with pytest.raises(EditError, match="not a list"):
        append_list_item(data, "t", "x")


def test_set_list_item_field_is_one_line():
    new = set_list_item_field(NOTE, "follow_ups", 0, "done", True)
    assert changes(NOTE, new) == [("replace", 12, 13, 12, 13)]
    assert blines(new)[12] == b"    done: true\n"
    new = set_list_item_field(NOTE, "follow_ups", 1, "done", True)
    assert changes(NOTE, new) == [("replace", 13, 14, 13, 14)]
    assert blines(new)[13] == b'  - {due: 2026-12-01, what: "Intro, to Bob", done: true}\n'
    assert set_list_item_field(NOTE, "follow_ups", -1, "done", False) == NOTE


def test_set_list_item_field_adds_a_missing_subkey():
    new = set_list_item_field(NOTE, "follow_ups", 0, "note", "called, no answer")
    assert only_inserted(NOTE, new) == [b"    note: called, no answer\n"]
    new = set_list_item_field(NOTE, "follow_ups", 1, "note", "a, b")
    assert blines(new)[13] == b'  - {due: 2026-12-01, what: "Intro, to Bob", done: false, note: "a, b"}\n'


@pytest.mark.parametrize(
    "key, index, message",
    [("nope", 0, "no `nope`"), ("tags", 0, "not a mapping"), ("follow_ups", 2, "no item 2"), ("name", 0, "not a list")],
)
def test_set_list_item_field_refusals(key, index, message):
    with pytest.raises(EditError, match=message):
        set_list_item_field(NOTE, key, index, "done", True)


# --------------------------------------------------------------------------------------------
# Body edits
# --------------------------------------------------------------------------------------------


def test_append_under_heading_goes_after_the_last_non_blank_line():
    data = b"---\nname: x\n---\n## Log\n- a\n- b\n\n\n## Next\ntext\n"
    new = append_under_heading(data, "## Log", "- 2026-11-25: coffee")
    assert new == b"---\nname: x\n---\n## Log\n- a\n- b\n- 2026-11-25: coffee\n\n\n## Next\ntext\n"


def test_append_under_heading_respects_levels_code_and_front_matter():
    data = b"---\nx: |\n  ## Log\n---\n```\n## Log\n```\n## Log\n- a\n### Sub\n- s\n# Top\n"
    new = append_under_heading(data, "## Log", "- b")
    assert only_inserted(data, new) == [b"- b\n"]
    assert new.endswith(b"### Sub\n- s\n- b\n# Top\n")


def test_append_under_heading_without_final_newline_keeps_it_absent():
    assert append_under_heading(b"## Log\r\n- a", "## Log", "- b") == b"## Log\r\n- a\r\n- b"
    assert append_under_heading(b"## Log", "## log", "- b") == b"## Log\n- b"


def test_missing_heading_is_added_at_the_end_after_a_blank_line():
    assert append_under_heading(b"text\n", "## Log", "- a") == b"text\n\n## Log\n- a\n"
    assert append_under_heading(b"text", "## Log", "- a") == b"text\n\n## Log\n- a"
    assert append_under_heading(b"text\n\n", "## Log", "- a") == b"text\n\n## Log\n- a\n"
    assert append_under_heading(b"", "## Log", "- a") == b"## Log\n- a\n"
    crlf = BOM + b"---\r\na: 1\r\n---\r\n"
    assert append_under_heading(crlf, "## Log", "- a") == crlf + b"\r\n## Log\r\n- a\r\n"


def test_append_under_heading_rejects_a_non_heading():
    with pytest.raises(EditError):
        append_under_heading(b"x\n", "Log", "- a")


TASKS = (
    "---\n"
    "t: \"- [ ] not a task\"\n"
    "---\n"
    "- [ ] Send Jane my resume 📅 2026-11-20\n"
    "  * [ ] nested ^block-1\n"
    "> 1. [ ] in a quote\r\n"
    "- [x] done already ✅ 2026-11-01\n"
    "- [-] cancelled\n"
    "- [ ] reopened? ✅ 2026-11-02\n"
    "```\n"
    "- [ ] in code\n"
    "```\n"
    "plain line\n"
    "- [/] in progress  "
).encode()


def test_mark_task_done_like_obsidian_tasks():
    d = date(2026, 11, 25)
    new = mark_task_done(TASKS, 4, d)
    assert changes(TASKS, new) == [("replace", 3, 4, 3, 4)]
    assert blines(new)[3] == "- [x] Send Jane my resume 📅 2026-11-20 ✅ 2026-11-25\n".encode()
    assert blines(mark_task_done(TASKS, 5, d))[4] == "  * [x] nested ✅ 2026-11-25 ^block-1\n".encode()
    assert blines(mark_task_done(TASKS, 6, d))[5] == "> 1. [x] in a quote ✅ 2026-11-25\r\n".encode()
    last = mark_task_done(TASKS, 14, d)
    assert last.endswith("- [x] in progress ✅ 2026-11-25  ".encode())
    assert changes(TASKS, last) == [("replace", 13, 14, 13, 14)]


@pytest.mark.parametrize("line, message", [
    (2, "front matter"), (7, "not an open task"), (8, "not an open task"), (9, "not an open task"),
    (11, "code block"), (13, "not a task"), (99, "does not exist"), (0, "does not exist"),
])
def test_mark_task_done_refusals(line, message):
    with pytest.raises(EditError, match=message):
        mark_task_done(TASKS, line, date(2026, 11, 25))


# --------------------------------------------------------------------------------------------
# The file layer: snapshots, atomic writes, conflicts, symlinks, permissions, create_new
# --------------------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "plainnet-tmp" in p.name)


def test_snapshot_fingerprint(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    s = read_snapshot(p)
    assert isinstance(s, Snapshot) and s.data == NOTE and s.size == len(NOTE)
    assert s.mtime_ns == p.stat().st_mtime_ns
    import hashlib

    assert s.sha256 == hashlib.sha256(NOTE).hexdigest()
    with pytest.raises(AttributeError):
        s.data = b""  # frozen


def test_write_atomic_replaces_the_file_and_keeps_its_mode(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    os.chmod(p, 0o640)
    ino = p.stat().st_ino
    s = read_snapshot(p)
    write_atomic(s, set_field(s.data, "name", "Bob"))
    assert b"name: Bob" in p.read_bytes()
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert p.stat().st_ino != ino  # a new file was renamed over it: readers never see half
    assert leftovers(tmp_path) == []


def test_identical_bytes_are_not_written(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    st = p.stat()
    write_atomic(read_snapshot(p), NOTE)
    assert (p.stat().st_ino, p.stat().st_mtime_ns) == (st.st_ino, st.st_mtime_ns)


@pytest.mark.parametrize("same_size", [True, False])
def test_external_edit_after_read_wins_and_raises_conflict(tmp_path, same_size):
    p = tmp_path / "Jane Doe.md"
    p.write_bytes(NOTE)
    s = read_snapshot(p)
    mine = set_field(s.data, "name", "Mine")
    theirs = NOTE.replace(b"Jane Doe", b"Jane Dot") if same_size else NOTE + b"- typed in Obsidian\n"
    p.write_bytes(theirs)
    if same_size:  # even with size and mtime restored, the hash notices
        os.utime(p, ns=(s.mtime_ns, s.mtime_ns))
    with pytest.raises(ConflictError, match="Jane Doe.md.*changed"):
        write_atomic(s, mine)
    assert p.read_bytes() == theirs
    assert leftovers(tmp_path) == []


def test_edit_during_the_write_is_caught_by_the_second_check(tmp_path, monkeypatch):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    s = read_snapshot(p)
    real = edit._write_tmp

    def write_then_someone_saves(tmp, data, mode):
        real(tmp, data, mode)
        p.write_bytes(NOTE + b"saved meanwhile\n")

    monkeypatch.setattr(edit, "_write_tmp", write_then_someone_saves)
    with pytest.raises(ConflictError):
        write_atomic(s, set_field(s.data, "name", "Mine"))
    assert p.read_bytes() == NOTE + b"saved meanwhile\n"
    assert leftovers(tmp_path) == []


def test_concurrent_writers_lose_no_update(tmp_path):
    """Writers that retry on ConflictError all land: conflicts are detected, never overwritten."""
    p = tmp_path / "busy.md"
    p.write_bytes(b"---\nname: x\n---\n## Log\n")
    conflicts = []

    def writer(t):
        for j in range(10):
            while True:
                try:
                    apply_edit(p, append_under_heading, "## Log", f"- writer {t} edit {j}")
                    break
                except ConflictError:
                    conflicts.append(t)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = p.read_bytes().decode().splitlines()
    assert sorted(x for x in lines if x.startswith("- writer")) == sorted(
        f"- writer {t} edit {j}" for t in range(3) for j in range(10)
    )
    assert lines[:4] == ["---", "name: x", "---", "## Log"]
    assert leftovers(tmp_path) == []


def test_deleted_file_is_a_conflict(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    s = read_snapshot(p)
    p.unlink()
    with pytest.raises(ConflictError, match="deleted or moved"):
        write_atomic(s, b"x")
    assert not p.exists()


def test_symlinks_are_not_written_through(tmp_path):
    target = tmp_path / "outside" / "real.md"
    target.parent.mkdir()
    target.write_bytes(NOTE)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    s = read_snapshot(link)  # reading through a link is fine
    with pytest.raises(EditError, match="is a symlink"):
        write_atomic(s, set_field(s.data, "name", "x"))
    assert link.is_symlink() and target.read_bytes() == NOTE
    with pytest.raises(EditError, match="is a symlink"):
        apply_edit(link, set_field, "name", "x")


def test_hard_linked_file_is_refused(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(NOTE)
    os.link(p, tmp_path / "twin.md")
    with pytest.raises(EditError, match="hard links"):
        apply_edit(p, set_field, "name", "x")
    assert p.read_bytes() == NOTE == (tmp_path / "twin.md").read_bytes()


def test_apply_edit_names_the_file_in_errors(tmp_path):
    p = tmp_path / "Bad.md"
    p.write_bytes(b"---\ncreated: {{date}}\n---\n")
    with pytest.raises(EditError, match=r"Bad\.md: front matter is not valid YAML \(line 2\)"):
        apply_edit(p, set_field, "a", 1)
    assert p.read_bytes() == b"---\ncreated: {{date}}\n---\n"
    # a body edit does not need valid YAML; unchanged bytes report False
    assert apply_edit(p, append_under_heading, "## Log", "- x") is True
    assert p.read_bytes() == b"---\ncreated: {{date}}\n---\n\n## Log\n- x\n"
    good = tmp_path / "Good.md"
    good.write_bytes(b"---\na: 1\n---\n")
    assert apply_edit(good, set_field, "a", 1) is False
    assert apply_edit(good, set_field, "a", 2) is True and good.read_bytes() == b"---\na: 2\n---\n"
    with pytest.raises(EditError, match="no such file"):
        apply_edit(tmp_path / "missing.md", set_field, "a", 1)


def test_create_new_is_exclusive(tmp_path):
    p = tmp_path / "people" / "deep" / "Jane Doe.md"
    create_new(p, NOTE)
    assert p.read_bytes() == NOTE
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(EditError, match="Jane Doe.md.*already exists"):
        create_new(p, b"other")
    assert p.read_bytes() == NOTE
    assert leftovers(p.parent) == []


def test_create_new_refuses_an_existing_file_and_creates_nothing(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(b"mine")
    before = sorted(tmp_path.iterdir())
    with pytest.raises(EditError, match="already exists"):
        create_new(p, b"theirs")
    assert p.read_bytes() == b"mine" and sorted(tmp_path.iterdir()) == before
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere" / "x.md")
    with pytest.raises(EditError, match="already exists"):
        create_new(dangling, b"x")
    assert not (tmp_path / "nowhere").exists()


def test_create_new_race_one_winner(tmp_path):
    p = tmp_path / "race.md"
    results = []

    def go(i):
        try:
            create_new(p, f"writer {i}\n".encode() * 1000)
            results.append(i)
        except EditError:
            pass

    threads = [threading.Thread(target=go, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1
    assert p.read_bytes() == f"writer {results[0]}\n".encode() * 1000
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------------------------
# A real git repository: the diff is what a person would have typed
# --------------------------------------------------------------------------------------------


def git(cwd, *args) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd), "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.autocrlf=false", *args],
        cwd=cwd, env=env, check=True, capture_output=True, text=True,
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.parametrize("variant", ["lf", "crlf+bom"])
def test_git_diff_of_marking_a_follow_up_done_is_one_line(tmp_path, variant):
    data = NOTE if variant == "lf" else BOM + NOTE.replace(b"\n", b"\r\n")
    git(tmp_path, "init", "-q")
    note = tmp_path / "people" / "Jane Doe.md"
    note.parent.mkdir()
    note.write_bytes(data)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "note")
    snap = read_snapshot(note)
    write_atomic(snap, set_list_item_field(snap.data, "follow_ups", 0, "done", True))
    assert git(tmp_path, "diff", "--numstat") == "1\t1\tpeople/Jane Doe.md\n"
    diff = git(tmp_path, "diff", "-U0")
    assert "-    done: false" in diff and "+    done: true" in diff
    snap = read_snapshot(note)
    write_atomic(snap, append_under_heading(snap.data, "## Log", "- 2026-11-25: coffee"))
    assert git(tmp_path, "diff", "--numstat") == "2\t1\tpeople/Jane Doe.md\n"


# --------------------------------------------------------------------------------------------
# Every real Markdown file in the shared corpora
# --------------------------------------------------------------------------------------------


def corpus_front_matter_state(data: bytes) -> str:
    """Independent classification: 'none', 'ok', or why plainnet must refuse to edit it."""
    if data.startswith(BOM):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not-utf8"
    lines = text.split("\n")
    first = lines[0].rstrip("\r").rstrip(" \t")
    if first == "+++":
        return "toml"
    if first != "---":
        return "bad-delimiter" if first.startswith("---") and not first.strip("-") else "none"
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r").rstrip(" \t") in ("---", "..."):
            try:
                fm = load("\n".join(lines[1:i]))
            except (yaml.YAMLError, ValueError):
                return "invalid-yaml"
            return "ok" if fm is None or isinstance(fm, dict) else "not-a-mapping"
    return "unclosed"


def test_every_corpus_markdown_file_survives_edits(corpora, tmp_path, monkeypatch):
    # Durability is not what this test checks (the file-layer tests use real fsyncs); ~1,800
    # fsyncs would make it I/O-bound on a busy disk.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    files = sorted({*corpora.rglob("*.md"), *corpora.rglob("*.markdown")})
    assert len(files) > 400
    counts: dict[str, int] = {}
    tasks_done = 0
    started = time.perf_counter()
    for src in files:
        original = src.read_bytes()
        state = corpus_front_matter_state(original)
        json_fm = state == "ok" and blines(original)[1].lstrip().startswith(b"{")
        counts[state] = counts.get(state, 0) + 1
        work = tmp_path / "copy.md"
        work.write_bytes(original)
        os.chmod(work, 0o644)

        if state not in ("ok", "none"):
            with pytest.raises(EditError):
                set_field(original, "plainnet_checked", date(2026, 11, 25))
        else:
            # 1. a new key: exactly one inserted line (three when a block is created), nothing else
            assert apply_edit(work, set_field, "plainnet_checked", date(2026, 11, 25)), src
            new = work.read_bytes()
            added = only_inserted(original, new) if not json_fm else []
            nl = b"\r\n" if original.split(b"\n", 1)[0].endswith(b"\r") else b"\n"
            if json_fm:  # stays valid JSON: `,` after the last pair, then the new pair
                before, after = (b"".join(blines(x)[1 : split_fm(x)[1]]) for x in (original, new))
                assert json.loads(after) == {**json.loads(before), "plainnet_checked": "2026-11-25"}
                assert [op[0] for op in changes(original, new)] == ["replace"]
            elif state == "ok":
                assert added == [b"plainnet_checked: 2026-11-25" + nl] or (
                    original and not original.endswith(b"\n")  # front matter-only file, no final newline
                ), src
                assert split_fm(new)[0] == {**split_fm(original)[0], "plainnet_checked": date(2026, 11, 25)}
            else:
                assert new == original[:3] * original.startswith(BOM) + b"---" + nl + b"plainnet_checked: 2026-11-25" + nl + b"---" + nl + original[3 * original.startswith(BOM):], src
            assert_same_style(original, new)
            # 2. setting it again is a no-op that does not even touch the file
            mtime = work.stat().st_mtime_ns
            assert not apply_edit(work, set_field, "plainnet_checked", date(2026, 11, 25))
            assert work.stat().st_mtime_ns == mtime

        # 3. a log line under ## Log: only the inserted lines, front matter untouched
        if state == "not-utf8":
            continue
        work.write_bytes(original)
        apply_edit(work, append_under_heading, "## Log", "- 2026-11-25: corpus check")
        new = work.read_bytes()
        added = only_inserted(original, new)
        assert added[-1].rstrip(b"\r\n") == b"- 2026-11-25: corpus check", src
        if len(added) > 1:  # a new section: blank line (unless the file was empty), heading, line
            assert [x.rstrip(b"\r\n") for x in added[:-1]] == [b"", b"## Log"][-(len(added) - 1):], src
            already_blank = not original.strip() or original.endswith((b"\n\n", b"\n\r\n"))
            assert len(added) == (2 if already_blank else 3), src
        assert_same_style(original, new)

        # 4. every open Obsidian task ticks with a one-line diff
        for i, line in enumerate(blines(original), 1):
            if tasks_done < 400 and b"- [ ] " in line and line.lstrip(b" \t>").startswith(b"- [ ] "):
                try:
                    ticked = mark_task_done(original, i, date(2026, 11, 25))
                except EditError:
                    continue  # in a code block, or already has a ✅ date
                (op,) = changes(original, ticked)
                assert op[0] == "replace" and op[1] == i - 1 and op[2] == i, src
                dataview = re.search(r"[\[(]due::", line.decode()) and not re.search("[📅📆🗓⏳⌛🛫➕]", line.decode())
                mark = "[completion:: 2026-11-25]" if dataview else "✅ 2026-11-25"
                assert mark.encode() in blines(ticked)[i - 1]
                tasks_done += 1
    elapsed = time.perf_counter() - started
    print(f"\ncorpus: {len(files)} files {counts}, {tasks_done} tasks ticked, {elapsed:.1f}s")
    assert counts.get("ok", 0) >= 200 and counts.get("none", 0) >= 150 and counts.get("invalid-yaml", 0) >= 25
    assert tasks_done > 50


# --------------------------------------------------------------------------------------------
# Property tests: generated front matter and bodies
# --------------------------------------------------------------------------------------------

HYPO = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["name", "company", "tags", "due date", "ключ", "日本語", "x_1", "aliases", "follow_ups", "Notes", "e-mail", "a.b"]
SUBKEYS = ["due", "what", "done", "sub key", "ü"]
ALPHABET = list("abcxyz ABC019é日本🙂ß") + list(":#-'\",[]{}!&*?|>%@`/.\\")
BODY_LINES = ["", "text", "---", "## Log", "- 2026-11-01: met", "- [ ] task 📅 2026-11-20", "key: value",
              "...", "# Heading", "```", "ünïcode 🙂", "  indented", "***", "---   "]


def strict_eq(a, b) -> bool:
    """Equality that tells True from 1 and a date from a datetime, and checks key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strict_eq(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_eq(x, y) for x, y in zip(a, b))
    return a == b


def plain_reads_back(s: str, flow: bool) -> bool:
    if not s or s != s.strip():
        return False
    try:
        if flow:  # on one line and alone on its line (as in the multi-line flow lists below)
            return load(f"k: [{s}]") == load(f"k: [\n    {s}\n  ]") == {"k": [s]}
        return load(f"k: {s}") == {"k": s}
    except (yaml.YAMLError, ValueError):  # e.g. "0000-01-01": a timestamp PyYAML cannot construct
        return False


@st.composite
def scalars(draw, flow=False):
    """(YAML text, value) in a style a person might have used."""
    kind = draw(st.sampled_from(["str", "str", "str", "int", "bool", "date", "none"]))
    if kind == "str":
        s = draw(st.text(alphabet=ALPHABET, max_size=12))
        style = draw(st.sampled_from(["single", "double"] + ["plain"] * 2 * plain_reads_back(s, flow)))
        if style == "plain":
            return s, s
        if style == "single":
            return "'" + s.replace("'", "''") + "'", s
        return json.dumps(s, ensure_ascii=False), s
    if kind == "int":
        i = draw(st.integers(-10**6, 10**6))
        return str(i), i
    if kind == "bool":
        b = draw(st.booleans())
        return draw(st.sampled_from(["true", "True"] if b else ["false", "False"])), b
    if kind == "date":
        d = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
        return d.isoformat(), d
    return draw(st.sampled_from(["null", "~"] if flow else ["", "null", "~"])), None


comments = st.sampled_from(["", "", "  # note", " # ünï 🙂", "   #"])


@st.composite
def entries(draw, key, kind=None):
    """(lines, value, kind, sub_lines) for one top-level key; sub_lines maps (item, subkey) -> line."""
    kind = kind or draw(st.sampled_from(["scalar", "scalar", "flow", "block_list", "map", "literal",
                                         "list_of_maps", "multiline_flow"]))
    c = draw(comments)
    if kind == "scalar":
        t, v = draw(scalars())
        return [f"{key}: {t}{c}" if t else f"{key}:{c}"], v, kind, {}
    if kind == "flow":
        items = draw(st.lists(scalars(flow=True), max_size=4))
        return [f"{key}: [{', '.join(t for t, _ in items)}]{c}"], [v for _, v in items], kind, {}
    if kind == "multiline_flow":
        items = draw(st.lists(scalars(flow=True), min_size=1, max_size=3))
        lines = [f"{key}: ["] + [f"    {t}," for t, _ in items[:-1]] + [f"    {items[-1][0]}", "  ]"]
        return lines, [v for _, v in items], kind, {}
    if kind == "block_list":
        ind = " " * draw(st.sampled_from([0, 2, 4]))
        lines, values = [f"{key}:{c}"], []
        for t, v in draw(st.lists(scalars(), min_size=1, max_size=4)):
            if draw(st.booleans()):
                lines.append(f"{ind}# between items")
            lines.append(f"{ind}- {t}" if t else f"{ind}-")
            values.append(v)
        return lines, values, kind, {}
    if kind == "map":
        subs = draw(st.lists(st.sampled_from(SUBKEYS), min_size=1, max_size=3, unique=True))
        lines, value = [f"{key}:{c}"], {}
        for sk in subs:
            t, v = draw(scalars())
            lines.append(f"  {sk}: {t}{draw(comments)}" if t else f"  {sk}:")
            value[sk] = v
        return lines, value, kind, {}
    if kind == "literal":
        texts = draw(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=10).filter(
            lambda s: s == s.lstrip() and s.strip()), min_size=1, max_size=3))
        return [f"{key}: |{c}"] + [f"  {t}" for t in texts], "\n".join(texts) + "\n", kind, {}
    # list_of_maps: block items and flow items mixed
    ind = draw(st.sampled_from([0, 2]))
    lines, value, sub_lines = [f"{key}:{c}"], [], {}
    for n in range(draw(st.integers(1, 3))):
        subs = draw(st.lists(st.sampled_from(SUBKEYS), min_size=1, max_size=3, unique=True))
        item = {}
        if draw(st.booleans()):  # - {due: 2026-11-01, what: x}
            parts = []
            for sk in subs:
                t, v = draw(scalars(flow=True))
                parts.append(f"{sk}: {t}")
                item[sk] = v
                sub_lines[(n, sk)] = len(lines)
            lines.append(" " * ind + "- {" + ", ".join(parts) + "}")
        else:
            for j, sk in enumerate(subs):
                t, v = draw(scalars())
                prefix = " " * ind + ("- " if j == 0 else "  ")
                sub_lines[(n, sk)] = len(lines)
                lines.append(f"{prefix}{sk}: {t}" if t else f"{prefix}{sk}:")
                item[sk] = v
        value.append(item)
    return lines, value, kind, sub_lines


@st.composite
def notes(draw, require=None):
    """A whole note: BOM?, CRLF?, generated front matter with comments, a body with `---` rules.

    require: a kind of entry that must occur at least once (so no example is thrown away).
    """
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    fm_lines = ["---"]
    if draw(st.booleans()):
        fm_lines.append("# front matter comment 🙂")
    ranges, expected, kinds, sub_lines = {}, {}, {}, {}
    if isinstance(require, st.SearchStrategy):
        require = draw(require)
    forced = draw(st.integers(0, len(keys) - 1))
    for i, key in enumerate(keys):
        lines, value, kind, subs = draw(entries(key, require if i == forced else None))
        first = len(fm_lines)
        fm_lines += lines
        ranges[key] = (first, len(fm_lines) - 1)
        expected[key], kinds[key] = value, kind
        sub_lines[key] = {k: first + v for k, v in subs.items()}
        if draw(st.integers(0, 4)) == 0:
            fm_lines.append(draw(st.sampled_from(["", "# a comment: with colon", "#"])))
    close = len(fm_lines)
    fm_lines.append("---")
    body_lines = draw(st.lists(st.sampled_from(BODY_LINES), max_size=8))
    body = nl.join(body_lines) + (nl if body_lines and draw(st.booleans()) else "")
    text = nl.join(fm_lines) + nl + body
    data = (BOM if bom else b"") + text.encode("utf-8")
    fm, found_close, found_body = split_fm(data)
    assert found_close == close and found_body == body.encode() and strict_eq(fm, expected), (text, fm, expected)
    return dict(data=data, ranges=ranges, expected=expected, kinds=kinds, sub_lines=sub_lines, close=close,
                body=body.encode(), nl=nl.encode())


set_values = st.one_of(
    scalars().map(lambda tv: tv[1]),
    st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)),
    st.text(max_size=20),  # anything at all: control characters, U+2028, quotes, `[[links]]`
    st.lists(st.text(alphabet=ALPHABET, max_size=6), max_size=3),
    st.dictionaries(st.sampled_from(SUBKEYS), st.integers(0, 9), max_size=2),
)


def check_front_matter(new: bytes, note: dict, expected: dict) -> None:
    fm, _, body = split_fm(new)
    assert strict_eq(fm, expected), (fm, expected)
    assert body == note["body"]
    assert_same_style(note["data"], new)


@HYPO
@given(note=notes(), data=st.data())
def test_property_set_field_changes_only_that_keys_lines(note, data):
    key = data.draw(st.sampled_from(sorted(note["ranges"])))
    value = data.draw(set_values)
    new = set_field(note["data"], key, value)
    check_front_matter(new, note, {**note["expected"], key: value})
    first, last = note["ranges"][key]
    old_lines, new_lines = blines(note["data"]), blines(new)
    tail = len(old_lines) - (last + 1)  # everything before and after the key's lines is kept
    assert new_lines[:first] == old_lines[:first] and new_lines[len(new_lines) - tail :] == old_lines[last + 1 :]
    ops = changes(note["data"], new)
    if note["kinds"][key] == "scalar" and not isinstance(value, (list, dict)) and ops:
        assert ops == [("replace", first, first + 1, first, first + 1)]  # a one-line diff


@HYPO
@given(note=notes())
def test_property_no_op_set_writes_identical_bytes(note):
    for key, value in note["expected"].items():
        assert set_field(note["data"], key, value) == note["data"]


@HYPO
@given(note=notes(), value=set_values)
def test_property_new_key_is_inserted_before_the_closing_line(note, value):
    new = set_field(note["data"], "plainnet new", value)
    check_front_matter(new, note, {**note["expected"], "plainnet new": value})
    close = note["close"]
    old_lines, new_lines = blines(note["data"]), blines(new)
    n = len(new_lines) - len(old_lines)
    assert n >= 1 and new_lines == old_lines[:close] + new_lines[close : close + n] + old_lines[close:]
    assert new_lines[close].startswith(b"plainnet new:")


items_strategy = st.one_of(
    scalars().map(lambda tv: tv[1]),
    st.fixed_dictionaries({"due": st.dates(date(2020, 1, 1), date(2030, 1, 1)),
                           "what": st.text(alphabet=ALPHABET, min_size=1, max_size=12), "done": st.booleans()}),
)


@HYPO
@given(note=notes(require=st.sampled_from(["flow", "multiline_flow", "block_list", "list_of_maps"])),
       data=st.data(), item=items_strategy)
def test_property_append_list_item_adds_only_the_items_lines(note, data, item):
    lists = sorted(k for k, kind in note["kinds"].items() if kind in ("flow", "multiline_flow", "block_list",
                                                                       "list_of_maps"))
    key = data.draw(st.sampled_from(lists + ["brand new list"]))
    new = append_list_item(note["data"], key, item)
    old = note["expected"].get(key, [])
    check_front_matter(new, note, {**note["expected"], key: old + [item]})
    old_lines, new_lines = blines(note["data"]), blines(new)
    if key not in note["ranges"]:  # a new key: its lines go just before the closing `---`
        close, n = note["close"], len(new_lines) - len(old_lines)
        assert new_lines == old_lines[:close] + new_lines[close : close + n] + old_lines[close:]
        assert new_lines[close].rstrip(b"\r\n") == b"brand new list:"
        return
    first, last = note["ranges"][key]
    if note["kinds"][key] in ("block_list", "list_of_maps"):
        flow_sibling = old_lines[last].lstrip().startswith(b"- {")  # the new map matches its siblings
        n = 3 if isinstance(item, dict) and not flow_sibling else 1
        assert new_lines == old_lines[: last + 1] + new_lines[last + 1 : last + 1 + n] + old_lines[last + 1 :]
    else:
        for tag, i1, i2, j1, j2 in changes(note["data"], new):
            assert first <= i1 and i2 <= last + 1


@HYPO
@given(note=notes(require="list_of_maps"), data=st.data(), value=scalars().map(lambda tv: tv[1]))
def test_property_set_list_item_field_is_one_line(note, data, value):
    targets = sorted((k, n, sk) for k, subs in note["sub_lines"].items() for (n, sk) in subs)
    key, n, sk = data.draw(st.sampled_from(targets))
    new = set_list_item_field(note["data"], key, n, sk, value)
    expected = dict(note["expected"])
    expected[key] = [dict(item) for item in note["expected"][key]]
    expected[key][n][sk] = value
    check_front_matter(new, note, expected)
    line = note["sub_lines"][key][(n, sk)]
    assert changes(note["data"], new) in ([], [("replace", line, line + 1, line, line + 1)])


@HYPO
@given(note=notes(), line=st.text(alphabet=ALPHABET, min_size=1, max_size=20))
def test_property_append_under_heading_only_adds_lines(note, line):
    new = append_under_heading(note["data"], "## Log", line)
    added = only_inserted(note["data"], new)
    assert added[-1].rstrip(b"\r\n") == line.encode()
    close = note["close"]
    assert blines(new)[: close + 1] == blines(note["data"])[: close + 1]  # front matter untouched
    assert_same_style(note["data"], new)


def test_every_key_of_every_corpus_note_can_be_replaced_in_place(corpora):
    """Set each existing top-level key of each real note: only that key's lines change."""
    edited = 0
    for src in sorted({*corpora.rglob("*.md"), *corpora.rglob("*.markdown")}):
        original = src.read_bytes()
        if corpus_front_matter_state(original) != "ok" or blines(original)[1].lstrip().startswith(b"{"):
            continue
        fm, close, body = split_fm(original)
        for key in [k for k in (fm or {}) if isinstance(k, str)]:
            new = set_field(original, key, "plainnet value")
            new_fm, _, new_body = split_fm(new)
            assert strict_eq(new_fm, {**fm, key: "plainnet value"}) and new_body == body, (src, key)
            a, b = blines(original), blines(new)
            i = 0
            while a[i] == b[i]:
                i += 1
            j = 0
            while a[len(a) - 1 - j] == b[len(b) - 1 - j]:
                j += 1
            window = a[i : len(a) - j]  # the old lines that changed: the key's line and its value
            assert window and window[0].lstrip(BOM).startswith((key.encode(), b'"', b"'")), (src, key, window)
            for line in window[1:]:  # never another key, never a top-level comment
                assert line[:1] in (b" ", b"\t", b"\r", b"\n", b"-"), (src, key, window)
            head = b[i].split(b" plainnet value")[0]  # `key:` exactly as it was written
            assert head.endswith(b":") and window[0].startswith(head), (src, key, b[i])
            edited += 1
    assert edited >= 600


def test_append_matches_flow_mapping_siblings():
    """`- {date: …, what: …}` lists (as people type them) get their new item in the same style."""
    import datetime as _d

    data = b"---\ngave:\n  - {date: 2026-06-02, what: x}\n---\nbody\n"
    out = edit.append_list_item(data, "gave", {"date": _d.date(2026, 11, 25), "what": "intro, to: Lena"})
    assert out == b'---\ngave:\n  - {date: 2026-06-02, what: x}\n  - {date: 2026-11-25, what: "intro, to: Lena"}\n---\nbody\n'
    block = b"---\ngave:\n  - date: 2026-06-02\n    what: x\n---\n"
    out = edit.append_list_item(block, "gave", {"date": _d.date(2026, 11, 25), "what": "y"})
    assert out.endswith(b"  - date: 2026-11-25\n    what: y\n---\n")
