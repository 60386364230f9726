"""review advises only on habits it could measure, and quotes the vague words a pitch really uses."""
from __future__ import annotations

import json

from click.testing import CliRunner

from plainnet.cli import cli

PITCH = ("---\ntype: pitch\nideal_client: anyone with a budget\n---\n\nI help small firms. We work with companies "
         "of every size, so if you know anybody at all, send them my way.\n")


def _review(vault, *args):
    r = CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-25", "review", *args])
    assert r.exit_code == 0, r.output
    return r.output


def test_no_advice_for_a_habit_marked_n_a(make_vault, tmp_path):
    vault = make_vault({"people/Jane Doe.md": "---\ntype: contact\nlast_contact: 2026-11-01\ncadence: 1m\n---\n"})
    data = json.loads(_review(vault, "--json"))
    status = {h["id"]: h["status"] for h in data["habits"]}
    assert status["objectives"] == "none" and status["network"] != "none"
    assert {h["id"] for h in data["habits"] if h["suggestion"] is None} == {k for k, v in status.items() if v == "none"}
    text = _review(vault)
    advice = text.split("What to do next", 1)[1]
    assert "Objectives:" not in advice and "Keep it up" not in advice and "Network:" in advice
    _review(vault, "--html", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'habit-card" id="objectives"' not in page and 'habit-card" id="network"' in page


def test_nothing_measurable_says_so_instead_of_advising(make_vault):
    text = _review(make_vault({"people/Jane Doe.md": "---\ntype: contact\n---\n"}))
    assert "10 n/a" in text
    advice = text.split("What to do next", 1)[1]
    assert "no advice" in advice and "Keep it up" not in advice and " 1. " not in advice


def test_the_pitch_advice_quotes_the_vague_words_found(make_vault):
    data = json.loads(_review(make_vault({"pitch.md": PITCH}), "--json"))
    pitch = next(h for h in data["habits"] if h["id"] == "pitch")
    text = pitch["suggestion"]["text"]
    assert "“anyone with a budget”" in text
    assert "instead of “anyone”" not in text
