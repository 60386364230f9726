"""`merge` and `rename`: links kept leading to the kept note, every other byte untouched."""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from plainnet.api import open_vault
from plainnet.cli import cli
from plainnet.write.edit import ConflictError, EditError
from plainnet.merge import apply, plan_merge, plan_rename
from plainnet.relink import link_spans, plan_relink, rename_names

REPO = Path(__file__).resolve().parents[1]


def _run(root, *args, code=0):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-15", *args])
    assert res.exit_code == code, res.output
    return res.output


def _files(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root).replace(os.sep, "/")] = Path(p).read_bytes()
    return out


def _links(root: Path) -> list[tuple]:
    """(path, occurrence, resolved) of every link, from a fresh index."""
    with open_vault(root) as v:
        rows = v.index.query("SELECT path, line, target, resolved FROM links ORDER BY path, rowid")
    seen: dict = {}
    out = []
    for path, _line, _target, resolved in rows:
        seen[path] = seen.get(path, 0) + 1
        out.append((path, seen[path], resolved or None))
    return out


_LINKISH = re.compile(r"\[\[[^\]\n]*\]\]|\]\([^)\n]*\)")


def _only_links_changed(old: bytes, new: bytes) -> None:
    """Every changed region of the text lies inside a link of the old text."""
    a, b = old.decode("utf-8"), new.decode("utf-8")
    spans = [m.span() for m in _LINKISH.finditer(a)]
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        assert any(s <= i1 and i2 <= e for s, e in spans), (tag, a[max(0, i1 - 20):i2 + 20], b)


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "v"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


# ---------------------------------------------------------------- merge on the example vault


def _duplicate_pairs(root: Path) -> list[tuple[str, str]]:
    with open_vault(root) as v:
        found = v.duplicates()
    pairs = set()
    for f in found:
        m = re.search(r"same person as (.+?) \(same", f.message)
        for other in m.group(1).split(", "):
            pairs.add(tuple(sorted((f.path, other))))
    return sorted(pairs)


def test_merge_every_duplicate_pair_of_the_example_vault(example, tmp_path):
    pairs = _duplicate_pairs(example)
    assert pairs, "the example vault reports duplicates"
    for keep, other in pairs:
        for a, b in ((keep, other), (other, keep)):
            root = tmp_path / f"m{abs(hash((a, b)))}"
            shutil.copytree(example, root, ignore=shutil.ignore_patterns(".plainnet"))
            _check_merge(root, a, b)


def _check_merge(root: Path, keep: str, other: str) -> None:
    before_files = _files(root)
    before_links = _links(root)
    other_text = before_files[other].decode()
    out = _run(root, "merge", keep, other)
    after_files = _files(root)
    assert other not in after_files
    kept = after_files[keep].decode()
    # never loses a line: each line of the other note's body is in the kept note
    body = other_text.split("---\n", 2)[2] if other_text.startswith("---\n") else other_text
    def no_targets(text):  # (links to the other note now name the kept one)
        return re.sub(r"\]\([^)\n]*\)", "]()", re.sub(r"\[\[[^\]\n]*\]\]", "[[]]", text))

    for line in body.splitlines():
        assert no_targets(line.strip()) in no_targets(kept), line
    # each front-matter value is there, as a field or as a reported conflict
    from plainnet.notes.parse import parse_note
    from plainnet.notes.plaintext import plain_value

    ofm = parse_note(other, before_files[other]).front_matter
    kfm = parse_note(keep, after_files[keep]).front_matter
    hay = (json.dumps(kfm, ensure_ascii=False, default=str) + kept).casefold()
    for key, value in ofm.items():
        if key == "type":
            continue
        if isinstance(value, list) and isinstance(kfm.get(key), list):
            kept_items = [plain_value(x).casefold() for x in kfm[key]]
            assert all(plain_value(x).casefold() in kept_items for x in value), key
            continue
        assert plain_value(value).casefold() in hay or f"conflict: {key}:" in out, key
    # links: what led to either note leads to the kept one; all others as before
    after_links = {(p, n): r for p, n, r in _links(root)}
    for path, n, resolved in before_links:
        if path in (keep, other):
            continue
        want = keep if resolved == other else resolved
        assert after_links.get((path, n)) == want, (path, n, resolved)
    for path, data in before_files.items():
        if path in (keep, other):
            continue
        _only_links_changed(data, after_files[path])
    with open_vault(root) as v:
        assert not [f for f in v.duplicates() if keep in f.message or other in f.message and f.path == keep]


