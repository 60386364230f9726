"""Edges of the safe write path that the main write tests do not reach: waiting for many notes to
settle, creating a note on a file system without hard links, the exact wording of refusals, and
the spelling of values a person would write. Real files in temporary folders; where a file system
or a racing program is needed, the one system call involved is replaced for the test."""
from __future__ import annotations

import contextlib
import enum
import errno
import os
import stat
import threading
import time
from datetime import date, datetime

import pytest

from plainnet.write import edit
from plainnet.write.edit import (
    ConflictError,
    EditError,
    WriteError,
    append_list_item,
    append_under_heading,
    apply_edit,
    create_new,
    mark_task_done,
    set_field,
    set_list_item_field,
)


def _fresh(path, text="x\n"):
    path.write_text(text, encoding="utf-8")
    return path


def _old(path, text="x\n"):
    path.write_text(text, encoding="utf-8")
    os.utime(path, (time.time() - 3600, time.time() - 3600))
    return path


# ------------------------------------------------------------------ settle_many


# (the bounds below are a fraction of the waits they tell apart: a busy machine cannot flip them)


def test_settle_many_returns_at_once_for_old_and_missing_files(tmp_path, monkeypatch):
    monkeypatch.setattr(edit, "SETTLE_SECONDS", 5.0)
    old = _old(tmp_path / "old.md")
    start = time.monotonic()
    edit.settle_many([old, tmp_path / "gone.md"])
    assert time.monotonic() - start < 2.5


def test_settle_many_waits_once_for_a_just_written_note(tmp_path, monkeypatch):
    monkeypatch.setattr(edit, "SETTLE_SECONDS", 0.5)
    notes = [_fresh(tmp_path / f"n{i}.md") for i in range(5)]
    start = time.monotonic()
    edit.settle_many(notes)  # the default quiet time
    took = time.monotonic() - start
    assert 0.5 <= took < 2.0  # one wait for all, not one each (2.5 s)


def test_settle_many_uses_the_quiet_time_it_is_given(tmp_path, monkeypatch):
    monkeypatch.setattr(edit, "SETTLE_SECONDS", 5.0)
    note = _fresh(tmp_path / "n.md")
    start = time.monotonic()
    edit.settle_many([note], settle=0.01)
    assert time.monotonic() - start < 2.5  # not the default's 5 s


@contextlib.contextmanager
def _kept_busy(path):
    """Another program rewriting `path` every 10 ms until the block ends."""
    stop = threading.Event()

    def keep_writing():
        n = 0
        while not stop.is_set():
            n += 1
            path.write_text("x" * (n % 50 + 1), encoding="utf-8")
            time.sleep(0.01)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        yield
    finally:
        stop.set()
        writer.join()


def test_settle_many_gives_up_on_a_note_that_never_holds_still(tmp_path):
    busy = _fresh(tmp_path / "busy.md")
    with _kept_busy(busy):
        start = time.monotonic()
        with pytest.raises(ConflictError) as err:
            # a quiet interval fifty times the writer's: a loaded machine (two cores, four busy
            # processes) stalled the writer thread for over 200 ms, and the note looked settled
            edit.settle_many([_old(tmp_path / "quiet.md"), busy], settle=0.5, limit=1.5)
        took = time.monotonic() - start
    assert str(err.value) == f"{busy}: another program keeps writing this note; nothing written -- try again"
    assert 1.5 <= took < 8  # the limit given, not the default ten seconds


def test_settle_many_waits_until_a_changing_note_stops(tmp_path):
    """It returns only after the note held still for `settle` seconds: whenever the writer
    (descheduled or not on a busy machine) last wrote before it returned, that was at least one
    quiet interval earlier."""
    note = _fresh(tmp_path / "n.md")
    stop, writes = threading.Event(), []

    def keep_writing():
        n = 0
        while not stop.is_set():
            n += 1
            note.write_text("x" * (n % 50 + 1), encoding="utf-8")
            writes.append(time.monotonic())
            time.sleep(0.01)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    while not writes:  # the writer is under way
        time.sleep(0.001)
    threading.Timer(0.4, stop.set).start()
    start = time.monotonic()
    try:
        edit.settle_many([note], settle=0.1, limit=5)
        returned = time.monotonic()
    finally:
        stop.set()
        writer.join()
    before = [w for w in writes if w < returned]
    assert returned - start >= 0.1  # it waited at least one quiet interval
    assert returned - max(before) >= 0.09  # ... and the last one before it returned was quiet


# ------------------------------------------------------------------ create_new


def _no_hard_links(monkeypatch, before=None):
    """A file system without hard links (FAT, some SMB shares): link(2) says EPERM."""

    def link(src, dst, *a, **kw):
        if before is not None:
            before(dst)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(edit.os, "link", link)


def test_create_new_without_hard_links_writes_the_note_directly(tmp_path, monkeypatch):
    _no_hard_links(monkeypatch)
    p = tmp_path / "people" / "Jane Doe.md"
    data = b"---\ntype: contact\n---\n" + b"body line\n" * 20000
    old = os.umask(0o022)
    try:
        create_new(p, data)
    finally:
        os.umask(old)
    assert p.read_bytes() == data
    assert stat.S_IMODE(p.stat().st_mode) == 0o644
    assert sorted(x.name for x in p.parent.iterdir()) == ["Jane Doe.md"]  # no temp file left


def _refused(p, error, message: str) -> None:
    """create_new(p, b"mine") raises `error`, saying exactly `message`."""
    with pytest.raises(error) as err:
        create_new(p, b"mine")
    assert str(err.value) == message


def test_create_new_without_hard_links_never_overwrites_a_note_that_appeared(tmp_path, monkeypatch):
    p = tmp_path / "n.md"
    _no_hard_links(monkeypatch, before=lambda dst: open(dst, "wb").write(b"theirs"))
    _refused(p, EditError, f"{p}: already exists; plainnet will not overwrite it")
    assert p.read_bytes() == b"theirs"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["n.md"]


