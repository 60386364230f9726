"""python-frontmatter as the reading interface: the Obsidian handler and Vault.post."""
from __future__ import annotations

import shutil
from pathlib import Path

import frontmatter
import pytest

import plainnet
from plainnet.notes.parse import parse_note
from plainnet.notes.post import FrontMatterError, ObsidianHandler, loads

REPO = Path(__file__).resolve().parents[1]


def test_a_plain_note_reads_as_python_frontmatter_reads_it():
    text = "---\ncompany: Northwind\ntags: [oss, kernel]\n---\nBody line.\n"
    post = loads(text)
    assert post.metadata == {"company": "Northwind", "tags": ["oss", "kernel"]}
    assert post.content == "Body line.\n"
    theirs = frontmatter.loads(text, handler=ObsidianHandler())
    assert theirs.metadata == post.metadata and theirs.content.strip() == post.content.strip()


def test_dates_stay_the_text_the_user_wrote():
    post = loads("---\nlast_contact: 2026-12-01\nmet: 2026-1-5\n---\n")
    assert post["last_contact"] == "2026-12-01" and post["met"] == "2026-1-5"
    # python-frontmatter's own handler makes a date object of the first
    assert not isinstance(frontmatter.loads("---\nd: 2026-12-01\n---\n")["d"], str)


@pytest.mark.parametrize("text, meta, body", [
    ("\ufeff---\na: 1\n---\nx\n", {"a": 1}, "x\n"),                 # a BOM is skipped
    ("---\r\na: 1\r\n---\r\nx\r\n", {"a": 1}, "x\n"),               # CRLF line ends
    ("---  \na: 1\n---\t\nx\n", {"a": 1}, "x\n"),                    # trailing blanks on the fences
    ("----\na: 1\n----\nx\n", {}, "----\na: 1\n----\nx\n"),          # four dashes: no front matter
    ("--- x\na: 1\n---\nx\n", {}, "--- x\na: 1\n---\nx\n"),          # text after the fence
    ("---\na: 1\nno closing fence\n", {}, "---\na: 1\nno closing fence\n"),
    ("\n---\na: 1\n---\nx\n", {}, "\n---\na: 1\n---\nx\n"),          # not on the first line
])
def test_obsidian_fences(text, meta, body):
    post = loads(text)
    assert post.metadata == meta
    assert post.content == body


def test_refused_tags_and_bad_yaml_are_errors_not_objects():
    with pytest.raises(FrontMatterError):
        loads("---\nx: !!python/object/apply:os.system ['true']\n---\n")
    with pytest.raises(FrontMatterError):
        loads("---\na: [unclosed\n---\n")
    with pytest.raises(FrontMatterError, match="key: value"):
        loads("---\n- a list\n---\n")


def test_bytes_are_decoded_like_the_index_does():
    post = loads("\ufeff---\nname: Zoë\n---\nhé\n".encode("utf-8"))
    assert post["name"] == "Zoë" and post.content == "hé\n"


def test_the_post_of_every_example_note_matches_the_index(tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(REPO / "example-vault", root)
    v = plainnet.open_vault(root)
    try:
        notes = v.notes()
        assert len(notes) > 10
        for n in notes:
            data = (root / n.path).read_bytes()
            parsed = parse_note(n.path, data)
            via_vault = v.post(n.path)
            assert via_vault.metadata == parsed.front_matter, n.path
            assert via_vault.content == parsed.body, n.path
            assert loads(data).metadata == parsed.front_matter, n.path
    finally:
        v.close()


def test_a_post_dumps_and_loads_back():
    post = loads("---\ncompany: Northwind\naliases: [Ana]\n---\nBody\n")
    again = loads(frontmatter.dumps(post, handler=ObsidianHandler()) + "\n")
    assert again.metadata == post.metadata and again.content.strip() == "Body"