def test_merge_dry_run_writes_nothing_and_json(example):
    before = _files(example)
    out = _run(example, "merge", "Jane Doe", "J. Doe", "--dry-run")
    assert "conflict: company: kept Northwind Software; the other note had Northwind" in out
    assert "(dry run: nothing was written)" in out
    data = json.loads(_run(example, "merge", "Jane Doe", "J. Doe", "--dry-run", "--json"))
    assert data["remove"] == "people/J. Doe.md" and data["conflicts"][0]["key"] == "company"
    assert {k: v for k, v in _files(example).items()} == before


def test_merge_refuses_when_a_file_changed(example):
    with open_vault(example) as v:
        plan = plan_merge(v, "Jane Doe", "J. Doe")
        with open(example / "people/J. Doe.md", "a") as f:
            f.write("a line written meanwhile\n")
        before = _files(example)
        with pytest.raises(ConflictError):
            apply(v, plan)
    assert _files(example) == before


def test_merge_usage_errors(example):
    res = CliRunner().invoke(cli, ["--vault", str(example), "merge", "Jane Doe", "Jane"])
    assert res.exit_code == 2 and "same note" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "merge", "Jane Doe", "2026-03-14 UX Week"])
    assert res.exit_code == 2 and "only notes of one type merge" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "merge", "Jane Doe", "Nobody"])
    assert res.exit_code == 2 and "no note called" in res.output


def test_merge_fields_lists_emails_log_and_links(make_vault):
    root = make_vault({
        "people/Ana Lima.md": "---\ntype: contact\naliases: [Ana]\nemail: ana@x.example\ntags: [client]\n"
                              "last_contact: 2026-01-01\ncompany: Northwind\n---\nAna.\n\n## Log\n- 2026-01-01: call\n",
        "people/A. Lima.md": "---\ntype: contact\naliases: [Lima]\nemail: ana.lima@y.example\ntags: [client, saas]\n"
                             "last_contact: 2026-03-01\ncompany: Contoso\nrole: CTO\n---\nCard scan. See [[A. Lima#Log]].\n\n"
                             "## Log\n- 2026-02-01: lunch with [[Bob]]\n",
        "people/Bob.md": "---\ntype: contact\nintroduced_by: \"[[A. Lima]]\"\n---\nMet [[A. Lima|her]], [[Lima]].\n",
    })
    out = _run(root, "merge", "Ana Lima", "A. Lima")
    text = (root / "people/Ana Lima.md").read_text()
    assert "aliases: [Ana, Lima, A. Lima]" in text
    assert "emails:\n- ana.lima@y.example" in text or "emails:\n  - ana.lima@y.example" in text
    assert "tags: [client, saas]" in text and "role: CTO" in text and "last_contact: 2026-03-01" in text
    assert "- 2026-01-01: call\n- 2026-02-01: lunch with [[Bob]]" in text
    assert "- company: Contoso (kept Northwind)" in text and "See [[Ana Lima#Log]]." in text
    assert "conflict: company" in out
    bob = (root / "people/Bob.md").read_text()
    assert 'introduced_by: "[[Ana Lima]]"' in bob and "Met [[Ana Lima|her]], [[Lima]]." in bob
    assert not (root / "people/A. Lima.md").exists()


# ---------------------------------------------------------------- rename


