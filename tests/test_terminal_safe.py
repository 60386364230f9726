"""Control characters from a note never reach the terminal raw; JSON output keeps them exactly."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.render import terminal_safe

OSC = "\x1b]0;pwned\x07"  # retitles the terminal
CLEAR = "\x1b[2J"  # clears the screen
CSI = "\x9b2J"  # the same through the one-character C1 introducer
RAW = ("\x1b", "\x07", "\x9b", "\x7f", "\r")

# YAML refuses raw control characters, but its double-quoted escapes make them (\e is ESC)
NOTE = ('---\ntype: contact\ncompany: "Evil\\e]0;pwned\\a Inc\\x9b2J"\ncadence: 1w\nlast_contact: 2026-01-01\n'
        f'---\n- [ ] call {CLEAR}back{CSI}\x7f 📅 2026-11-20\n')
TITLE = f"Bad{OSC}{CLEAR}Name"
NAME = f"people/{TITLE}.md"


def test_terminal_safe_escapes_every_control_but_tab_and_newline():
    assert terminal_safe(f"a{OSC}b{CLEAR}{CSI}\x7f\tz\n") == "a\\u001b]0;pwned\\u0007b\\u001b[2J\\u009b2J\\u007f\tz\n"
    assert terminal_safe("plain text, ünïcödé, 📅\n") == "plain text, ünïcödé, 📅\n"


@pytest.fixture
def vault(make_vault):
    return make_vault({NAME: NOTE, "events/2026-11-01 Meet.md": "---\ntype: event\ndate: 2026-11-01\n"
                                                               "attendees: ['[[Bad\\e]0;pwned\\a\\e[2JName]]']\n---\n"})


def _run(vault, *args, input=None):
    # color=True: click does not strip what it takes for colour codes, as on a terminal
    return CliRunner().invoke(cli, ["--vault", str(vault), "--today", "2026-11-25", *args], input=input, color=True)


@pytest.mark.parametrize("args", [["agenda"], ["ls"], ["ls", "contact"], ["check"], ["check", "--format", "github"],
                                  ["review"], ["show", NAME], ["index"]])
def test_text_output_holds_no_raw_control_character(vault, args):
    r = _run(vault, *args)
    assert r.exit_code in (0, 1), r.output
    assert "Traceback" not in r.output
    assert not [c for c in RAW if c in r.output], (args, r.output)
    if args[0] in ("agenda", "ls", "check", "show"):
        assert "Bad\\u001b]0;pwned\\u0007\\u001b[2JName" in r.output  # shown, escaped, not dropped


@pytest.mark.parametrize("args", [["agenda", "--json"], ["ls", "--json"], ["check", "--format", "json"],
                                  ["show", NAME, "--json"]])
def test_json_output_keeps_the_exact_characters(vault, args):
    r = _run(vault, *args)
    assert r.exit_code in (0, 1), r.output
    assert not [c for c in RAW if c in r.stdout]
    again = _run(vault, *args)  # an unchanged vault: the kept result, copied out as bytes
    assert (again.exit_code, again.stdout) == (r.exit_code, r.stdout)
    data = json.loads(r.stdout)
    if args[0] == "check":
        assert {f["path"] for f in data} >= {NAME}
    elif args[0] == "agenda":
        assert {(i["note"], i["what"]) for i in data["items"]} >= {(TITLE, f"call {CLEAR}back{CSI}\x7f")}
    elif args[0] == "ls":
        assert [n["front_matter"]["company"] for n in data if n["path"] == NAME] == [f"Evil{OSC} Inc{CSI}"]
    else:
        assert data["title"] == TITLE and data["front_matter"]["company"] == f"Evil{OSC} Inc{CSI}"


def test_import_report_and_errors_are_terminal_safe(vault, tmp_path):
    card = tmp_path / "c.vcf"
    card.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann{CLEAR}Lee\r\nORG:X{CSI}\r\nEND:VCARD\r\n", encoding="utf-8")
    r = _run(vault, "import", str(card), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "Ann" in r.output and not [c for c in RAW if c in r.output], r.output
    r = _run(vault, "show", f"no{OSC}such")
    assert r.exit_code == 2 and "\x1b" not in r.output and "\x07" not in r.output
