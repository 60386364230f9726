"""`agenda --section/--person/--tag` read only the kept rows they show; what they print must be
what filtering the whole agenda, computed from scratch, prints."""
from __future__ import annotations

import itertools
import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from plainnet.agenda.items import SECTIONS, agenda_for, filter_items, quiet_counts
from plainnet.api import Vault
from plainnet.cli import cli
from plainnet.render import json_items

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-12-02"


@pytest.fixture(scope="module")
def vault_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parts") / "vault"
    shutil.copytree(REPO / "example-vault", root, ignore=shutil.ignore_patterns(".plainnet"))
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    generate.generate(root / "generated", 300, seed=7)  # many people, events and tags beside the example
    (root / "generated" / "plainnet.toml").unlink(missing_ok=True)
    # a tagged event with homework to do: its item is written in the event, about no contact
    (root / "events" / "2026-12-04 Fintech forum.md").write_text(
        "---\ntype: event\ndate: 2026-12-04\nkind: conference\ntags: [fintech]\n---\n\nNo objectives yet.\n",
        encoding="utf-8")
    return root


def expected(root: Path, sections=(), people=(), tags=()) -> str:
    vault = Vault(root, today=date.fromisoformat(TODAY))
    vault.sync()
    items, _net = agenda_for(vault)
    person = [vault.lookup(p) for p in people] if people else None
    tag = tags or None
    shown = filter_items(vault, items, person=person, tag=tag, sections=tuple(sections))
    return json_items({"today": TODAY, **quiet_counts(vault)}, "items", [i.to_json() for i in shown]) + "\n"


def run(root: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, "agenda", "--json", *args])
    assert out.exit_code == 0, out.output
    return out.output


def test_each_section_alone_and_in_pairs(vault_root):
    for n in (1, 2):
        for sections in itertools.combinations(SECTIONS, n):
            args = [a for s in sections for a in ("--section", s)]
            assert run(vault_root, *args) == expected(vault_root, sections=sections), sections


def test_people_tags_and_sections_together(vault_root):
    full = json.loads(run(vault_root))["items"]
    people = sorted({i["person"] for i in full if i["person"]})[:6]
    assert len(people) >= 3  # the filters are really exercised
    for person in people:
        assert run(vault_root, "--person", person) == expected(vault_root, people=[person])
    assert run(vault_root, "--person", people[0], "--person", people[1]) == expected(vault_root, people=people[:2])
    assert "Fintech forum" in run(vault_root, "--tag", "fintech")
    for tag in ("client", "card", "saas", "fintech", "nobody-has-this"):
        assert run(vault_root, "--tag", tag) == expected(vault_root, tags=[tag])
        assert run(vault_root, "--tag", tag, "--section", "stay-in-touch") == \
            expected(vault_root, sections=["stay-in-touch"], tags=[tag])
    assert run(vault_root, "--tag", "client", "--tag", "card", "--person", people[0]) == \
        expected(vault_root, people=[people[0]], tags=["client", "card"])


def test_the_text_agenda_of_a_section_lists_the_same_items(vault_root):
    data = json.loads(run(vault_root, "--section", "overdue"))["items"]
    out = CliRunner().invoke(cli, ["--vault", str(vault_root), "--today", TODAY, "agenda", "--section", "overdue",
                                   "--limit", "all"], env={"NO_COLOR": "1"})
    assert out.exit_code == 0
    assert data
    for item in data:
        assert f"{item['path']}:{item['line']}" in out.output
    assert "Stay in touch" not in out.output