def test_rename_cli_and_library(example):
    before = _files(example)
    out = _run(example, "rename", "Emma Wilson", "Emma Wilson-Park", "--dry-run")
    assert "events/2026-11-20 Product meetup.md:14: [[Emma Wilson]] -> [[Emma Wilson-Park]]" in out
    assert _files(example) == before
    with open_vault(example) as v:
        edits = plan_relink(v, "people/Emma Wilson.md", "people/Emma Wilson-Park.md",
                            rename_names(v, "people/Emma Wilson.md", "people/Emma Wilson-Park.md"))
    assert {e.path for e in edits} == {"events/2026-11-20 Product meetup.md", "events/2026-12-02 Coffee with Emma Wilson.md"}
    assert _files(example) == before  # planning writes nothing
    _run(example, "rename", "Emma Wilson", "Emma Wilson-Park")
    after = _files(example)
    assert after["people/Emma Wilson-Park.md"] == before["people/Emma Wilson.md"]
    assert "people/Emma Wilson.md" not in after
    for path in ("events/2026-11-20 Product meetup.md", "events/2026-12-02 Coffee with Emma Wilson.md"):
        _only_links_changed(before[path], after[path])


def test_rename_refusals(example):
    res = CliRunner().invoke(cli, ["--vault", str(example), "rename", "Emma Wilson", "Bob Martinez"])
    assert res.exit_code == 2 and "already exists" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "rename", "Emma Wilson", "a:b"])
    assert res.exit_code == 2 and "cannot contain" in res.output
    # a new title that another note's alias answers to would capture its links
    (example / "notes/Bob links.md").write_text("Ask [[Bobby]] first.\n")
    res = CliRunner().invoke(cli, ["--vault", str(example), "rename", "Emma Wilson", "Bobby"])
    assert res.exit_code == 2 and "different note" in res.output and "notes/Bob links.md:1" in res.output


# ---------------------------------------------------------------- fuzz over link shapes

SHAPES = [
    "[[{t}]]", "[[{t}|shown]]", "[[{t}#Log]]", "[[{t}#Log|shown]]", "![[{t}]]", "[[{p}]]", "[[{p}.md]]",
    "[[{t}\\|in a table]]", "[x]({e}.md)", "[x](<{p}.md>)", "[x]({e}.md#Log)", "![x]({e}.md)",
    "`[[{t}]]`", "\\[[{t}]]", "[[  {t}  ]]", "[[Ana]]", "[[Other]]", "[y](Other.md)",
]
FM_SHAPES = ['met: "[[{t}]]"', "met: '[[{sq}]]'", "met: [[{t}]]", 'attendees: ["[[{t}]]", "[[Other]]"]',
             'attendees:\n  - "[[{t}|A]]"\n  - "[[Other]]"', "# comment [[{t}]]\nrole: x", 'links: ["[[Ana]]"]']


def _fill(shape: str, title: str, path: str) -> str:
    from urllib.parse import quote

    return shape.format(t=title, p=path, e=quote(path, safe="/"), sq=title.replace("'", "''"))


def _fuzz_vault(root: Path, title: str, bodies, fms, crlf: bool) -> None:
    (root / "plainnet.toml").write_text("")
    (root / "people").mkdir()
    (root / "notes").mkdir()
    (root / f"people/{title}.md").write_text("---\ntype: contact\naliases: [Ana]\n---\nSelf: [[" + title + "#Log]]\n")
    (root / "Other.md").write_text("other\n")
    for i, (shapes, fm) in enumerate(zip(bodies, fms)):
        nl = "\r\n" if crlf and i % 2 else "\n"
        fm_text = ("---" + nl + _fill(fm, title, f"people/{title}").replace("\n", nl) + nl + "---" + nl) if fm else ""
        body = nl.join(f"line {j}: " + _fill(s, title, f"people/{title}") for j, s in enumerate(shapes))
        (root / f"notes/n{i}.md").write_bytes((fm_text + body + nl).encode())


fuzz = dict(
    bodies=st.lists(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=6), min_size=1, max_size=4),
    fms=st.lists(st.one_of(st.none(), st.sampled_from(FM_SHAPES)), min_size=4, max_size=4),
    title=st.sampled_from(["Ana Lima", "Zoë Ünal", "O'Brien Ana", "Ana (work)"]),
    crlf=st.booleans(),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(new=st.sampled_from(["Ana Lima-Souza", "Zoé Nova", "D'Arcy Ana", "people/archive/Ana L"]), **fuzz)
