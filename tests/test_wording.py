"""Users read plainnet's words: no internal word in any help text, output or page, and the two
articles cited by their titles."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from plainnet.cli import cli

REPO = Path(__file__).resolve().parents[1]
# (`--seed` is the benchmark generator's random seed, a real option)
INTERNAL = re.compile(r"(?<!--)\b(seeds?|specs?|issues?|sessions?|helpers?)\b", re.I)
TITLES = ("Why your Networking is not Delivering Results", "10 Signs That You're Doing Networking Wrong")


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def _internal_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in INTERNAL.finditer(text)})


def test_every_help_text_speaks_to_users():
    runner = CliRunner()
    seen = 0
    for path in [(), *_commands(cli)]:
        r = runner.invoke(cli, [*path, "--help"])
        assert r.exit_code == 0, (path, r.output)
        assert _internal_words(r.output) == [], (path, r.output)
        seen += 1
    assert seen >= 12


@pytest.fixture
def example(tmp_path):
    dst = tmp_path / "example-vault"
    shutil.copytree(REPO / "example-vault", dst, ignore=shutil.ignore_patterns(".plainnet"))
    return dst


def _outputs(vault: Path, tmp_path: Path):
    runner = CliRunner()
    base = ["--vault", str(vault), "--today", "2026-11-25"]
    html = tmp_path / "review.html"
    ics = tmp_path / "agenda.ics"
    runs = [["agenda"], ["agenda", "--json"], ["agenda", "--ics", str(ics)], ["check"],
            ["check", "--format", "json"], ["check", "--format", "github"], ["check", "--list-rules"],
            ["ls"], ["ls", "--json"], ["review"], ["review", "--json"], ["review", "--html", str(html)],
            ["index"], ["export", "vcf", "-"]]
    from plainnet.rules.registry import RULES

    runs += [["check", "--explain", rule] for rule in RULES]
    for args in runs:
        r = runner.invoke(cli, [*base, *args])
        assert r.exit_code in (0, 1), (args, r.output)
        yield " ".join(args), r.output
    yield "review.html", html.read_text(encoding="utf-8")
    yield "agenda.ics", ics.read_text(encoding="utf-8")
    r = runner.invoke(cli, ["init", str(tmp_path / "fresh")])
    assert r.exit_code == 0, r.output
    yield "init", r.output
    for p in sorted((tmp_path / "fresh").rglob("*")):
        if p.is_file():
            yield f"init: {p.name}", p.read_text(encoding="utf-8")


def test_outputs_on_the_example_vault_speak_to_users(example, tmp_path):
    found = {what: _internal_words(text) for what, text in _outputs(example, tmp_path)}
    assert {k: v for k, v in found.items() if v} == {}


def test_sources_are_cited_by_their_titles(example, tmp_path):
    outputs = dict(_outputs(example, tmp_path))
    explained = "".join(v for k, v in outputs.items() if "--explain" in k)
    review = json.loads(outputs["review --json"])
    sources = " ".join(h["suggestion"]["source"] for h in review["habits"] if h.get("suggestion"))
    for title in TITLES:
        assert title in explained.replace("’", "'")
        assert title in sources.replace("’", "'")
    assert "Ivan Misner" in sources


def test_shipped_text_files_speak_to_users():
    """The word lists, templates, README and docs ship with plainnet and are read by users too."""
    files = [*(REPO / "plainnet" / "templates").glob("*.md"), REPO / "README.md", *(REPO / "docs").glob("*.md")]
    found = {p.name: _internal_words(p.read_text(encoding="utf-8")) for p in files}
    for p in (REPO / "plainnet" / "data").glob("*.txt"):  # the comments; entries are phrases people say
        comments = [line for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        found[p.name] = _internal_words("\n".join(comments))
    assert {k: v for k, v in found.items() if v} == {}
