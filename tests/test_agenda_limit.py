"""agenda --limit: the most urgent N items of each section, then how many more; JSON lists all."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plainnet.cli import cli

TODAY = "2026-11-20"


def run(root, *args):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])


@pytest.fixture
def vault(make_vault):
    files = {f"people/P{i:02d}.md": f"---\ntype: contact\nmet: 2026-01-{i:02d}\n---\n" for i in range(1, 14)}
    files.update({f"people/F{i}.md": f"---\ntype: contact\nfollow_ups:\n  - due: 2026-11-0{i}\n    what: call F{i}\n---\n"
                  for i in range(1, 4)})
    return make_vault(files)


def item_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("  ") and not ln.startswith("  and ")]


def test_default_shows_ten_per_section_and_says_how_many_more(vault):
    for args in ((), ("agenda",)):  # `plainnet` alone is the agenda too
        r = run(vault, *args)
        assert r.exit_code == 0, r.output
        assert "No next step yet (13)" in r.output
        assert "  and 3 more (plainnet agenda --section no-next-step --limit all)" in r.output
        assert len(item_lines(r.output)) == 10 + 3  # ten cards, the three overdue follow-ups
        assert "more (plainnet agenda --section overdue" not in r.output


def test_limit_n_and_all(vault):
    r = run(vault, "agenda", "--limit", "2")
    assert "  and 11 more (plainnet agenda --section no-next-step --limit all)" in r.output
    assert "  and 1 more (plainnet agenda --section overdue --limit all)" in r.output
    assert len(item_lines(r.output)) == 4
    r = run(vault, "agenda", "--section", "no-next-step", "--limit", "all")
    assert len(item_lines(r.output)) == 13 and " more (" not in r.output


def test_json_lists_everything(vault):
    r = run(vault, "agenda", "--json", "--limit", "1")
    assert len(json.loads(r.stdout)["items"]) == 16


@pytest.mark.parametrize("bad", ["0", "-3", "ten"])
def test_bad_limit_is_a_usage_error(vault, bad):
    r = run(vault, "agenda", "--limit", bad)
    assert r.exit_code == 2 and "--limit" in r.output
