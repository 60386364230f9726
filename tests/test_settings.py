"""plainnet.toml is validated whole, and the file `init` writes works as its comments say."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from plainnet.cli import cli
from plainnet.settings import DEFAULTS, ConfigError, load_config
from plainnet.vault.init import init_vault

SETTING = re.compile(r"^# ([A-Za-z_][\w.-]*) = ")


def _load(tmp_path, text: str):
    (tmp_path / "plainnet.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def test_init_writes_top_level_settings_before_any_table(tmp_path):
    init_vault(tmp_path)
    lines = (tmp_path / "plainnet.toml").read_text(encoding="utf-8").splitlines()
    first_table = next(i for i, line in enumerate(lines) if line.startswith("["))
    settings = [i for i, line in enumerate(lines) if SETTING.match(line)]
    assert settings and max(settings) < first_table


def test_every_commented_setting_of_init_changes_the_settings_when_uncommented(tmp_path):
    """Uncomment each commented setting alone: the file still loads, and the settings differ."""
    init_vault(tmp_path / "v")
    path = tmp_path / "v" / "plainnet.toml"
    text = path.read_text(encoding="utf-8")
    base = load_config(tmp_path / "v").data
    assert base == DEFAULTS
    lines = text.splitlines(keepends=True)
    commented = [i for i, line in enumerate(lines) if SETTING.match(line)]
    assert len(commented) == 17  # twelve top-level settings, three rule and two word-list examples
    named = {SETTING.match(lines[i]).group(1).split(".")[0] for i in commented}
    assert named == set(DEFAULTS) - {"folders"}  # every setting has its example line
    for i in commented:
        changed = lines[:i] + [lines[i][2:]] + lines[i + 1:]
        path.write_text("".join(changed), encoding="utf-8")
        data = load_config(tmp_path / "v").data
        assert data != base, f"uncommenting line {i + 1} changed nothing: {lines[i]!r}"


def test_uncommented_settings_take_effect_where_it_matters(tmp_path):
    init_vault(tmp_path / "v")
    path = tmp_path / "v" / "plainnet.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("# agenda_days = 14", "agenda_days = 14")
                    .replace("# rules.card-stack.days = 30", "rules.card-stack.days = 30"), encoding="utf-8")
    cfg = load_config(tmp_path / "v")
    assert cfg["agenda_days"] == 14
    assert cfg["folders"] == {"people": "contact", "events": "event", "groups": "group"}
    from plainnet.rules.registry import thresholds

    assert thresholds("card-stack", cfg) == {"days": 30}


@pytest.mark.parametrize("toml, line, words", [
    ("agenda_days = 7\ncard_stack_dayz = 3\n", 2, ["'card_stack_dayz'", "did you mean 'card_stack_days'"]),
    ("[folders]\npeople = \"contact\"\ndefault_cadence = \"3m\"\n", 3,
     ["'default_cadence' stands inside [folders]", "move it above the first [table] line"]),
    ("[folders]\npeople = \"contacts\"\n", 2, ["did you mean 'contact'"]),
    ("[rules.pitch-jargn]\nenabled = false\n", 1, ["unknown rule [rules.pitch-jargn]; did you mean pitch-jargon?"]),
    ("[rules.card-stack]\nday = 3\n", 2, ["[rules.card-stack] has no setting 'day'; did you mean 'days'?",
                                          "it takes enabled, severity, days"]),
    ("[rules.card-stack]\nenabled = \"no\"\n", 2, ["enabled must be true or false"]),
    ("[rules.card-stack]\nseverity = \"loud\"\n", 2, ["severity must be one of"]),
    ("[rules.card-stack]\ndays = -1\n", 2, ["must be a number >= 0"]),
    ("rules.one-sided.ratoi = 2\n", 1, ["[rules.one-sided] has no setting 'ratoi'; did you mean 'ratio'?"]),
    ("[wordlists.extnd]\njargon = [\"x\"]\n", 1, ["did you mean 'wordlists.extend'"]),
    ("[wordlists.extend]\njargn = [\"x\"]\n", 2, ["no list named 'jargn'; did you mean 'jargon'?"]),
    ("[wordlists.remove]\njargon = \"x\"\n", 2, ["must be a list of strings"]),
    ("wpm = 0\n", 1, ["'wpm' must be above 0"]),
    ("agenda_days = \"7\"\n", 1, ["'agenda_days' must be a number"]),
    ("default_cadence = \"sometimes\"\n", 1, ["default_cadence", "is not a cadence", "every 2 weeks"]),
    ("ignore = \"Archive\"\n", 1, ["'ignore' must be a list"]),
    ("severity = { pitch-jargon = \"info\" }\n", 1, ["unknown setting 'severity'"]),
    ("\n\n# a comment\n[rules.card-stack]\n\"dayz\" = 3\n", 5, ["no setting 'dayz'; did you mean 'days'?"]),
])
def test_an_unknown_or_wrong_setting_names_file_line_and_key(tmp_path, toml, line, words):
    with pytest.raises(ConfigError) as exc:
        _load(tmp_path, toml)
    message = str(exc.value)
    assert message.startswith(f"{tmp_path / 'plainnet.toml'}:{line}: "), message
    for w in words:
        assert w in message, message


def test_an_unknown_setting_exits_2_from_every_command(make_vault):
    root = make_vault(toml="card_stack_dayz = 3\n")
    for args in (["agenda"], ["check"], ["ls"], ["review"], ["index"]):
        res = CliRunner().invoke(cli, ["--vault", str(root), *args])
        assert res.exit_code == 2, (args, res.output)
        assert "plainnet.toml:1: unknown setting 'card_stack_dayz'; did you mean 'card_stack_days'?" in res.output
        assert "Traceback" not in res.output


def test_valid_settings_load_as_written(tmp_path):
    cfg = _load(tmp_path, 'default_cadence = "every 2 weeks"\nwpm = 140.5\n[folders]\nPeople = "Contact"\n'
                          '[rules.only-known-people]\nmin_new_people = 2\n[wordlists.extend]\njargon = ["x"]\n')
    assert cfg["default_cadence"] == "every 2 weeks"
    assert cfg["wpm"] == 140.5
    assert cfg["folders"] == {"People": "contact"}
    assert cfg["rules"] == {"only-known-people": {"min_new_people": 2}}
    assert cfg["wordlists"] == {"extend": {"jargon": ["x"]}, "remove": {}}


def test_every_rule_threshold_is_read_by_its_rule():
    """A threshold the registry documents must appear in the code of the check that reads it."""
    from pathlib import Path

    from plainnet.rules.registry import RULES

    src = "".join(p.read_text(encoding="utf-8") for p in Path("plainnet").rglob("*.py")
                  if p.name != "rules.py")
    for rule in RULES.values():
        for key in rule.thresholds:
            assert f'"{key}"' in src, f"{rule.id}: threshold {key} is read nowhere"


def test_a_rule_threshold_moves_the_agenda_as_it_moves_check(make_vault):
    """`[rules.card-stack] days` used to change `check` only; the agenda kept the flat default."""
    import json

    root = make_vault({"people/Ann.md": "---\ntype: contact\nmet: 2026-11-01\n---\n"},
                      toml="[rules.card-stack]\ndays = 30\n")
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "agenda", "--json"])
    assert json.loads(res.stdout)["items"] == []  # met 24 days ago: not yet a stack card at 30 days
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-12-05", "agenda", "--json"])
    assert [i["section"] for i in json.loads(res.stdout)["items"]] == ["no-next-step"]


def test_a_setting_changed_after_it_was_read_is_checked_again_before_findings(make_vault):
    """plainnet.toml is checked when it is read; a Config changed since (a library user, an editor
    session) is checked the same way before any finding is computed, with the same words."""
    import plainnet
    from plainnet.checks.engine import run_checks

    root = make_vault()
    v = plainnet.open_vault(root)
    try:
        assert isinstance(run_checks(v, cache=False), list)
        v.config.data["rules"]["pitch-jargonn"] = {}
        with pytest.raises(ConfigError, match=r"unknown rule \[rules.pitch-jargonn\]; did you mean pitch-jargon\?"):
            run_checks(v, cache=False)
        v.config.data["rules"] = {"pitch-jargon": {"severity": "loud"}}
        with pytest.raises(ConfigError, match="severity must be one of error, warning, info, got 'loud'"):
            run_checks(v, cache=False)
        v.config.data["rules"] = {}
        v.config.data["wordlists"] = {"extend": {"jargonn": ["synergy"]}}
        with pytest.raises(ConfigError, match="no list named 'jargonn'"):
            run_checks(v, cache=False)
    finally:
        v.close()
