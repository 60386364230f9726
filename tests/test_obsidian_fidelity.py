"""Obsidian fidelity: plainnet finds links, tags and tasks exactly where Obsidian does.

Ground truth: for each of the 89 notes in the Obsidian Tasks plugin's test vault, the plugin's
repository recorded Obsidian's own parse (`CachedMetadata`) as
`tests/Obsidian/__test_data__/<note>.json`. Each test below opens the same note of the
`resources/sample_vaults/Tasks-Demo` vault through plainnet's public surface (`show --json`, the
library's `listing.show_note` and `Vault.read`) and checks that the two agree on:

- body links by line: the link as written before `|` (`target#heading`) and its display text;
- embeds (`![[x]]`, `![a](x.png)`) by line, the same way;
- front-matter links by property;
- tags: all of them in order, and body tags by line;
- task items by line, with their status character;
- the front-matter values.

How plainnet's JSON maps onto Obsidian's (a mapping, not a difference):

| Obsidian (CachedMetadata)            | plainnet (`show --json`)                                            |
|--------------------------------------|---------------------------------------------------------------------|
| `position.start.line`, 0-based       | `line`, 1-based                                                     |
| `links[].link`                       | `target` + `#` + `heading` (heading null when there is no `#`)      |
| `links[].displayText`                | `display` when the link gives one (`[[T|a]]`, `[a](T.md)`); else Obsidian derives it (`T > H`), and so does `_display` below |
| `embeds[]`                           | `links[]` with `"embed": true` (embeds are links that resolve to files) |
| `frontmatterLinks[].key`, `key.0`    | `key` (the property) and, for list items, the item's own `line`     |
| `getAllTags()`, `#` prefix, repeats  | `tags`, no `#`, each once, front-matter tags first                  |
| `listItems[]` with a `task` char     | `tasks[]` with `status`                                             |

Where plainnet deliberately differs from Obsidian, the difference is listed in `DIFFERENCES`
with its reason; the test removes exactly those items from Obsidian's answer, and fails if
plainnet stops differing (so the table cannot go stale).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
TASKS = CORPORA / "obsidian-tasks-group-obsidian-tasks"
TRUTH = TASKS / "tests" / "Obsidian" / "__test_data__"
VAULT = TASKS / "resources" / "sample_vaults" / "Tasks-Demo"
NAMES = sorted(p.stem for p in TRUTH.glob("*.json")) if TRUTH.is_dir() else []

# note -> what Obsidian reports there that plainnet deliberately does not, and why.
# Keys: "links" / "embeds" (body lines), "tags" ((line, tag) of body tags), "tasks" (lines).
DIFFERENCES: dict[str, dict] = {
    "comments_markdown_style": {
        "why": "Obsidian's metadata cache still indexes tags and links inside %% comments (it drops "
               "only list items in a %% block); plainnet ignores everything inside a comment, %% or "
               "<!-- -->, as docs/format.md says: a commented-out link is not a relationship and a "
               "commented-out tag is not a label",
        "links": [9],
        "tags": [(5, "task"), (8, "i-am-parsed-by-obsidian")],
    },
}

CLI_SAMPLE = ["all_link_types", "comments_markdown_style", "jason_properties", "link_in_task_markdown_link",
              "links_everywhere", "list_statuses", "numbered_tasks_issue_3481", "yaml_all_property_types_populated",
              "yaml_tags_with_two_values_on_one_line", "zero_width"]


def _display(link: dict) -> str:
    """The display text Obsidian shows for a plainnet link: as written, else `target > heading > sub`."""
    if link["display"] is not None:
        return link["display"]
    parts = [link["target"], *((link["heading"] or "").split("#") if link["heading"] is not None else [])]
    return " > ".join(p for p in parts if p)


def _written(link: dict) -> str:
    return link["target"] + ("#" + link["heading"] if link["heading"] is not None else "")


def _dedup(xs):
    return list(dict.fromkeys(xs))


def obsidian_view(name: str) -> dict:
    """Obsidian's answer for one note, less the documented deliberate differences."""
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    cm = truth["cachedMetadata"]
    diff = DIFFERENCES.get(name, {})

    def positioned(items, drop=()):
        return [(x["position"]["start"]["line"] + 1, x["link"], x["displayText"]) for x in items
                if x["position"]["start"]["line"] + 1 not in drop]

    body_tags = [(t["position"]["start"]["line"] + 1, t["tag"][1:]) for t in cm.get("tags", [])]
    fm_tags = [t[1:] for t in truth["parseFrontMatterTags"] or []]
    # sanity: getAllTags is the front-matter tags, then the body tags in order
    assert [t[1:] for t in truth["getAllTags"] or []] == fm_tags + [t for _, t in body_tags]
    body_tags = [bt for bt in body_tags if bt not in diff.get("tags", [])]
    return {
        "links": positioned(cm.get("links", []), diff.get("links", ())),
        "embeds": positioned(cm.get("embeds", []), diff.get("embeds", ())),
        "front_matter_links": sorted((x["key"].split(".")[0], x["link"], x["displayText"])
                                     for x in cm.get("frontmatterLinks", [])),
        "tags": _dedup(fm_tags + [t for _, t in body_tags]),
        "body_tags": body_tags,
        "tasks": [(li["position"]["start"]["line"] + 1, li["task"]) for li in cm.get("listItems", [])
                  if li.get("task") is not None and li["position"]["start"]["line"] + 1 not in diff.get("tasks", ())],
        "front_matter": cm.get("frontmatter") or {},
    }