def test_create_new_without_hard_links_reports_a_folder_that_vanished(tmp_path, monkeypatch):
    folder = tmp_path / "people"
    p = folder / "n.md"

    def remove_folder(dst):
        for x in folder.iterdir():
            x.unlink()
        folder.rmdir()

    _no_hard_links(monkeypatch, before=remove_folder)
    _refused(p, WriteError, f"cannot write {p}: No such file or directory")
    assert not folder.exists()


def test_create_new_without_hard_links_leaves_no_half_note_when_the_disk_fails(tmp_path, monkeypatch):
    _no_hard_links(monkeypatch)
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the temp file syncs; the note itself hits a disk error
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(edit.os, "fsync", fsync)
    p = tmp_path / "n.md"
    _refused(p, WriteError, f"cannot write {p}: Input/output error")
    assert list(tmp_path.iterdir()) == []


def test_create_new_reports_a_link_failure_that_is_not_about_hard_links(tmp_path, monkeypatch):
    def link(src, dst, *a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(edit.os, "link", link)
    p = tmp_path / "n.md"
    _refused(p, WriteError, f"cannot write {p}: No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_create_new_loses_the_race_to_a_note_created_meanwhile(tmp_path, monkeypatch):
    real_link = os.link
    p = tmp_path / "n.md"

    def link(src, dst, *a, **kw):
        with open(dst, "wb") as f:  # another program creates the note between check and link
            f.write(b"theirs")
        return real_link(src, dst, *a, **kw)

    monkeypatch.setattr(edit.os, "link", link)
    _refused(p, EditError, f"{p}: already exists; plainnet will not overwrite it")
    assert p.read_bytes() == b"theirs"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["n.md"]


def test_create_new_under_a_file_names_the_folder_it_cannot_make(tmp_path):
    (tmp_path / "people").write_text("a file, not a folder")
    p = tmp_path / "people" / "Jane.md"
    with pytest.raises(EditError) as err:
        create_new(p, b"x")
    assert str(err.value) == f"{p.parent}: cannot create folder: File exists"


def test_apply_edit_passes_keyword_arguments_to_the_transform(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(b"---\na: 1\n---\n")
    assert apply_edit(p, set_field, key="a", value=2) is True
    assert p.read_bytes() == b"---\na: 2\n---\n"


# ------------------------------------------------------------------ refusals say exactly why


@pytest.mark.parametrize("data, line, problem", [
    (b"---\na: [1\n---\n", 2, "did not find expected ',' or ']'"),
    (b"---\na: 1\nb: c: d\n---\n", 3, "mapping values are not allowed in this context"),
    (b"---\na: 1\n\n\nb: \"x\n---\n", 5, "found unexpected end of stream"),
    # a problem found at the closing line is told at the front matter's last line, blank or not
    (b"---\na: [1\n  \n---\n", 3, "did not find expected ',' or ']'"),
    (b"---\na: [1\nX\n---\n", 3, "did not find expected ',' or ']'"),
])
def test_invalid_front_matter_is_refused_at_its_file_line(data, line, problem):
    with pytest.raises(EditError) as err:
        set_field(data, "z", 1)
    assert str(err.value) == f"front matter is not valid YAML (line {line}): {problem}; 'plainnet check' shows it"


def test_a_second_yaml_document_in_the_front_matter_is_refused_without_a_line():
    with pytest.raises(EditError) as err:
        set_field(b"---\na: 1\n--- x\n---\n", "z", 1)
    assert str(err.value) == "front matter is not valid YAML: more than one YAML document; 'plainnet check' shows it"


@pytest.mark.parametrize("value, described", [
    ("text", "the text 'text'"),
    ("x" * 40, "the text '" + "x" * 40 + "'"),
    ("x" * 41, "a text"),
    ("{a: 1}", "a mapping"),
    ("0", "int 0"),
])
def test_adding_to_a_value_that_is_not_a_list_says_what_it_is(value, described):
    with pytest.raises(EditError) as err:
        append_list_item(f"---\nt: {value}\n---\n".encode(), "t", "x")
    assert str(err.value) == f"`t` is not a list (it is {described}); nothing written"


@pytest.mark.parametrize("index, described", [(0, "empty"), (1, "a list"), (2, "float 3.5")])
def test_setting_a_field_of_a_list_item_that_is_not_a_mapping_says_what_it_is(index, described):
    with pytest.raises(EditError) as err:
        set_list_item_field(b"---\nt: [~, [1], 3.5]\n---\n", "t", index, "done", True)
    assert str(err.value) == f"`t` item {index} is not a mapping (it is {described})"


def test_a_value_that_would_read_back_differently_is_refused_on_a_new_front_matter():
    class Level(enum.IntEnum):
        HIGH = 1

    with pytest.raises(EditError) as err:  # written as `1`, it would read back as a plain int
        set_field(b"body\n", "level", Level.HIGH)
    assert str(err.value) == "cannot write `level` precisely; nothing written"


# ------------------------------------------------------------------ values as a person writes them


@pytest.mark.parametrize("value, text", [
    (float("nan"), b".nan"),
    (float("inf"), b".inf"),
    (float("-inf"), b"-.inf"),
    (1e20, b"1.0e+20"),  # `1e+20` would read back as text in YAML 1.1
    (1.5e-7, b"1.5e-07"),
    (2.5, b"2.5"),
])
def test_floats_are_written_as_yaml_spells_them(value, text):
    assert set_field(b"---\na: 1\n---\n", "x", value) == b"---\na: 1\nx: " + text + b"\n---\n"


def test_dates_inside_lists_and_mappings_stay_json_in_json_front_matter():
    data = b'---\n{"a": 1}\n---\n'
    assert set_field(data, "d", [date(2026, 1, 2)]) == b'---\n{"a": 1, "d": ["2026-01-02"]}\n---\n'
    assert set_field(data, "d", {"w": date(2026, 1, 2)}) == b'---\n{"a": 1, "d": {"w": "2026-01-02"}}\n---\n'


def test_append_to_a_flow_list_continues_its_own_line_layout():
    # the last item sits on its own line: the new one goes on the next line, aligned with it
    assert append_list_item(b"---\nt: [a, b,\n   c]\n---\n", "t", "d") == b"---\nt: [a, b,\n   c,\n   d]\n---\n"
    # the last item shares its line with another: the new one lines up under it
    assert append_list_item(b"---\nt: [\n  a, b\n]\n---\n", "t", "c") == b"---\nt: [\n  a, b,\n     c\n]\n---\n"


# ------------------------------------------------------------------ append_list_item


class Level(enum.IntEnum):
    HIGH = 1


@pytest.mark.parametrize("data", [
    b"---\na: 1\n---\n",  # a new key
    b"---\nt:\n---\n",  # an empty key
    b"---\nt: [a]\n---\n",  # a flow list
    b"---\nt:\n  - a\n---\n",  # a block list
])
def test_an_item_that_would_read_back_differently_is_refused_naming_the_list(data):
    with pytest.raises(EditError) as err:  # written as `1`, the enum would read back as a plain int
        append_list_item(data, "t", Level.HIGH)
    assert str(err.value) == ("cannot do this edit precisely while adding to `t`: the result would also change "
                              "other values (anchors/aliases or unusual YAML?); nothing written")


def test_append_to_empty_front_matter_starts_the_list():
    assert append_list_item(b"---\n---\nbody\n", "t", "c") == b"---\nt:\n  - c\n---\nbody\n"


def test_append_in_json_front_matter_stays_json():
    assert append_list_item(b'---\n{"a": 1, "t": null}\n---\n', "t", "x") == b'---\n{"a": 1, "t": ["x"]}\n---\n'
    assert append_list_item(b'---\n{"t": ["a"]}\n---\n', "t", "b") == b'---\n{"t": ["a", "b"]}\n---\n'


@pytest.mark.parametrize("data, new", [
    (b"---\nt:\n---\n", b"---\nt:\n  - what: x\n    tags:\n      - a\n      - b\n---\n"),
    (b"---\nt:\n  - a\n---\n", b"---\nt:\n  - a\n  - what: x\n    tags:\n      - a\n      - b\n---\n"),
    (b"---\nt:\n- a\n---\n", b"---\nt:\n- a\n- what: x\n  tags:\n  - a\n  - b\n---\n"),
])
def test_an_item_holding_a_list_is_indented_like_the_vaults_lists(data, new):
    assert append_list_item(data, "t", {"what": "x", "tags": ["a", "b"]}) == new


def test_editing_an_alias_of_a_list_is_refused_saying_so():
    data = b"---\na: &x [{done: false}]\nt: *x\n---\n"
    for change in (lambda: append_list_item(data, "t", "x"), lambda: set_list_item_field(data, "t", 0, "done", True)):
        with pytest.raises(EditError) as err:
            change()
        assert str(err.value) == "`t` is an alias of a list written elsewhere; edit it by hand"


def test_append_to_an_anchored_block_list_is_refused():
    with pytest.raises(EditError) as err:
        append_list_item(b"---\nt: &x\n  - a\n---\n", "t", "x")
    assert str(err.value) == "`t` is a list plainnet cannot extend precisely; edit it by hand"


@pytest.mark.parametrize("data, new", [
    (b"---\nt:\n  -\n  - b\n---\n", b"---\nt:\n  -\n  - b\n  - c\n---\n"),  # an empty first item
    (b"---\nt:\n  - &a x\n---\n", b"---\nt:\n  - &a x\n  - c\n---\n"),  # an anchored first item
    (b"---\nt:\n  -   x\n---\n", b"---\nt:\n  -   x\n  -   c\n---\n"),  # a wide gap is copied
])
def test_append_copies_the_dash_and_gap_of_a_plain_first_item_only(data, new):
    assert append_list_item(data, "t", "c") == new


# ------------------------------------------------------------------ set_list_item_field


@pytest.mark.parametrize("index", [True, "0", 0.0])
def test_a_list_index_must_be_a_whole_number(index):
    with pytest.raises(TypeError) as err:
        set_list_item_field(b"---\nt:\n  - {a: 1}\n  - {a: 2}\n---\n", "t", index, "a", 3)
    assert str(err.value) == "index must be an int"


@pytest.mark.parametrize("data, message", [
    (b"body\n", "there is no front matter, so no `t` list"),
    (b"---\n---\nbody\n", "there is no `t` in the front matter"),
    (b"---\n# only a comment\n---\n", "there is no `t` in the front matter"),
])
def test_setting_a_list_item_field_without_the_list_says_so(data, message):
    with pytest.raises(EditError) as err:
        set_list_item_field(data, "t", 0, "done", True)
    assert str(err.value) == message


# ------------------------------------------------------------------ mark_task_done


def test_a_task_on_the_first_line_can_be_ticked_and_line_zero_does_not_exist():
    data = b"- [ ] first\n- [ ] second\n"
    assert mark_task_done(data, 1, date(2026, 11, 25)) == "- [x] first ✅ 2026-11-25\n- [ ] second\n".encode()
    with pytest.raises(EditError) as err:
        mark_task_done(data, 0, date(2026, 11, 25))
    assert str(err.value) == "line 0 does not exist (the note has 2 lines)"


def test_a_done_time_is_written_as_its_date():
    assert mark_task_done(b"- [ ] call\n", 1, datetime(2026, 11, 25, 17, 30)) == "- [x] call ✅ 2026-11-25\n".encode()


def test_the_done_date_goes_before_the_block_id_on_a_crlf_line():
    data = b"- [ ] send deck ^abc-1\r\nnext\r\n"
    assert mark_task_done(data, 1, date(2026, 11, 25)) == "- [x] send deck ✅ 2026-11-25 ^abc-1\r\nnext\r\n".encode()


def test_refusing_a_long_line_quotes_its_first_sixty_characters():
    text = "a plain line that goes on " + "and on " * 10
    data = ("- [x] " + text + "\n" + text + "\n").encode()
    with pytest.raises(EditError) as err:
        mark_task_done(data, 2, date(2026, 11, 25))
    assert str(err.value) == f"line 2 is not a task (`- [ ] ...`): {text.strip()[:60]!r}"
    with pytest.raises(EditError) as err:
        mark_task_done(data, 1, date(2026, 11, 25))
    assert str(err.value) == f"line 1 is not an open task (it is `[x]`): {('- [x] ' + text).strip()[:60]!r}"


@pytest.mark.parametrize("data, index, message", [
    (b"---\nt: [{a: 1}]\n---\n", 1, "`t` has 1 item; there is no item 1"),
    (b"---\nt: [{a: 1}, {a: 2}]\n---\n", -3, "`t` has 2 items; there is no item -3"),
    (b"---\nt: 5\n---\n", 0, "`t` is not a list (it is int 5)"),
    (b"---\na: &m {x: 1}\nt: [*m]\n---\n", 0, "`t` item 0 is an alias of a mapping written elsewhere; edit it by hand"),
])
def test_a_list_item_that_cannot_be_edited_is_refused_saying_why(data, index, message):
    with pytest.raises(EditError) as err:
        set_list_item_field(data, "t", index, "a", 5)
    assert str(err.value) == message


def test_a_negative_index_counts_from_the_end_down_to_the_first_item():
    data = b"---\nt: [{a: 1}, {a: 2}]\n---\n"
    assert set_list_item_field(data, "t", -2, "a", 5) == b"---\nt: [{a: 5}, {a: 2}]\n---\n"


@pytest.mark.parametrize("data, subkey, value, new", [
    # JSON front matter stays JSON: dates as ISO strings, strings quoted
    (b'---\n{"t": [{"a": 1}]}\n---\n', "d", date(2026, 1, 2), b'---\n{"t": [{"a": 1, "d": "2026-01-02"}]}\n---\n'),
    (b'---\n{"t": [{"a": "x"}]}\n---\n', "a", "y", b'---\n{"t": [{"a": "y"}]}\n---\n'),
    (b'---\n{"t": [{"a": "x"}]}\n---\n', "b", "y", b'---\n{"t": [{"a": "x", "b": "y"}]}\n---\n'),
    # an empty subkey is a value to replace; a missing one set to nothing is still added
    (b"---\nt:\n  - done:\n---\n", "done", True, b"---\nt:\n  - done: true\n---\n"),
    (b"---\nt:\n  - a: 1\n---\n", "note", None, b"---\nt:\n  - a: 1\n    note:\n---\n"),
    # an item written `{...}` in a block list keeps flow syntax for what goes in it
    (b"---\nt:\n  - {tags: x}\n---\n", "tags", ["a", "b"], b"---\nt:\n  - {tags: [a, b]}\n---\n"),
    (b"---\nt:\n  - {done: true}\n---\n", "done", None, b"---\nt:\n  - {done: null}\n---\n"),
])
def test_set_list_item_field_writes_in_the_items_own_syntax(data, subkey, value, new):
    assert set_list_item_field(data, "t", 0, subkey, value) == new


def test_a_list_item_value_that_would_read_back_differently_is_refused_naming_the_field():
    with pytest.raises(EditError) as err:
        set_list_item_field(b"---\nt:\n  - a: 1\n---\n", "t", 0, "level", Level.HIGH)
    assert str(err.value) == ("cannot do this edit precisely while setting `t[0].level`: the result would also "
                              "change other values (anchors/aliases or unusual YAML?); nothing written")


def test_a_new_key_in_json_front_matter_is_quoted_like_json():
    data = b'---\n{"a": 1}\n---\n'
    assert set_field(data, "s", "plain") == b'---\n{"a": 1, "s": "plain"}\n---\n'
    assert set_field(data, "s", ["plain"]) == b'---\n{"a": 1, "s": ["plain"]}\n---\n'


def test_a_new_subkey_holding_a_list_goes_under_the_item_as_block_lines():
    new = set_list_item_field(b"---\nt:\n  - a: 1\n---\n", "t", 0, "tags", ["x", "y"])
    assert new == b"---\nt:\n  - a: 1\n    tags:\n      - x\n      - y\n---\n"


@pytest.mark.parametrize("data, new", [
    (b"---\r\na: 1\n---\n", b"---\r\na: 1\nb: 2\n---\n"),  # the ending of the line above, not the first line's
    (b"---\na: 1\r\n---\n", b"---\na: 1\r\nb: 2\r\n---\n"),  # ... nor the closing line's
    (b"---\na: 1\r\n\n---\n", b"---\na: 1\r\n\nb: 2\n---\n"),  # a blank last line has its own
])
def test_a_new_key_ends_its_line_like_the_line_above_it(data, new):
    assert set_field(data, "b", 2) == new


# ------------------------------------------------------------------ append_under_heading


@pytest.mark.parametrize("data, new", [
    # a bare `#` line is a heading too, and ends the section
    (b"## Log\r\n- a\r\n#\r\ntext\r\n", b"## Log\r\n- a\r\n- b\r\n#\r\ntext\r\n"),
    # the heading's text counts, not only its level
    (b"## Notes\nn\n## Log\n- a\n", b"## Notes\nn\n## Log\n- a\n- b\n"),
    # an empty section: the line goes right under its heading
    (b"## Log\n## Next\ntext\n", b"## Log\n- b\n## Next\ntext\n"),
    # a `#` line inside a code block is not a heading and does not end the section
    (b"## Log\n- a\n```\n# not a heading\n```\n- c\n## Next\n", b"## Log\n- a\n```\n# not a heading\n```\n- c\n- b\n## Next\n"),
    # `#` and a no-break space is text, not a heading (Markdown wants a space or tab)
    ("## Log\n- a\n#\xa0\n".encode(), "## Log\n- a\n#\xa0\n- b\n".encode()),
])
def test_append_under_heading_finds_the_sections_end(data, new):
    assert append_under_heading(data, "## Log", "- b") == new


def test_appended_text_with_line_breaks_becomes_lines_in_the_notes_own_ending():
    assert append_under_heading(b"## Log\n- a\n", "## Log", "one\r\ntwo\rthree") == b"## Log\n- a\none\ntwo\nthree\n"


def test_appending_under_a_text_that_is_not_a_heading_says_so():
    with pytest.raises(EditError) as err:
        append_under_heading(b"x\n", "Log", "- a")
    assert str(err.value) == "'Log' is not a Markdown heading like '## Log'"


# ------------------------------------------------------------------ write_atomic


def test_a_note_touched_since_it_was_read_is_a_conflict_even_with_the_same_bytes(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(b"---\na: 1\n---\n")
    snap = edit.read_snapshot(p)
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # a sync client rewrote it, same bytes
    with pytest.raises(ConflictError):
        edit.write_atomic(snap, b"---\na: 2\n---\n")
    assert p.read_bytes() == b"---\na: 1\n---\n"


def test_a_note_replaced_by_a_folder_since_it_was_read_is_refused(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(b"x\n")
    snap = edit.read_snapshot(p)
    p.unlink()
    p.mkdir()
    with pytest.raises(EditError) as err:
        edit.write_atomic(snap, b"y\n")
    assert str(err.value) == f"{p}: is not a regular file; nothing written"
    assert p.is_dir()


def test_a_full_disk_while_writing_names_the_note_and_leaves_it_whole(tmp_path, monkeypatch):
    p = tmp_path / "n.md"
    p.write_bytes(b"x\n")
    snap = edit.read_snapshot(p)

    def full(tmp, data, mode):
        with open(tmp, "wb") as f:
            f.write(data[:1])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(edit, "_write_tmp", full)
    with pytest.raises(WriteError) as err:
        edit.write_atomic(snap, b"y\n")
    assert str(err.value) == f"cannot write {p}: No space left on device"
    assert p.read_bytes() == b"x\n" and sorted(x.name for x in tmp_path.iterdir()) == ["n.md"]


def test_a_refused_rename_names_the_note_and_removes_the_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "n.md"
    p.write_bytes(b"x\n")
    snap = edit.read_snapshot(p)

    def refuse(src, dst):
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(edit.os, "replace", refuse)
    with pytest.raises(WriteError) as err:
        edit.write_atomic(snap, b"y\n")
    assert str(err.value) == f"cannot write {p}: Device or resource busy"
    assert p.read_bytes() == b"x\n" and sorted(x.name for x in tmp_path.iterdir()) == ["n.md"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to someone else")
def test_a_rewritten_note_keeps_its_owner(tmp_path):
    p = tmp_path / "n.md"
    p.write_bytes(b"x\n")
    os.chown(p, 1234, 2345)
    edit.write_atomic(edit.read_snapshot(p), b"y\n")
    st = p.stat()
    assert p.read_bytes() == b"y\n" and (st.st_uid, st.st_gid) == (1234, 2345)


def test_a_heading_is_matched_by_its_whole_text():
    assert append_under_heading(b"## FAX\n- a\n", "## FA", "- b") == b"## FAX\n- a\n\n## FA\n- b\n"


# ------------------------------------------------------------------ tasks, code blocks and list items


@pytest.mark.parametrize("data, line, message", [
    (b"---\na: 1\n---\n", 3, "line 3 is in the front matter, not a task"),  # the closing line of a note with no body
    (b"~~~ `x`\n- [ ] in code\n~~~\n", 2, "line 2 is inside a code block, not a task"),  # a tilde fence may hold backticks
    (b"x\n```\n- [ ] t\n```\n", 2, "line 2 is inside a code block, not a task"),  # the fence line itself
])
def test_lines_that_are_not_tasks_say_where_they_are(data, line, message):
    with pytest.raises(EditError) as err:
        mark_task_done(data, line, date(2026, 11, 25))
    assert str(err.value) == message


@pytest.mark.parametrize("data, line, new", [
    # a fence inside the front matter (a block scalar) opens no code block in the body
    (b"---\nnote: |\n  ```\n---\n- [ ] task\n", 5, "---\nnote: |\n  ```\n---\n- [x] task ✅ 2026-11-25\n"),
    # three backticks with a backtick after them are inline code, not a fence
    (b"``` `code` ```\n- [ ] task\n", 2, "``` `code` ```\n- [x] task ✅ 2026-11-25\n"),
])
def test_tasks_next_to_things_that_look_like_fences_can_be_ticked(data, line, new):
    assert mark_task_done(data, line, date(2026, 11, 25)) == new.encode()


@pytest.mark.parametrize("item, line", [
    ("a, b", b"  - a, b"),  # a block item needs no flow quoting
    (["x", "y"], b"  - [x, y]"),  # a list inside a list is written flow
    (None, b"  -"),  # nothing: no trailing space
])
def test_block_list_items_are_written_as_a_person_would(item, line):
    assert append_list_item(b"---\nt:\n  - a\n---\n", "t", item) == b"---\nt:\n  - a\n" + line + b"\n---\n"


@pytest.mark.parametrize("data, new_list", [
    (b"---\na:\n  b:\n    - 1\n---\n", b"t:\n  - x\n"),  # a nested list indented by 2 under its key
    (b"---\na:\n  b:\n  - 1\n---\n", b"t:\n- x\n"),  # a nested list written indentless
])
def test_a_new_list_is_indented_like_the_first_list_in_the_front_matter_even_nested(data, new_list):
    assert append_list_item(data, "t", "x") == data[:-4] + new_list + b"---\n"


@pytest.mark.parametrize("text, written", [
    ("\x01", '"\\x01"'),
    ("\x7f", '"\\x7F"'),
    ("a\ufeffb", '"a\\uFEFFb"'),  # a byte order mark inside a text is escaped, never written raw
    ("\ufffe", '"\\uFFFE"'),
    ("\uffff", '"\\uFFFF"'),
])
def test_unprintable_characters_are_escaped_in_the_shortest_form(text, written):
    assert edit.render_scalar(text) == written


@pytest.mark.parametrize("text, code", [("\ud800", "D800"), ("\udfff", "DFFF")])
def test_a_lone_surrogate_is_refused_naming_it(text, code):
    with pytest.raises(EditError) as err:
        edit.render_scalar(text)
    assert str(err.value) == f"text contains an invalid character (lone surrogate U+{code})"


@pytest.mark.parametrize("key, value, lines", [
    ("m", {"x,y": 1, 2: "two", None: 3}, b"m:\n  x,y: 1\n  2: two\n  null: 3\n"),  # keys of every kind
    ("<<", 1, b'"<<": 1\n'),  # bare, it would be a merge key
    ("x,y", 1, b"x,y: 1\n"),  # a comma needs no quotes in a block key
    ("m", {"a": ["x", "y"], "b": {"c": 1}}, b"m:\n  a:\n    - x\n    - y\n  b:\n    c: 1\n"),
    ("m", [{"b": ["x", "y"]}], b"m:\n  - b:\n      - x\n      - y\n"),
])
def test_new_keys_and_nested_values_are_written_as_a_person_would(key, value, lines):
    assert set_field(b"---\na: 1\n---\n", key, value) == b"---\na: 1\n" + lines + b"---\n"


def test_lines_appended_to_a_crlf_note_each_end_in_crlf():
    assert append_under_heading(b"## Log\r\n- a\r\n", "## Log", "one\ntwo") == b"## Log\r\n- a\r\none\r\ntwo\r\n"


def test_a_mapping_inside_json_front_matter_stays_json():
    assert set_field(b'---\n{"a": 1}\n---\n', "m", {"k": "v"}) == b'---\n{"a": 1, "m": {"k": "v"}}\n---\n'


# ------------------------------------------------------------------ waiting for one note, torn notes


def test_waiting_for_an_old_note_costs_nothing_and_a_fresh_one_its_quiet_time(tmp_path, monkeypatch):
    monkeypatch.setattr(edit, "SETTLE_SECONDS", 5.0)
    old = _old(tmp_path / "old.md")
    start = time.monotonic()
    edit.wait_until_settled(old, settle=5.0)
    assert time.monotonic() - start < 2.5
    fresh = _fresh(tmp_path / "fresh.md")
    start = time.monotonic()
    edit.read_snapshot(fresh, settle=0.01)
    assert time.monotonic() - start < 2.5  # the quiet time given, not the default's 5 s


def test_waiting_for_a_note_that_never_holds_still_gives_up_at_the_limit(tmp_path):
    busy = _fresh(tmp_path / "busy.md")
    with _kept_busy(busy):
        start = time.monotonic()
        with pytest.raises(ConflictError) as err:
            edit.wait_until_settled(busy, settle=0.05, limit=0.3)
        took = time.monotonic() - start
    assert str(err.value) == f"{busy}: another program keeps writing this note; nothing written -- try again"
    assert took < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_waiting_for_something_that_is_not_a_note_says_what_it_is(tmp_path):
    (tmp_path / "folder.md").mkdir()
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "file").write_text("x")
    cases = [
        (tmp_path / "missing.md", f"{tmp_path / 'missing.md'}: no such file"),
        (tmp_path / "folder.md", f"{tmp_path / 'folder.md'}: is a folder, not a note"),
        (tmp_path / "pipe.md", f"{tmp_path / 'pipe.md'}: is not a regular file (a pipe, socket or device); "
                               f"plainnet does not read it"),
        (tmp_path / "file" / "x.md", f"{tmp_path / 'file' / 'x.md'}: cannot read: Not a directory"),
    ]
    for path, message in cases:
        for reader in (edit.wait_until_settled, edit.read_snapshot):
            with pytest.raises(EditError) as err:
                reader(path)
            assert str(err.value) == message, reader


@pytest.mark.parametrize("data, why", [
    (edit.BOM + b"---\na: 1\n", "has front matter that is never closed"),  # after a byte order mark too
    (b"---\na: 1\n", "has front matter that is never closed"),
    (b"----\nsome text\n", None),  # a rule, not front matter
    (b"---\na: 1\n---\nbody\n", None),
    (b"  \n", "is empty"),
])
def test_a_note_caught_mid_write_is_told_apart_from_a_complete_one(data, why):
    assert edit.torn(data) == why


def test_reading_a_snapshot_waits_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(edit, "SETTLE_SECONDS", 5.0)
    note = _fresh(tmp_path / "n.md")
    start = time.monotonic()
    assert edit.read_snapshot(note).data == b"x\n"  # the library call reads at once
    assert time.monotonic() - start < 2.5
    note = _fresh(tmp_path / "m.md")
    start = time.monotonic()
    edit.read_snapshot(note, settle=1)  # a whole second of quiet, when asked for it
    assert time.monotonic() - start >= 1


def test_a_note_the_disk_cannot_read_says_why(tmp_path, monkeypatch):
    long = tmp_path / ("x" * 300 + ".md")
    with pytest.raises(EditError) as err:
        edit.read_snapshot(long)
    assert str(err.value) == f"{long}: cannot read: File name too long"
    note = tmp_path / "n.md"
    note.write_bytes(b"x\n")
    for exc, why in ((OSError(errno.EIO, "Input/output error"), "Input/output error"), (OSError("odd"), "odd")):
        def fstat(fd, exc=exc):
            raise exc

        with monkeypatch.context() as m:
            m.setattr(edit.os, "fstat", fstat)
            with pytest.raises(EditError) as err:
                edit.read_snapshot(note)
        assert str(err.value) == f"{note}: cannot read: {why}"


def test_a_note_that_grows_while_it_is_read_is_read_five_times_then_refused(tmp_path, monkeypatch):
    note = tmp_path / "n.md"
    note.write_bytes(b"x\n")
    real, calls = os.fstat, []

    def fstat(fd):  # another program appends a line after every look at the file
        st = real(fd)
        calls.append(st.st_size)
        with open(note, "ab") as f:
            f.write(b"y\n")
        return st

    monkeypatch.setattr(edit.os, "fstat", fstat)
    with pytest.raises(ConflictError) as err:
        edit.read_snapshot(note)
    monkeypatch.undo()
    assert str(err.value) == f"{note}: the file keeps changing while it is read; try again"
    assert len(calls) == 10  # five reads, each between two looks


@pytest.mark.parametrize("data, why", [
    (b"+++\ntitle = 1\n+++\n", "front matter is TOML (`+++`); plainnet edits only YAML front matter"),
    (b"----\nname: a\n---\n", "line 1 `----` is not a front matter delimiter (`---`)"),
    (b"---", "front matter opened on line 1 is never closed"),
    (b"---\nname: a\nmore\n", "front matter opened on line 1 is never closed (no `---` line after it)"),
    (b"---\n- a\n---\n", "front matter is a list, not a mapping of keys to values"),
    (b"---\n!!null\n---\n", "front matter is empty, not a mapping of keys to values"),
    (b"---\n''\n---\n", "front matter is the text '', not a mapping of keys to values"),
    (b"---\nname: [a\n---\n", "front matter is not valid YAML (line 2): did not find expected ',' or ']'; "
                               "'plainnet check' shows it"),
    (b"---\nbase: &b {a: 1}\n<<: *b\n---\n", "front matter uses a `<<` merge key; plainnet will not edit it"),
    (b"---\n? name\n: a\n---\n", "key `name` is written in a form plainnet cannot edit precisely (complex `?` key); "
                                  "edit it by hand"),
    (b"---\nname: \xff\n---\n", "not UTF-8 (byte 10); plainnet only edits UTF-8 notes"),
    (edit.BOM + b"---\nname: \xff\n---\n", "not UTF-8 (byte 13); plainnet only edits UTF-8 notes"),  # the file's byte
])
def test_each_front_matter_plainnet_will_not_edit_is_refused_in_words(data, why):
    with pytest.raises(EditError) as err:
        set_field(data, "name", "b")
    assert str(err.value) == why


def test_a_key_may_be_followed_by_blanks_before_its_colon():
    for gap in (" ", "  ", " \t ", "\t"):
        data = f"---\nname{gap}: a\nrole: x\n---\n".encode()
        assert set_field(data, "name", "b") == f"---\nname{gap}: b\nrole: x\n---\n".encode(), repr(gap)


def test_keys_and_arguments_that_are_no_keys_are_refused_in_words():
    data = b"---\nname: a\n---\n"
    for key in (5, "", None):
        with pytest.raises(TypeError, match=r"^key must be a non-empty string$"):
            set_field(data, key, "x")
    for key in ("a\rb", "a\nb", "a\r\nb"):
        with pytest.raises(EditError) as err:
            set_field(data, key, "x")
        assert str(err.value) == f"key {key!r} contains a line break"
    with pytest.raises(TypeError, match=r"^edit functions take the whole file as bytes$"):
        set_field(data.decode(), "name", "x")
    with pytest.raises(TypeError, match=r"^cannot write a object as a YAML scalar$"):
        edit.render_scalar(object())


def test_keys_a_person_would_not_read_as_keys_are_quoted():
    for key in ("-", "?", ":", "ends:", "x:"):
        assert set_field(b"---\nname: a\n---\n", key, "b") == f'---\nname: a\n"{key}": b\n---\n'.encode(), key
    for value in ("Xavier", "X", "-x", ":x", "a:b"):
        assert edit.render_scalar(value) == value and edit.render_scalar(value, flow=value != ":x") == value


def test_an_alias_is_replaced_where_it_is_written_and_its_anchor_is_left_alone():
    assert set_field(b"---\nb: &x 1\nc: *x\nd: 0\n---\n", "c", 2) == b"---\nb: &x 1\nc: 2\nd: 0\n---\n"
    assert set_field(b"---\nb: &x 1\nc: [*x, 3]\nd: 0\n---\n", "c", 2) == b"---\nb: &x 1\nc: 2\nd: 0\n---\n"
    with pytest.raises(EditError) as err:
        append_list_item(b"---\nb: &x [1]\nc: *x\n---\n", "c", 2)
    assert str(err.value) == "`c` is an alias of a list written elsewhere; edit it by hand"
    with pytest.raises(EditError) as err:  # the alias would point nowhere: the check before writing says so
        set_field(b"---\nb: &x 1\nc: *x\n---\n", "b", 2)
    assert str(err.value) == ("cannot do this edit precisely while setting `b` (front matter is not valid YAML "
                              "(line 3): found undefined alias; 'plainnet check' shows it); nothing written")


def test_empty_collections_and_tuples_are_written_as_yaml_lists_and_mappings():
    for value, text in (([], "[]"), ((), "[]"), ({}, "{}")):
        assert set_field(b"---\na: 1\n---\n", "t", value) == f"---\na: 1\nt: {text}\n---\n".encode()
        assert set_field(b"---\na: 1\nt: x\n---\n", "t", value) == f"---\na: 1\nt: {text}\n---\n".encode()
    assert set_field(b"---\na: 1\n---\n", "t", ("x", ("y",), {"k": ()})) == (
        b"---\na: 1\nt:\n  - x\n  - [y]\n  - k: []\n---\n")


def test_blank_lines_and_comments_after_a_block_scalar_stay_where_they_are():
    """A `>` or `|` scalar's text ends at its last character: what follows is the next entry's."""
    assert set_field(b"---\nabout: >\n  folded text\n\n# comment\nnext: 1\n---\n", "about", "x") == (
        b"---\nabout: x\n\n# comment\nnext: 1\n---\n")
    assert set_field(b"---\nabout: >-\n  folded text\n\n\nnext: 1\n---\n", "about", "x") == (
        b"---\nabout: x\n\n\nnext: 1\n---\n")
    assert set_field(b"---\nabout: |\n  a\n\n  \nnext: 1\n---\n", "about", "x") == b"---\nabout: x\n\n  \nnext: 1\n---\n"
    assert set_field(b"---\nabout: |\n  ends with X\nb: 1\n---\n", "about", "y") == b"---\nabout: y\nb: 1\n---\n"
    assert append_list_item(b"---\nm:\n  - |\n    X\n---\n", "m", "y") == b"---\nm:\n  - |\n    X\n  - y\n---\n"
    # an empty block scalar: its line break is the line's, not the value's
    assert set_field(b"---\nabout: |\nnext: 1\n---\n", "about", "x") == b"---\nabout: x\nnext: 1\n---\n"
    assert set_field(b"---\nm:\n  - |\n  - >\n# c\n---\n", "m", "x") == b"---\nm: x\n# c\n---\n"
    assert set_field(b"---\nm:\n  - a\n  - >\n    folded\n\n# c\nz: 1\n---\n", "m", ["q"]) == (
        b"---\nm:\n  - q\n\n# c\nz: 1\n---\n")
    assert append_list_item(b"---\nm:\n  - a\n  - >\n    folded\n\n# c\nz: 1\n---\n", "m", "q") == (
        b"---\nm:\n  - a\n  - >\n    folded\n  - q\n\n# c\nz: 1\n---\n")
    assert append_list_item(b"---\nm:\n  - k: >\n      folded\n\n  # c\nz: 1\n---\n", "m", "q") == (
        b"---\nm:\n  - k: >\n      folded\n  - q\n\n  # c\nz: 1\n---\n")
    assert append_list_item(b"---\nm:\n  - k: |\n      x\n    v: >\n      y\n\n  # c\n---\n", "m", "q") == (
        b"---\nm:\n  - k: |\n      x\n    v: >\n      y\n  - q\n\n  # c\n---\n")


@pytest.mark.parametrize("data, key, value, want", [
    (b"---\na: 1\nb: 2\n---\n", "a", None, b"---\na:\nb: 2\n---\n"),  # no blank after the colon
    (b"---\na: # note\n  1\nb: 2\n---\n", "a", 5, b"---\na: # note\n  5\nb: 2\n---\n"),
    (b"---\na: # note\n  1\nb: 2\n---\n", "a", None, b"---\na: # note\nb: 2\n---\n"),
    (b"---\na: # note\n- 1\nb: 2\n---\n", "a", 5, b"---\na: # note\n  5\nb: 2\n---\n"),
    (b"---\na: # note\n  - 1\nb: 2\n---\n", "a", [5], b"---\na: # note\n  - 5\nb: 2\n---\n"),
    (b"---\na:   # note\n    x\nb: 2\n---\n", "a", "y", b"---\na:   # note\n    y\nb: 2\n---\n"),
    (b"---\n  a: # note\n      1\n  b: 2\n---\n", "a", 5, b"---\n  a: # note\n      5\n  b: 2\n---\n"),
    # a block list's last line goes with it, comment and all; a comment line after it stays
    (b"---\na:\n  - 1 # c\nb: 2\n---\n", "a", 5, b"---\na: 5\nb: 2\n---\n"),
    (b"---\na:\n  k: 1 # c\n# after\nb: 2\n---\n", "a", 5, b"---\na: 5\n# after\nb: 2\n---\n"),
])
def test_a_value_under_its_keys_note_stays_under_it_at_its_indent(data, key, value, want):
    assert set_field(data, key, value) == want


@pytest.mark.parametrize("data, want", [
    (b"Body line\r\nmore\n", b"---\r\na: 1\r\n---\r\nBody line\r\nmore\n"),  # the first line's ending
    (b"\r\nBody\r\n", b"---\r\na: 1\r\n---\r\n\r\nBody\r\n"),
    (b"\nBody\r", b"---\na: 1\n---\n\nBody\r"),
    (b"One line", b"---\na: 1\n---\nOne line"),
])
def test_new_front_matter_ends_its_lines_as_the_notes_first_line_does(data, want):
    assert set_field(data, "a", 1) == want


def test_a_key_added_to_empty_front_matter_takes_the_opening_lines_ending_and_its_style():
    assert set_field(b"---\r\n---\nbody\n", "a", 1) == b"---\r\na: 1\r\n---\nbody\n"
    assert set_field(b"---\n{}\n---\n", "a", 1) == b"---\n{a: 1}\n---\n"
    assert set_field(b'---\n{"a": 1}\n---\n', "b", "x") == b'---\n{"a": 1, "b": "x"}\n---\n'


def test_a_key_tagged_as_text_is_found_by_its_text():
    assert set_field(b"---\n!!str yes: 1\nb: 2\n---\n", "yes", 2) == b"---\n!!str yes: 2\nb: 2\n---\n"
    assert set_field(b'---\n"5": 1\n!!str 6: 1\n---\n', "6", 2) == b'---\n"5": 1\n!!str 6: 2\n---\n'
    # a number tagged as a number is not the text "5": that key is added beside it
    assert set_field(b"---\n!!int 5: 1\n---\n", "5", 2) == b'---\n!!int 5: 1\n"5": 2\n---\n'
