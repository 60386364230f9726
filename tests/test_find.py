"""`find`: FTS5 search kept with the index, compared with a brute-force scan of the files."""
from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from plainnet.api import open_vault
from plainnet.cli import cli
from plainnet.notes.parse import parse_note
from plainnet.notes.plaintext import plain_value
from plainnet.search import QueryError, find, parse_query

REPO = Path(__file__).resolve().parents[1]


def _run(root, *args, code=0):
    res = CliRunner().invoke(cli, ["--vault", str(root), *args])
    assert res.exit_code == code, res.output
    return res.output


# ---------------------------------------------------------------- a brute-force oracle


def _tokens(text: str) -> list[str]:
    """unicode61 with remove_diacritics, for the plain alphabets the generated vaults use."""
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return [w.lower() for w in re.findall(r"[^\W_]+", text)]


def _parts(root: Path, rel: str) -> list[list[str]]:
    note = parse_note(rel, (root / rel).read_bytes())
    fm = note.front_matter
    fields = "\n".join(f"{k}: {plain_value(v)}" for k, v in fm.items() if k not in ("aliases", "alias", "type"))
    return [_tokens("\n".join([note.title, *note.aliases])), _tokens(fields), _tokens(note.body)]


def _has(parts, words, prefix) -> bool:
    words = [w for word in words for w in _tokens(word)]
    n = len(words)
    for toks in parts:
        for i in range(len(toks) - n + 1):
            if toks[i:i + n - 1] == words[:-1] and (
                    toks[i + n - 1].startswith(words[-1]) if prefix else toks[i + n - 1] == words[-1]):
                return True
    return False


def brute_force(root: Path, q) -> set[str]:
    out = set()
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.endswith(".md"):
                rel = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
                parts = _parts(root, rel)
                if all(_has(parts, words, prefix) for words, prefix in q.terms):
                    out.add(rel)
    return out


# ---------------------------------------------------------------- the example vault


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "v"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


def test_find_text_filters_and_lines(example):
    out = _run(example, "find", "northwind")
    lines = out.splitlines()
    assert "people/J. Doe.md:3  J. Doe (contact)" in lines  # company: is line 3
    assert any(l.startswith("events/2026-12-05 Lunch with Jane Doe.md:") for l in lines)
    assert "**Northwind**" in out
    out = _run(example, "find", "company:Northwind")
    heads = [l.split()[0] for l in out.splitlines() if not l.startswith(" ")]
    assert heads == ["people/J.", "people/Jane", "people/Sofia"]
    assert "people/Jane Doe.md:5  Jane Doe (contact)\n    company: **Northwind** Software" in out
    assert _run(example, "find", "company:north") == out  # the last word is a prefix
    assert "Northwind" not in _run(example, "find", "company:wind")  # words, not any substring
    out = _run(example, "find", "met:2026-11")
    assert "people/Aisha Khan.md:6" in out and "people/Emma Wilson.md:6" in out and "Jane" not in out
    assert "met: **2026**-**11**-03 Chamber breakfast" in out  # a link to a November event
    out = _run(example, "find", "cadence:*", "--type", "contact")
    assert "people/Bob Martinez.md:9" in out and "Aisha" not in out
    out = _run(example, "find", "Bobby")
    assert out.startswith("people/Bob Martinez.md:3")  # the aliases line
    out = _run(example, "find", "interview", "guide")
    assert out.startswith("people/Bob Martinez.md:10 ")  # offer: is line 10
    out = _run(example, "find", "repositories", "--type", "note")
    assert out.startswith("notes/Ideas.md:3 ")
    out = _run(example, "find", "research", "--tag", "client", "--tag", "saas")
    assert "Jane Doe" in out and "Bob" not in out


def test_find_ranks_titles_first_and_json(example):
    data = json.loads(_run(example, "find", "bob*", "--json"))
    hits = data["hits"]
    assert hits[0]["path"] == "people/Bob Martinez.md" and hits[0]["in"] == "title"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores)
    for h in hits:
        s, e = h["marks"][0]
        assert h["snippet"][s:e].lower().startswith("bob")
    assert json.loads(_run(example, "find", "zzzunknown", "--json"))["hits"] == []


def test_find_usage_errors(example):
    res = CliRunner().invoke(cli, ["--vault", str(example), "find"])
    assert res.exit_code == 2 and "give words" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "find", "company:"])
    assert res.exit_code == 2 and "company:*" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "find", "type:person"])
    assert res.exit_code == 2 and "type is one of" in res.output
    # FTS syntax in the words is just words
    out = _run(example, "find", 'NEAR(" OR jane', "--json")
    assert all("jane" in h["snippet"].lower() for h in json.loads(out)["hits"])
    with pytest.raises(QueryError):
        parse_query([])


def test_index_keeps_search_current(make_vault):
    root = make_vault({"a.md": "alpha beta\n", "b.md": "---\ncompany: Gamma\n---\nbeta\n"})
    with open_vault(root) as v:
        assert {h.path for h in find(v, parse_query(["beta"]))} == {"a.md", "b.md"}
    (root / "a.md").write_text("delta only\n")
    os.utime(root / "a.md", ns=(1, 1))
    (root / "b.md").unlink()
    (root / "c.md").write_text("beta again\n")
    with open_vault(root) as v:
        assert {h.path for h in find(v, parse_query(["beta"]))} == {"c.md"}
        assert {h.path for h in find(v, parse_query(["delta"]))} == {"a.md"}
        assert find(v, parse_query(["gamma"])) == []
        v.index.conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
        v.sync(rebuild=True)
        assert {h.path for h in find(v, parse_query(["beta"]))} == {"c.md"}
        v.index.conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")


