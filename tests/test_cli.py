"""The CLI surface: discovery, init, index, ls, show, help text, error handling."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import click
from click.testing import CliRunner

from plainnet.cli import cli


def invoke(*args, **kw):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)


def _all_commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _all_commands(cmd, prefix + (name,))


def test_every_command_and_option_has_help():
    assert cli.help
    for path, cmd in _all_commands(cli):
        assert cmd.help and cmd.help.strip(), f"command {' '.join(path)} has no help text"
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert p.help, f"option {p.name} of {' '.join(path)} has no help"
        res = invoke(*path, "--help")
        assert res.exit_code == 0 and "Usage:" in res.output


def test_vault_discovery(tmp_path, monkeypatch, make_vault):
    root = make_vault({"people/A.md": "---\nname: A\n---\n"})
    sub = root / "people"
    monkeypatch.chdir(sub)
    res = invoke("ls", "--json")
    assert res.exit_code == 0 and json.loads(res.output)[0]["title"] == "A"
    # $PLAINNET_VAULT
    monkeypatch.chdir(tmp_path)
    res = CliRunner(env={"PLAINNET_VAULT": str(root)}).invoke(cli, ["ls", "--json"])
    assert json.loads(res.output)[0]["path"] == "people/A.md"
    # an Obsidian vault is found by its .obsidian folder
    obs = tmp_path / "obs"
    (obs / ".obsidian").mkdir(parents=True)
    (obs / "Note.md").write_text("hi", encoding="utf-8")
    monkeypatch.chdir(obs)
    assert json.loads(invoke("ls", "--json").output)[0]["title"] == "Note"


def test_no_vault_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["ls"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "no vault found" in lines[0] and "plainnet init" in lines[0]
    res = CliRunner().invoke(cli, ["--vault", str(tmp_path / "missing"), "ls"])
    assert res.exit_code == 2 and "vault folder not found" in res.stderr


def test_bad_today_and_bad_config(make_vault):
    root = make_vault({"a.md": ""})
    res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-13-01", "agenda"])
    assert res.exit_code == 2 and "not a date" in res.output
    (root / "plainnet.toml").write_text("wpm = [", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--vault", str(root), "ls"])
    assert res.exit_code == 2 and "plainnet.toml" in res.stderr and "Traceback" not in res.output
    (root / "plainnet.toml").write_text('wpm = "fast"', encoding="utf-8")
    res = CliRunner().invoke(cli, ["--vault", str(root), "ls"])
    assert res.exit_code == 2 and "wpm" in res.stderr


def test_init_new_and_inside_obsidian_vault(tmp_path):
    res = invoke("init", str(tmp_path / "net"))
    assert res.exit_code == 0
    root = tmp_path / "net"
    for rel in ("plainnet.toml", "templates/contact.md", "templates/event.md", "pitch.md", ".gitignore"):
        assert (root / rel).is_file(), rel
    assert ".plainnet/" in (root / ".gitignore").read_text(encoding="utf-8")
    res = invoke("--vault", str(root), "index")
    assert res.output.startswith("1 notes: +1 ~0 -0, 0 problems")  # templates are not indexed
    # an existing Obsidian vault: nothing existing changes
    obs = tmp_path / "obs"
    (obs / ".obsidian").mkdir(parents=True)
    existing = {"pitch.md": b"my own pitch\r\n", ".gitignore": b"*.tmp", "people/X.md": b"---\na: 1\n---\n"}
    for rel, data in existing.items():
        (obs / rel).parent.mkdir(parents=True, exist_ok=True)
        (obs / rel).write_bytes(data)
    res = invoke("init", str(obs))
    assert "kept pitch.md" in res.output
    assert (obs / "pitch.md").read_bytes() == b"my own pitch\r\n"
    assert (obs / "people/X.md").read_bytes() == existing["people/X.md"]
    assert (obs / ".gitignore").read_bytes() == b"*.tmp\n.plainnet/\n"
    again = invoke("init", str(obs))
    assert "already ignores" in again.output


def test_index_summary_and_rebuild(make_vault):
    root = make_vault({"people/A.md": "---\nname: A\n---\n", "bad.md": "---\nx: [\n---\n"})
    res = invoke("--vault", str(root), "index")
    assert res.output.strip() == "2 notes: +2 ~0 -0, 1 problem (see 'plainnet check')"
    res = invoke("--vault", str(root), "index")
    assert res.output.startswith("2 notes: +0 ~0 -0")
    res = invoke("--vault", str(root), "index", "--rebuild")
    assert res.output.startswith("2 notes: +0 ~2 -0")


def test_ls_types_tags_json(make_vault):
    root = make_vault({
        "people/Jane.md": "---\ncompany: Acme\ncadence: 1m\ntags: [client/vip]\n---\n",
        "events/2026-11-01 Coffee.md": "---\ndate: 2026-11-01\nkind: coffee\n---\n",
        "notes/Plain.md": "#client",
    })
    res = invoke("--vault", str(root), "ls", "contact")
    assert "Jane" in res.output and "company: Acme, cadence: 1m" in res.output and "Coffee" not in res.output
    data = json.loads(invoke("--vault", str(root), "ls", "--tag", "client", "--json").output)
    assert [d["title"] for d in data] == ["Plain", "Jane"]  # by path
    data = json.loads(invoke("--vault", str(root), "ls", "note", "--json").output)
    assert [d["title"] for d in data] == ["Plain"]
    # the table (read from the index's stored details) and the JSON agree on every filter
    for args in ([], ["contact"], ["event"], ["note"], ["--tag", "client"], ["--tag", "#CLIENT/vip"]):
        table = invoke("--vault", str(root), "ls", *args).output.splitlines()
        data = json.loads(invoke("--vault", str(root), "ls", *args, "--json").output)
        assert len(table) == len(data) + 1, args
        for line, d in zip(table[1:], data):
            assert line.startswith(d["title"] + " ") and line.endswith(d["path"]) and d["details"] in line
    assert invoke("--vault", str(root), "ls", "--tag", "client/vip").output.splitlines()[1].startswith("Jane ")


def test_ls_serves_its_cached_table_only_while_nothing_changed(make_vault):
    root = make_vault({"people/Jane.md": "---\ncompany: Acme\n---\n", "people/Zed.md": "---\ncompany: Zeta\n---\n"})
    first = invoke("--vault", str(root), "ls").output
    cache = root / ".plainnet" / "ls-cache.txt"
    assert cache.is_file() and "company: Acme" in first
    cache.write_text(cache.read_text(encoding="utf-8") + "\nserved from the cache", encoding="utf-8")
    assert "served from the cache" in invoke("--vault", str(root), "ls").output
    jane = root / "people/Jane.md"
    st = jane.stat()
    jane.write_text("---\ncompany: Beta\n---\n", encoding="utf-8")
    os.utime(jane, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    after = invoke("--vault", str(root), "ls").output
    assert "company: Beta" in after and "served from the cache" not in after
    assert "Zed" not in invoke("--vault", str(root), "ls", "contact", "--tag", "nothing").output
    assert invoke("--vault", str(root), "ls").output == after  # (another filter did not take its place)
    cache.write_text("garbage", encoding="utf-8")
    assert invoke("--vault", str(root), "ls").output == after


def test_show_json_shape(make_vault):
    root = make_vault({
        "people/Jane Doe.md": (
            "---\naliases: [Jane]\nmet: 2026-13-45\nintroduced_by: \"[[Bob]]\"\n---\n"
            "Met [[Ghost#Intro|the ghost]] and ![[pic.png]] #vip\n- [ ] call 📅 2026-12-01\n"
        ),
        "people/Bob.md": "",
        "pic.png": b"PNG",
    })
    data = json.loads(invoke("--vault", str(root), "show", "jane", "--json").output)
    assert set(data) >= {"path", "title", "type", "front_matter", "links", "tags", "tasks", "findings"}
    assert data["path"] == "people/Jane Doe.md" and data["type"] == "contact"
    assert data["front_matter"]["met"] == "2026-13-45"
    links = {l["target"]: l for l in data["links"]}
    assert links["Bob"] == {"target": "Bob", "heading": None, "display": None, "line": 4, "in": "front_matter",
                            "key": "introduced_by", "embed": False, "resolved": "people/Bob.md"}
    assert links["Ghost"]["heading"] == "Intro" and links["Ghost"]["display"] == "the ghost"
    assert links["Ghost"]["resolved"] is None and links["Ghost"]["line"] == 6
    assert links["pic.png"]["embed"] is True and links["pic.png"]["resolved"] == "pic.png"
    assert data["tags"] == ["vip"]
    assert data["tasks"][0]["line"] == 7 and data["tasks"][0]["due"] == "2026-12-01" and not data["tasks"][0]["done"]
    rules = {(f["rule"], f["line"]) for f in data["findings"]}
    assert ("data-date", 3) in rules and ("data-link", 6) in rules
    res = CliRunner().invoke(cli, ["--vault", str(root), "show", "Nobody"])
    assert res.exit_code == 2 and "no note called 'Nobody'" in res.stderr


def test_show_ambiguous_name(make_vault):
    root = make_vault({"a/Note.md": "", "b/Note.md": ""})
    res = CliRunner().invoke(cli, ["--vault", str(root), "show", "Note"])
    assert res.exit_code == 2 and "a/Note.md" in res.stderr and "b/Note.md" in res.stderr
    assert json.loads(invoke("--vault", str(root), "show", "b/Note", "--json").output)["path"] == "b/Note.md"


def test_python_dash_m_and_console_script(make_vault):
    root = make_vault({"people/A.md": ""})
    out = subprocess.run([sys.executable, "-m", "plainnet", "--vault", str(root), "ls", "--json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and json.loads(out.stdout)[0]["title"] == "A"


def test_user_mistakes_never_traceback(make_vault, tmp_path):
    """A vault of broken files: every command still answers, nothing raises."""
    files = {
        "empty.md": b"",
        "bom.md": b"\xef\xbb\xbf---\ntype: contact\n---\n",
        "crlf.md": b"---\r\ntype: contact\r\nmet: 2026-02-30\r\n---\r\n- [ ] x \xf0\x9f\x93\x85 2026-13-01\r\n",
        "latin1.md": "caf\xe9".encode("latin-1"),
        "fm-only.md": b"---\na: 1\n---",
        "unclosed.md": b"---\na: 1\n",
        "tag.md": b"---\n!!python/object/apply:os.system [echo hi]\n---\n",
        "list.md": b"---\n- a\n- b\n---\n",
        "huge-line.md": b"x" * 2_000_000,
        "people/Ünïcödé Nämé.md": "---\naliases: Zoë\n---\n".encode(),
    }
    root = make_vault(files)
    for args in (["index"], ["ls"], ["agenda"], ["check"], ["show", "crlf"], ["show", "Zoë", "--json"]):
        res = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args])
        assert res.exception is None or isinstance(res.exception, SystemExit), (args, res.output)
        assert res.exit_code in (0, 1), (args, res.exit_code, res.output)
