"""`intro`: paths to a person, a company or a kind of person, ranked with reasons."""
from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.api import open_vault
from plainnet.cli import cli
from plainnet.intro import find_paths

REPO = Path(__file__).resolve().parents[1]


def _run(root, *args, today="2026-11-25", code=0):
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", today, *args])
    assert res.exit_code == code, res.output
    return res.output


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "v"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    return root


def test_intro_to_a_person_with_reasons(example):
    out = _run(example, "intro", "Emma Wilson")
    lines = out.splitlines()
    assert lines[0].startswith("You know Emma Wilson directly")
    assert lines[1].startswith("1. Bob Martinez -> Emma Wilson")
    assert "   - Bob Martinez introduced you to Emma Wilson (people/Emma Wilson.md:7)" in lines
    assert any("you, Bob Martinez and Emma Wilson were at 2026-11-20 Product meetup on 2026-11-20" in l for l in lines)
    assert "   - your last contact with Bob Martinez: 2026-11-20; you gave Bob Martinez 1, got 1" in lines


def test_intro_company_tag_role_and_json(example):
    out = _run(example, "intro", "company:Northwind")
    assert "1. Bob Martinez -> Jane Doe" in out and "Lena Fischer links Jane Doe (people/Lena Fischer.md:13)" in out
    data = json.loads(_run(example, "intro", "tag:client", "--json"))
    assert len(data["paths"]) == 5 and set(data["matches"]) == {"people/Bob Martinez.md", "people/Jane Doe.md"}
    scores = [p["score"] for p in data["paths"]]
    assert scores == sorted(scores, reverse=True) and all(p["why"] for p in data["paths"])
    assert json.loads(_run(example, "intro", "#client", "--json"))["paths"] == data["paths"]
    assert "Noah Johnson -> Aisha Khan" in _run(example, "intro", "role:product owner")
    assert "no contact matches company Nobody Inc" in _run(example, "intro", "company:Nobody Inc")


def test_intro_usage_errors(example):
    res = CliRunner().invoke(cli, ["--vault", str(example), "intro", "Ideas"])
    assert res.exit_code == 2 and "not a contact" in res.output
    res = CliRunner().invoke(cli, ["--vault", str(example), "intro", "Nobody Known"])
    assert res.exit_code == 2 and "no note called" in res.output


def test_recency_and_reciprocity_weigh_higher(make_vault):
    files = {
        "people/Target.md": "---\ntype: contact\ncompany: Acme\n---\n",
        # same evidence (each links Target once), different ties to you
        "people/Given.md": "---\ntype: contact\nlast_contact: 2025-01-01\ngave:\n  - {date: 2025-01-01, what: a book}\n"
                           "---\nKnows [[Target]].\n",
        "people/Recent.md": "---\ntype: contact\nlast_contact: 2026-11-20\n---\nKnows [[Target]].\n",
        "people/Old.md": "---\ntype: contact\nlast_contact: 2024-01-01\n---\nKnows [[Target]].\n",
    }
    root = make_vault(files)
    with open_vault(root, today=date(2026, 11, 25)) as v:
        paths, facts = find_paths(v, "company:Acme")
    assert facts["targets"] == ["people/Target.md"]
    assert [p.bridge for p in paths] == ["people/Recent.md", "people/Given.md", "people/Old.md"]
    # a log line with the target, recent, beats a plain link
    (root / "people/Old.md").write_text("---\ntype: contact\nlast_contact: 2024-01-01\n---\n## Log\n"
                                        "- 2026-11-01: lunch with [[Target]]\n")
    with open_vault(root, today=date(2026, 11, 25)) as v:
        paths, _ = find_paths(v, "Target")
    assert paths[0].bridge == "people/Old.md" and "Old's log on 2026-11-01: lunch with Target" in paths[0].why[0]


def test_top_paths_equal_the_full_ranking(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate

    root = generate.generate(tmp_path / "g", 400, seed=3)
    with open_vault(root, today=generate.ANCHOR) as v:
        for target in ("tag:mentor", "company:Juniper", "role:marketing"):
            top, _ = find_paths(v, target, 5)
            every, _ = find_paths(v, target, 10_000)
            assert [(p.bridge, p.target, round(p.score, 9)) for p in top] == \
                [(p.bridge, p.target, round(p.score, 9)) for p in every[:5]]
