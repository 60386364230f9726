"""The fast front-matter reader (plainnet.notes.simple_yaml) against the YAML path, field by field.

Nothing may change a result: for every file, the whole Note and its index rows must be the same
whether the front matter is read by the fast reader or by libyaml (`parse.FAST_FRONT_MATTER =
False` forces the latter). The values are compared with their types (True is not 1, 1 is not 1.0).
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainnet.index.rows import note_rows
from plainnet.notes import parse as P
from plainnet.notes.simple_yaml import read_simple

REPO = Path(__file__).resolve().parents[1]


def _typed(value):
    """A value with the type of every leaf spelled out, so that == tells True from 1."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, [(f.name, _typed(getattr(value, f.name))) for f in dataclasses.fields(value)])
    return (type(value).__name__, value)


def _both(rel: str, data: bytes):
    """(YAML path's note, fast path's note) of one file."""
    saved = P.FAST_FRONT_MATTER
    try:
        P.FAST_FRONT_MATTER = False
        slow = P.parse_note(rel, data)
        P.FAST_FRONT_MATTER = True
        fast = P.parse_note(rel, data)
    finally:
        P.FAST_FRONT_MATTER = saved
    return slow, fast


def _fast_taken(data: bytes) -> bool:
    """Whether the fast reader reads this file's front matter (rather than handing it to YAML)."""
    text = P.normalize_newlines(P.decode(data)[0])
    span = P.front_matter_span(text)
    return span is not None and read_simple(text[span[0]:span[1]]) is not None


def assert_same(rel: str, data: bytes) -> bool:
    """The fast path's Note and note_rows equal the YAML path's; returns whether it was taken."""
    slow, fast = _both(rel, data)
    for f in dataclasses.fields(slow):
        assert _typed(getattr(fast, f.name)) == _typed(getattr(slow, f.name)), (rel, f.name)
    assert vars(fast).keys() == vars(slow).keys()
    assert note_rows(fast, 1, 2) == note_rows(slow, 1, 2), rel
    return _fast_taken(data)


def _md_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if p.is_file())


def test_every_corpus_file(corpora):
    files = _md_files(corpora)
    assert len(files) > 100
    taken = sum(assert_same(str(p.relative_to(corpora)), p.read_bytes()) for p in files)
    assert taken > 0  # the corpora hold simple front matter too, so the comparison covered the fast path


def test_example_vault():
    root = REPO / "example-vault"
    files = _md_files(root)
    assert files
    taken = sum(assert_same(str(p.relative_to(root)), p.read_bytes()) for p in files)
    assert taken > len(files) // 2


def test_generated_vault(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    root = generate.generate(tmp_path / "g", 300, seed=7)
    files = _md_files(root)
    with_fm = [p for p in files if p.read_bytes().startswith(b"---")]
    taken = sum(assert_same(str(p.relative_to(root)), p.read_bytes()) for p in files)
    assert taken == len(with_fm)  # every generated front matter is of the simple kind


# ---------------------------------------------------------------- generated front matter

TRICKY = ["yes", "no", "on", "off", "On", "NO", "y", "n", "~", "null", "Null", "NULL", "true", "False", "1e3",
          "1.5", "0o17", "017", "0x1F", "0b101", "1_000", "42", "0", "-3", "+7", ".5", ".inf", "-.inf", ".nan",
          "2024-02-30", "2026-06-15", "2026-6-5", "2026-06-15T09:30", "2026-06-15 09:30:00", "2026-06-15T09:30:00Z",
          "12:30", "1:20:30", "190:20:30.15", "'quoted'", "'it''s'", "'a' b'", "''", '""', '"dq \\" x"', '"a\\\\b"',
          '"tab\\t"', '"unclosed', "'unclosed", "- [[Link]]", "[[Link]]", '"[[Link]]"', '"[[A|B]] and [[C#h]]"',
          "[[A]], [[B]]", "#tag", "a #comment", "C#", "a: b", "a:b", "http://x.example/a?b=c#d", "ends:", "x :y",
          "Smith & Co", "&anchor v", "*alias", "!tag v", "!!str 3", "|", ">", "{a: 1}", "[a, b]", "[a, 'b c', \"d\"]",
          "[]", "[ ]", "[a,]", "[a, [b]]", "[a: b]", "[1, yes, ~, 2026-01-02]", "@at", "`tick`", "%pct", "?q", ":c",
          "-x", "- x", "=", "<<", "<x", "O'Brien", 'say "hi"', "ünïcødé ✓", "emoji 📅 2026-01-01", "tab\there",
          "trailing   ", "  leading", "", " ", "2w", "3m", "30d", "Friday", "offline", "nothing", "a, b, c",
          "x\u2028y", "x\x85y", "bom\ufeff", "nul\x00", "cr\rx", "very " * 30]
KEYS = ["type", "name", "tags", "aliases", "met", "date", "last_contact", "attendees", "follow_ups", "gave",
        "yes", "on", "null", "Key", "_x", "a-b", "due", "what", "done", "1", "two words", "\"q\"", "k"]

value = st.one_of(st.sampled_from(TRICKY), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
key = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True))


