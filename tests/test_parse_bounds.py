"""A parse costs time linear in the note's size and memory well under 20 bytes per input byte.

No absolute time is asserted (a shared machine is too noisy): growth is. A note of hostile shape is
parsed at two sizes sixteen times apart; linear work grows about 16 times, the quadratic scans these
shapes used to trigger grew 256 times (a 100,000-item unquoted-link list took 48 s). Memory is
measured with tracemalloc. benchmarks/parse_bounds.py prints the same figures at larger sizes.
"""
from __future__ import annotations

import time
import tracemalloc

import pytest

from plainnet.notes import parse as note_mod
from plainnet.notes.parse import parse_note

SHAPES = {  # name -> function(k) giving a note of k units
    "unquoted-links": lambda k: ("---\nattendees:\n" + "".join(f"- [[P{i}]]\n" for i in range(k)) + "---\n").encode(),
    "comment-openers": lambda k: ("x <!--" * k).encode(),
    "comment-openers-closed": lambda k: ("x <!--" * k + " -->").encode(),
    "markdown-link-openers": lambda k: ("[a](" * k).encode(),
    "backticks-one-line": lambda k: ("`` `" * k).encode(),
    "log-headings": lambda k: ("---\ntype: contact\n---\n" + "## Log\n- 2026-01-01: x\n" * k).encode(),
    "fences-in-quotes": lambda k: (("> " * 50 + "``` `x`\n") * k).encode(),
}


def _best_of(data: bytes, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        parse_note("x.md", data)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_parse_time_grows_linearly(shape):
    make = SHAPES[shape]
    small, large = make(1500), make(24000)
    t_small, t_large = _best_of(small), _best_of(large)
    # linear: about 16x; quadratic: 256x. 100x leaves room for a noisy machine and a warm cache.
    assert t_large < 100 * max(t_small, 0.002), (shape, t_small, t_large)


def _peak_per_byte(data: bytes) -> float:
    parse_note("warm.md", b"---\na: [b]\n---\n[[x]] `y` <!-- z --> - [ ] t\n")
    tracemalloc.start()
    try:
        parse_note("x.md", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / len(data)


@pytest.mark.parametrize("data", [
    ("---\nkey: [" + "a, " * 400_000 + "a]\n---\n").encode(),            # a 1.2 MB flow list (was 1.7 GB at 15 MB)
    ("---\nkey:\n" + "- [[Jane Doe]]\n" * 80_000 + "---\n").encode(),    # an unquoted-link list
    ("---\nkey: " + "[" * 300_000 + "\n---\n").encode(),                 # nesting that crashed libyaml
    ("x <!--" * 100_000).encode(),
    ("`'" * 200_000).encode(),
    ("%%" * 200_000).encode(),
    ("[a](" * 100_000).encode(),
    ("Met Jane at the chamber breakfast; she wants an intro to Bob. " * 20_000).encode(),
], ids=["flow-list", "unquoted-links", "deep-nesting", "comments", "backticks", "percent", "md-openers", "prose"])
def test_parse_memory_stays_under_20_bytes_per_input_byte(data):
    assert _peak_per_byte(data) < 20


def test_huge_or_deep_front_matter_is_a_finding_and_never_composed(monkeypatch):
    """The YAML composer (about 300 bytes a node, and C recursion) never sees these; the user gets a
    data-yaml finding at the front matter's first line."""
    calls = []
    real = note_mod._load_yaml
    monkeypatch.setattr(note_mod, "_load_yaml", lambda src: calls.append(len(src)) or real(src))
    flow = parse_note("a.md", ("---\ntype: contact\nkey: [" + "a, " * 200_000 + "a]\n---\nbody\n").encode())
    deep = parse_note("b.md", ("---\nkey: " + "[" * 100_000 + "\n---\n").encode())
    assert calls == []
    for n, words in ((flow, "more than 50,000 values"), (deep, "nested more than 200 levels")):
        assert [(f.rule, f.line) for f in n.findings] == [("data-yaml", 2)]
        assert words in n.findings[0].message
        assert n.body.startswith("body") or n.body == ""
    # a front matter just as long but made of few values is read
    long_text = parse_note("c.md", ("---\ntype: contact\nnotes: " + "word " * 200_000 + "\n---\n").encode())
    assert long_text.front_matter["type"] == "contact" and long_text.findings == []


def test_unquoted_link_list_scans_the_front_matter_once(monkeypatch):
    """Each `- [[x]]` item used to search the whole front matter for itself (quadratic)."""
    scans = []

    class Counting:
        def __init__(self, rx):
            self.rx = rx

        def findall(self, s):
            scans.append(len(s))
            return self.rx.findall(s)

        def __getattr__(self, name):
            return getattr(self.rx, name)

    monkeypatch.setattr(note_mod, "WIKILINK_SCAN_RE", Counting(note_mod.WIKILINK_SCAN_RE))
    n = parse_note("e.md", ("---\nattendees:\n" + "".join(f"- [[P{i}]]\n" for i in range(5000)) + "---\n").encode())
    assert len(scans) == 1
    assert [l.target for l in n.links] == [f"P{i}" for i in range(5000)]
    assert [l.line for l in n.links][:2] == [3, 4]
    assert sum(f.rule == "data-link-unquoted" for f in n.findings) == 5000


def test_log_sections_end_at_the_next_heading_of_the_same_level():
    text = ("---\ntype: contact\n---\n## Log\n- 2026-01-01: a\n### Sub\n- 2026-01-02: b\n## Other\n"
            "- 2026-01-03: not log\n# Log\n- 2026-01-04: c\n")
    n = parse_note("p.md", text.encode())
    assert [(e.date, e.text) for e in n.log] == [("2026-01-01", "a"), ("2026-01-02", "b"), ("2026-01-04", "c")]


def test_a_markdown_link_target_may_not_span_another_link_opener():
    """Targets, `<...>` targets and titles stop at the next `](`: what keeps the scan linear."""
    n = parse_note("m.md", b'[a](x.md) [b](<y z.md>) [c](w.md "t") [d](foo](bar.md)\n')
    assert [l.target for l in n.links] == ["x.md", "y z.md", "w.md"]
