"""The `plainnet-check` hook of .pre-commit-hooks.yaml, run the way a vault's git repository runs it.

- `test_manifest_*`: the manifest passes pre-commit's own schema and declares the hook as the
  README documents it.
- `test_real_pre_commit_*`: the real `pre-commit run` in a temporary git vault whose
  `.pre-commit-config.yaml` points `repo:` at this checkout and `rev:` at its HEAD commit.
  pre-commit clones that commit and pip-installs it into an environment of its own (dependencies
  come from PyPI), exactly what a user's vault gets. So it tests the *committed* tree: uncommitted
  changes are not seen. Skipped (with the reason) outside a git checkout, when HEAD has no
  manifest yet, or when the environment cannot be installed (no network). One environment is
  installed per test module (about a minute).
- `test_hook_entry_*`: the exact entry command the manifest declares, run in the vault as
  pre-commit runs it (no file names appended, since `pass_filenames: false`), with this checkout's
  `plainnet` first on PATH: it sees uncommitted changes and needs no network.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent
TODAY = "2026-11-25"

BROKEN = {  # an error-level finding: an impossible date
    "people/Liam Patel.md": "---\ntype: contact\nmet: 2026-04-04\nlast_contact: 2026-13-45\n---\n",
}
WARNINGS_ONLY = {  # habits to work on, but nothing broken
    "people/Sofia Rossi.md": "---\ntype: contact\nmailing_list: true\n---\n",
    "notes/Ideas.md": "A plain note.\n",
}


def _hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return {h["id"]: h for h in hooks}["plainnet-check"]


def _git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _vault(root: Path, files: dict, config: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "plainnet.toml").write_text("", encoding="utf-8")
    (root / ".gitignore").write_text(".plainnet/\n", encoding="utf-8")
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    if config:
        (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    return root


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLAINNET_", "GIT_", "PRE_COMMIT"))}
    env.update(PLAINNET_TODAY=TODAY, NO_COLOR="1", **extra)
    return env


# ---------------------------------------------------------------------------------------------
# the manifest
# ---------------------------------------------------------------------------------------------


def test_manifest_is_valid_for_pre_commit():
    pytest.importorskip("pre_commit")
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(MANIFEST))
    assert [h["id"] for h in hooks] == ["plainnet-check"]


def test_manifest_declares_the_hook():
    import re

    hook = _hook()
    assert hook["entry"] == "plainnet check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # findings are cross-note: always the whole vault
    files = re.compile(hook["files"])
    for path in ("people/Jane Doe.md", "pitch.md", "plainnet.toml", "vault/plainnet.toml"):
        assert files.search(path), path
    for path in ("README.txt", "people/photo.png", "notes.md.bak", "myplainnet.toml"):
        assert not files.search(path), path


# ---------------------------------------------------------------------------------------------
# the exact entry command
# ---------------------------------------------------------------------------------------------


def _run_entry(root: Path, *args) -> subprocess.CompletedProcess:
    argv = shlex.split(_hook()["entry"]) + list(args)
    env = _env(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    exe = shutil.which(argv[0], path=env["PATH"])
    assert exe and Path(exe).parent == BIN, "this checkout's plainnet is not installed in the venv"
    return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_hook_entry_fails_on_an_error(tmp_path):
    res = _run_entry(_vault(tmp_path / "v", BROKEN))
    assert res.returncode == 1, res.stdout + res.stderr
    assert "people/Liam Patel.md:4:1: error data-date" in res.stdout


def test_hook_entry_passes_a_vault_with_warnings_only(tmp_path):
    root = _vault(tmp_path / "v", WARNINGS_ONLY)
    res = _run_entry(root)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "warning list-without-consent" in res.stdout
    assert _run_entry(root, "--fail-on", "warning").returncode == 1  # the documented stricter args


# ---------------------------------------------------------------------------------------------
# the real pre-commit
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    """A private PRE_COMMIT_HOME shared by this module's tests, and the revision to use."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        rev = _git(REPO, "rev-parse", "HEAD")
        _git(REPO, "cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml")
    except subprocess.CalledProcessError:
        pytest.skip("not a git checkout, or HEAD has no .pre-commit-hooks.yaml yet (commit it first)")
    return tmp_path_factory.mktemp("pre-commit-home"), rev


def _pre_commit(root: Path, home: Path, *args) -> subprocess.CompletedProcess:
    env = _env(PRE_COMMIT_HOME=str(home), PATH=os.environ.get("PATH", ""))
    res = subprocess.run([str(BIN / "pre-commit"), "run", *args], cwd=root, env=env, capture_output=True,
                         text=True, timeout=900)
    out = res.stdout + res.stderr
    if "An error has occurred" in out or "An unexpected error has occurred" in out:
        log = home / "pre-commit.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else out[-2000:]
        if any(s in detail for s in ("Could not find a version", "Failed to establish a new connection",
                                     "Temporary failure in name resolution", "No matching distribution",
                                     "Network is unreachable", "ConnectTimeout", "ReadTimeout")):
            pytest.skip("pre-commit could not install the hook environment (no network?): " + detail[-300:])
        pytest.fail("pre-commit failed to run the hook:\n" + detail)
    return res


def _config(rev: str, args=()) -> str:
    cfg = {"repos": [{"repo": str(REPO), "rev": rev, "hooks": [{"id": "plainnet-check"}]}]}
    if args:
        cfg["repos"][0]["hooks"][0]["args"] = list(args)
    return yaml.safe_dump(cfg, sort_keys=False)


def test_real_pre_commit_fails_a_vault_with_an_error(tmp_path, pre_commit_home):
    home, rev = pre_commit_home
    root = _vault(tmp_path / "v", BROKEN, _config(rev))
    res = _pre_commit(root, home, "--all-files")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "plainnet check" in res.stdout and "Failed" in res.stdout
    assert "people/Liam Patel.md:4:1: error data-date" in res.stdout


def test_real_pre_commit_passes_a_clean_vault(tmp_path, pre_commit_home):
    home, rev = pre_commit_home
    root = _vault(tmp_path / "v", WARNINGS_ONLY, _config(rev))
    res = _pre_commit(root, home, "--all-files")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout
    # a commit that touches no note or plainnet.toml does not run the hook at all
    (root / "README.txt").write_text("hello\n")
    _git(root, "add", "README.txt")
    res = _pre_commit(root, home, "--files", "README.txt")
    assert res.returncode == 0 and "Skipped" in res.stdout


def test_real_pre_commit_fail_on_warning_args(tmp_path, pre_commit_home):
    home, rev = pre_commit_home
    root = _vault(tmp_path / "v", WARNINGS_ONLY, _config(rev, ["--fail-on", "warning"]))
    res = _pre_commit(root, home, "--all-files")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "warning list-without-consent" in res.stdout