@st.composite
def entry(draw) -> str:
    """One top-level entry of front matter, in one of the shapes YAML files have."""
    k = draw(key)
    shape = draw(st.sampled_from(["scalar", "scalar", "empty", "block", "flow", "maps", "comment", "blank", "odd"]))
    if shape == "scalar":
        return f"{k}:{draw(st.sampled_from([' ', '  ', '']))}{draw(value)}{draw(st.sampled_from(['', ' ', '  #c']))}\n"
    if shape == "empty":
        return f"{k}:\n"
    if shape == "block":
        ind = draw(st.sampled_from(["", "  ", "    ", " "]))
        items = draw(st.lists(value, max_size=4))
        ragged = draw(st.booleans()) and draw(st.integers(0, 3)) == 0
        return f"{k}:\n" + "".join(f"{ind}{' ' if ragged and i else ''}- {v}\n" for i, v in enumerate(items))
    if shape == "flow":
        return f"{k}: [{', '.join(draw(st.lists(value, max_size=4)))}]\n"
    if shape == "maps":
        ind = draw(st.sampled_from(["", "  "]))
        out = f"{k}:\n"
        for _ in range(draw(st.integers(1, 3))):
            pairs = draw(st.lists(st.tuples(key, value), min_size=1, max_size=3))
            out += f"{ind}- {pairs[0][0]}: {pairs[0][1]}\n"
            extra = draw(st.sampled_from(["  ", "  ", "   ", " "]))
            out += "".join(f"{ind}{extra}{kk}: {vv}\n" for kk, vv in pairs[1:])
        return out
    if shape == "comment":
        return draw(st.sampled_from(["# a comment\n", "  # indented comment\n", "#\n"]))
    if shape == "blank":
        return draw(st.sampled_from(["\n", "   \n"]))
    return draw(st.sampled_from(["  continued line\n", "\tk: v\n", "? complex\n", "...\n", "%YAML 1.1\n",
                                 f"{k}: |\n  block\n", f"{k}: >\n  folded\n", f"{k}:\n  nested: map\n",
                                 f"{k}: &a x\nother: *a\n", f"{k}: multi\n  line\n", f"{k} : spaced\n"]))


@st.composite
def note_bytes(draw) -> bytes:
    fm = "".join(draw(st.lists(entry(), max_size=8)))
    body = draw(st.sampled_from(["", "Body with [[Link]] and #tag\n- [ ] task 📅 2026-01-02\n", "text\n"]))
    text = f"---\n{fm}---\n{body}"
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if draw(st.integers(0, 7)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note_bytes())
def test_generated_front_matter(data):
    assert_same("people/Some One.md", data)


def test_tricky_values_one_by_one():
    """Every tricky value alone, as a scalar, a list item, a flow item and a mapping item's value."""
    taken = 0
    for v in TRICKY:
        for fm in (f"k: {v}\n", f"k:\n  - {v}\n", f"k: [{v}]\n", f"k:\n  - a: {v}\n    b: {v}\n", f"k:\n- x\n- {v}\n"):
            taken += assert_same("n.md", f"---\n{fm}---\n".encode())
    assert taken > len(TRICKY)  # both paths were compared, most of them on the fast one