def plainnet_view(shown: dict, body_tags: list) -> dict:
    links = shown["links"]
    return {
        "links": [(l["line"], _written(l), _display(l)) for l in links if l["in"] == "body" and not l["embed"]],
        "embeds": [(l["line"], _written(l), _display(l)) for l in links if l["in"] == "body" and l["embed"]],
        "front_matter_links": sorted((l["key"], _written(l), _display(l)) for l in links if l["in"] == "front_matter"),
        "tags": shown["tags"],
        "body_tags": [tuple(t) for t in body_tags],
        "tasks": [(t["line"], t["status"]) for t in shown["tasks"]],
        "front_matter": shown["front_matter"],
    }


def assert_agrees(name: str, shown: dict, body_tags: list) -> None:
    expected, got = obsidian_view(name), plainnet_view(shown, body_tags)
    wrong = {k: {"obsidian": expected[k], "plainnet": got[k]} for k in expected if expected[k] != got[k]}
    assert not wrong, f"{name}: plainnet disagrees with Obsidian on {sorted(wrong)}:\n" + json.dumps(wrong, indent=1, ensure_ascii=False)


@pytest.fixture(scope="module")
def vault():
    if not NAMES:
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): Obsidian's recorded parse not found under {TRUTH}")
    from plainnet import open_vault

    v = open_vault(VAULT, index_path=":memory:")  # never writes into the shared corpora
    yield v
    v.close()


@pytest.fixture(scope="module")
def vault_copy(tmp_path_factory):
    if not NAMES:
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): Obsidian's recorded parse not found under {TRUTH}")
    dest = tmp_path_factory.mktemp("tasks-demo") / "Tasks-Demo"
    shutil.copytree(VAULT, dest)
    return dest


def test_the_ground_truth_is_all_there():
    if not NAMES:
        pytest.skip(f"needs the public test corpora in a folder shared/corpora beside the checkout (the corpora fixture in tests/conftest.py; see README, Development): Obsidian's recorded parse not found under {TRUTH}")
    assert len(NAMES) == 89
    missing = [n for n in NAMES if not (VAULT / "Test Data" / f"{n}.md").is_file()]
    assert not missing
    # the recorded file contents are the vault's notes, byte for byte
    for n in NAMES:
        truth = json.loads((TRUTH / f"{n}.json").read_text(encoding="utf-8"))
        assert truth["fileContents"] == (VAULT / "Test Data" / f"{n}.md").read_bytes().decode("utf-8"), n


@pytest.mark.parametrize("name", NAMES or ["(no corpora)"])
def test_plainnet_agrees_with_obsidian(vault, name):
    from plainnet.listing import show_note

    path = f"Test Data/{name}.md"
    shown = show_note(vault, path)
    assert shown["path"] == path
    assert_agrees(name, shown, vault.read(path).tag_lines)


@pytest.mark.parametrize("name", [n for n in CLI_SAMPLE if n in NAMES] or ["(no corpora)"])
def test_show_json_on_the_command_line_agrees_with_obsidian(vault_copy, name):
    from plainnet import open_vault
    from plainnet.cli import cli

    result = CliRunner().invoke(cli, ["--vault", str(vault_copy), "show", f"Test Data/{name}.md", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    with open_vault(vault_copy) as v:
        tag_lines = v.read(f"Test Data/{name}.md").tag_lines
    assert_agrees(name, shown, tag_lines)


@pytest.mark.parametrize("name", sorted(DIFFERENCES) or ["(none)"])
def test_each_documented_difference_still_exists(vault, name):
    """If plainnet starts agreeing with Obsidian on one of these, the table above must change."""
    from plainnet.listing import show_note

    path = f"Test Data/{name}.md"
    shown = show_note(vault, path)
    got = plainnet_view(shown, vault.read(path).tag_lines)
    diff = DIFFERENCES[name]
    assert diff["why"]
    for line in diff.get("links", []):
        assert line not in [l for l, _, _ in got["links"]]
    for tag in diff.get("tags", []):
        assert tuple(tag) not in got["body_tags"]
    for line in diff.get("tasks", []):
        assert line not in [l for l, _ in got["tasks"]]


def test_links_resolve_where_obsidian_resolves_them(vault):
    """Obsidian's `resolveLinkToPath` for every body link target it recorded, where the target is a
    note of the vault: plainnet's `resolved` names the same file."""
    from plainnet.listing import show_note

    checked = 0
    for name in NAMES:
        truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
        resolved = truth.get("resolveLinkToPath") or {}
        shown = show_note(vault, f"Test Data/{name}.md")
        for link in shown["links"]:
            written = _written(link)
            if written in resolved and resolved[written] and resolved[written].endswith(".md"):
                assert link["resolved"] == resolved[written], (name, written)
                checked += 1
    assert checked > 50
