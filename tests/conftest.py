"""Shared test fixtures: temporary vaults and the public corpora beside the checkout."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture
def corpora() -> Path:
    """The public test corpora (shared/corpora beside the checkout), or skip saying so: CI has
    them, a bare clone does not."""
    if not CORPORA.is_dir():
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): not found at {CORPORA}")
    return CORPORA


@pytest.fixture
def make_vault(tmp_path):
    """Build a vault from {relative path: text or bytes}; returns its root."""

    def _make(files: dict | None = None, *, toml: str = "") -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        (root / "plainnet.toml").write_text(toml, encoding="utf-8")
        for rel, content in (files or {}).items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8", newline="")
        return root

    return _make


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch):
    """Tests never see the developer's own vault or date."""
    monkeypatch.delenv("PLAINNET_VAULT", raising=False)
    monkeypatch.delenv("PLAINNET_TODAY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    os.environ.setdefault("COLUMNS", "120")