def test_rename_fuzz(tmp_path_factory, bodies, fms, title, crlf, new):
    root = tmp_path_factory.mktemp("r")
    _fuzz_vault(root, title, bodies, fms, crlf)
    old = f"people/{title}.md"
    new_path = new + ".md" if "/" in new else f"people/{new}.md"
    before_files, before_links = _files(root), _links(root)
    with open_vault(root) as v:
        plan = plan_rename(v, old, new)
        apply(v, plan)
    after_files = _files(root)
    assert old not in after_files and new_path in after_files
    after_links = {(p, n): r for p, n, r in _links(root)}
    for path, n, resolved in before_links:
        moved = new_path if path == old else path
        want = new_path if resolved == old else resolved
        assert after_links.get((moved, n)) == want, (path, n, resolved, after_files.get(moved))
    for path, data in before_files.items():
        _only_links_changed(data, after_files[new_path if path == old else path])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(**fuzz)
def test_merge_fuzz(tmp_path_factory, bodies, fms, title, crlf):
    root = tmp_path_factory.mktemp("m")
    _fuzz_vault(root, title, bodies, fms, crlf)
    (root / "people/Keep Me.md").write_text("---\ntype: contact\n---\nkept\n")
    other = f"people/{title}.md"
    before_files, before_links = _files(root), _links(root)
    with open_vault(root) as v:
        apply(v, plan_merge(v, "Keep Me", other))
    after_files = _files(root)
    assert other not in after_files
    after_links = {(p, n): r for p, n, r in _links(root)}
    for path, n, resolved in before_links:
        if path in (other, "people/Keep Me.md"):
            continue
        want = "people/Keep Me.md" if resolved == other else resolved
        assert after_links.get((path, n)) == want, (path, n, resolved)
    for path, data in before_files.items():
        if path not in (other, "people/Keep Me.md"):
            _only_links_changed(data, after_files[path])
    kept = after_files["people/Keep Me.md"].decode()
    assert "Self: [[Keep Me#Log]]" in kept


def test_link_spans_skip_code_comments_and_escapes():
    text = "---\nmet: \"[[A]]\" # [[B]]\n---\n`[[C]]` \\[[D]] [[E]] [x](F.md) <!-- [[G]] -->\n```\n[[H]]\n```\n"
    found = [text[s:e] for s, e, _k, _c in link_spans(text)]
    assert found == ["A", "E", "F.md"]


def test_planning_refuses_an_impossible_link(make_vault):
    root = make_vault({"a/Ana.md": "x\n", "b/Ana.md": "y\n", "n.md": "[[a/Ana]]\n"})
    with open_vault(root) as v:
        with pytest.raises(EditError):
            plan_rename(v, "a/Ana.md", "b/Ana")


def test_merge_duplicates_in_a_generated_vault(tmp_path):
    """A generated vault with card-scan duplicates (same email, other fields, links to them from
    other notes): every pair data-duplicate reports merges, links and lines kept."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    root = generate.generate(tmp_path / "g", 150, seed=7)
    people = sorted((root / "people").glob("*.md"))[:4]
    from plainnet.notes.parse import parse_note

    for i, p in enumerate(people):
        fm = parse_note(f"people/{p.name}", p.read_bytes()).front_matter
        dup = root / "people" / f"{p.stem} card.md"
        dup.write_text(f"---\ntype: contact\nemail: {str(fm['email']).upper()}\ncompany: Card Co {i}\n"
                       f"aliases: [{p.stem} from the card]\n---\nScanned at the fair.\n\n## Log\n"
                       f"- 2026-10-0{i + 1}: card scanned\n")
        other = sorted((root / "notes").glob("*.md"))[i]
        with open(other, "a") as f:
            f.write(f"\nSee [[{p.stem} card]] and [card](../people/{p.stem.replace(' ', '%20')}%20card.md).\n")
    pairs = _duplicate_pairs(root)
    assert len(pairs) >= 4
    for keep, other in pairs:
        if (root / keep).exists() and (root / other).exists():
            _check_merge(root, keep, other)
    with open_vault(root) as v:
        assert v.duplicates() == []