def test_fast_path_values_and_lines():
    """What the fast reader gives for a typical contact, written out (not only compared)."""
    data = ("---\ntype: contact\nname: Jane Doe\ntags:\n  - mentor\n  - berlin\naliases: [Jane, 'J. D.']\n"
            "met: \"[[Chamber breakfast]]\"\nlast_contact: 2026-05-01\ncadence: 2w\nscore: 7\nmailing_list: yes\n"
            "note: ~\ngave:\n  - date: 2026-02-03\n    what: Intro to [[Bob]]\n---\nBody\n").encode()
    assert _fast_taken(data)
    slow, fast = _both("people/Jane Doe.md", data)
    assert fast.front_matter == {
        "type": "contact", "name": "Jane Doe", "tags": ["mentor", "berlin"], "aliases": ["Jane", "J. D."],
        "met": "[[Chamber breakfast]]", "last_contact": "2026-05-01", "cadence": "2w", "score": 7,
        "mailing_list": True, "note": None, "gave": [{"date": "2026-02-03", "what": "Intro to [[Bob]]"}]}
    assert fast.fm_lines["gave"] == 14 and fast.item_lines == {"tags": [5, 6], "aliases": [7, 7], "gave": [15]}
    assert [(l.target, l.line, l.key) for l in fast.links if l.where == "front_matter"] == \
        [("Chamber breakfast", 8, "met"), ("Bob", 15, "gave")]
    assert _typed(fast) == _typed(slow)


@pytest.mark.parametrize("fm", [
    "a: 1\na: 2\n",  # a repeated key: YAML's finding at its line
    "k: &x v\nj: *x\n",
    "k: !!str 3\n",
    "k: |\n  text\n",
    "k: v # comment\n",
    "k:\n  - a\n   - b\n",
    "k: 0x1F\n",
    "on: x\n",
    "k: a: b\n",
])
def test_unusual_front_matter_goes_to_yaml(fm):
    data = f"---\n{fm}---\n".encode()
    assert not _fast_taken(data)
    assert_same("n.md", data)


def _parse_in_fresh_process(path: Path) -> tuple[dict, bool]:
    """(front matter, whether PyYAML got imported) of parsing one note and making its rows in a new
    interpreter."""
    code = ("import sys, json\nfrom plainnet.notes.parse import parse_note\nfrom plainnet.index.rows import note_rows\n"
            "n = parse_note(sys.argv[1], open(sys.argv[1], 'rb').read())\nnote_rows(n)\n"
            "print(json.dumps([n.front_matter, 'yaml' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True)
    fm, loaded = json.loads(out.stdout)
    return fm, loaded


def test_simple_note_never_imports_yaml(tmp_path):
    """A note of simple front matter is parsed (and its rows made) without loading PyYAML; one that
    needs YAML loads it."""
    simple = tmp_path / "Jane.md"
    simple.write_text("---\ntype: contact\ntags:\n  - a\nlast_contact: 2026-05-01\n---\nHi [[Bob]]\n", encoding="utf-8")
    assert _parse_in_fresh_process(simple) == ({"type": "contact", "tags": ["a"], "last_contact": "2026-05-01"}, False)
    block = tmp_path / "Block.md"
    block.write_text("---\nk: |\n  x\n---\n", encoding="utf-8")
    assert _parse_in_fresh_process(block) == ({"k": "x"}, True)


# ---------------------------------------------------------------- the index rows' shortcuts

_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(TRICKY),
                  st.text(max_size=10), st.sampled_from(["[[A|b]]", "x [[T#h]] y", "\x1b[31m", "a\tb\nc", "\u200bz"]))
_values = st.recursive(_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["date", "what", "text", "due", "done", "x", "1"]), inner, max_size=4)), max_leaves=12)


@settings(max_examples=800, deadline=None)
@given(_values)
def test_search_text_of_a_value_is_plain_value(value):
    """rows._plain is only a faster plain_value: the full-text index's fields come out the same."""
    from plainnet.index.rows import _plain
    from plainnet.notes.plaintext import plain_value

    assert _plain(value) == plain_value(value)


def test_parse_bench_runs(tmp_path):
    """benchmarks/parse_bench.py keeps working (its timings are not asserted: a shared machine is too noisy)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    root = generate.generate(tmp_path / "g", 30, seed=1)
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "parse_bench.py"), str(root), "--runs", "1", "--yaml"],
                         capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert [l.split()[:2] for l in lines] == [["this", "parse"], ["this", "parse_rows"]]
    assert all("ms/note" in l and "(30 notes," in l for l in lines)