def test_old_index_is_rebuilt_with_search(make_vault):
    import sqlite3

    from plainnet.index.schema import VERSION

    root = make_vault({"a.md": "alpha\n"})
    open_vault(root).close()
    c = sqlite3.connect(root / ".plainnet" / "index.sqlite")
    c.execute(f"PRAGMA user_version = {VERSION - 1}")
    c.commit()
    c.close()
    with open_vault(root) as v:
        assert [h.path for h in find(v, parse_query(["alpha"]))] == ["a.md"]


def test_parallel_cold_index_fills_search(make_vault, monkeypatch):
    from plainnet.index import store as index_mod

    monkeypatch.setattr(index_mod, "PARALLEL_MIN", 40)
    monkeypatch.setattr(index_mod, "BATCH", 10)
    files = {f"n/{i}.md": f"---\nrole: r{i}\n---\nword{i % 7} common\n" for i in range(60)}
    root = make_vault(files)
    with open_vault(root) as v:
        assert len(find(v, parse_query(["common"]), limit=None)) == 60
        assert {h.path for h in find(v, parse_query(["word3"]), limit=None)} == {f"n/{i}.md" for i in range(60) if i % 7 == 3}
        assert find(v, parse_query(["r17"]))[0].line == 2
        v.index.conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")


# ---------------------------------------------------------------- property: FTS == brute force

WORDS = ["alpha", "beta", "gamma", "délta", "Epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mü"]
word = st.sampled_from(WORDS)
text = st.lists(word, min_size=0, max_size=12).map(" ".join)
note = st.tuples(
    st.sampled_from(["contact", "event", None]),
    st.lists(word, max_size=2),
    st.dictionaries(st.sampled_from(["company", "role", "need", "tags2"]), text, max_size=3),
    st.lists(text, max_size=4),
)


def _write_note(root: Path, i: int, n) -> None:
    kind, aliases, fields, body = n
    fm = [f"type: {kind}"] if kind else []
    if aliases:
        fm.append("aliases: [" + ", ".join(aliases) + "]")
    fm += [f"{k}: {json.dumps(v)}" for k, v in fields.items()]
    text = ("---\n" + "\n".join(fm) + "\n---\n" if fm else "") + "\n".join(body) + "\n"
    (root / f"{WORDS[i % len(WORDS)]} {i}.md").write_text(text, encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(note, min_size=1, max_size=12), second=st.lists(note, max_size=6),
       queries=st.lists(st.tuples(st.lists(word, min_size=1, max_size=2), st.booleans()), min_size=1, max_size=4))
def test_fts_matches_brute_force(tmp_path_factory, first, second, queries):
    root = tmp_path_factory.mktemp("v")
    (root / "plainnet.toml").write_text("")
    for i, n in enumerate(first):
        _write_note(root, i, n)
    with open_vault(root) as v:
        _compare(root, v, queries)
        # edit some notes, remove one: the index follows incrementally
        for i, n in enumerate(second):
            _write_note(root, i * 2, n)
            os.utime(root / f"{WORDS[(i * 2) % len(WORDS)]} {i * 2}.md", ns=(10**9 * (i + 5),) * 2)
        victim = root / f"{WORDS[0]} 0.md"
        if len(second) % 2 and victim.exists():
            victim.unlink()
        v.sync()
        _compare(root, v, queries)
        v.index.conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")


def _field_brute(root: Path, key: str, value: str) -> set[str]:
    """Notes whose `key`, as shown, holds the words of `value` in order (the last a prefix)."""
    from plainnet.search import field_matches

    out = set()
    for f in root.glob("*.md"):
        fm = parse_note(f.name, f.read_bytes()).front_matter
        shown = {k: plain_value(v) for k, v in fm.items()}
        if field_matches(shown, key, value):
            out.add(f.name)
    return out


def _compare(root, v, queries):
    for words, prefix in queries:
        for key in ("company", "need"):
            value = words[0][:3] if prefix else words[0]
            got = {h.path for h in find(v, parse_query([f"{key}:{value}"]), limit=None)}
            assert got == _field_brute(root, key, value), (key, value)
    for words, prefix in queries:
        arg = " ".join(words)[:-1] + "*" if prefix else " ".join(words)
        args = [arg] if len(words) > 1 else [arg]
        q = parse_query(args)
        got = {h.path for h in find(v, q, limit=None)}
        assert got == brute_force(root, q), (args, got)


def test_words_are_indexed_on_the_first_search(make_vault):
    root = make_vault({"a.md": "alpha\n"})
    with open_vault(root) as v:
        count = lambda: v.index.query("SELECT count(*) FROM fts WHERE fts MATCH 'alpha'")[0][0]  # noqa: E731
        assert v.index.query("SELECT value FROM meta WHERE key = 'fts'") == []  # a cold index leaves it for later
        assert [h.path for h in find(v, parse_query(["alpha"]))] == ["a.md"]
        assert count() == 1
        (root / "b.md").write_text("alpha beta\n")
        v.sync()  # from now on kept note by note
        assert count() == 2
