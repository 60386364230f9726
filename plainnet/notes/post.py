"""Notes as python-frontmatter `Post`s: the format's common interface in Python.

python-frontmatter's own YAML handler reads front matter the way Jekyll does; Obsidian, and so
plainnet, read it differently: a BOM is skipped, the first line must be exactly `---` (and the
closing one too), CRLF and CR line ends are lines, dates stay the text the user wrote
(`2026-12-01`, not a `date`), and YAML tags that build Python objects are refused. `ObsidianHandler`
is a python-frontmatter handler with those rules, built from the same functions the index parses
with, so a library user gets exactly what plainnet reads:

    import frontmatter
    from plainnet.notes.post import ObsidianHandler, loads

    post = loads(text)                                  # or frontmatter.loads(text, handler=ObsidianHandler())
    post["company"], post.content

`plainnet.api.Vault.post(name)` gives the `Post` of an indexed note without parsing it again.
"""
from __future__ import annotations

import re

import frontmatter
from frontmatter.default_handlers import BaseHandler

from plainnet.notes.parse import BOM, _load_yaml, front_matter_span, normalize_newlines


class FrontMatterError(ValueError):
    """The front matter is not YAML plainnet can read (the message says where and why)."""


def _prepared(text: str) -> str:
    if text.startswith(BOM):
        text = text[1:]
    return normalize_newlines(text)


class ObsidianHandler(BaseHandler):
    """Front matter as Obsidian reads it (see the module docstring)."""

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"

    def detect(self, text: str) -> bool:
        return front_matter_span(_prepared(text)) is not None

    def split(self, text: str) -> tuple[str, str]:
        """(the YAML between the fences, the body); no front matter gives ("", text)."""
        text = _prepared(text)
        span = front_matter_span(text)
        if span is None:
            return "", text
        start, end, body = span
        return text[start:end], text[body:]

    def load(self, fm: str) -> dict:
        if not fm.strip():
            return {}
        try:
            loaded, _node = _load_yaml(fm)
        except Exception as exc:  # yaml.YAMLError, a refused tag, absurd nesting
            raise FrontMatterError(f"front matter is not valid YAML: {exc}") from None
        if loaded is None:
            return {}
        if type(loaded) is not dict:
            raise FrontMatterError(f"front matter must be 'key: value' lines, not a {type(loaded).__name__}")
        return loaded

    def export(self, metadata: dict, **kwargs) -> str:
        """YAML for `frontmatter.dumps`. (plainnet itself never rewrites a note this way: its edits
        change only the bytes of one value; see plainnet.write.)"""
        import yaml

        kwargs.setdefault("allow_unicode", True)
        kwargs.setdefault("sort_keys", False)
        kwargs.setdefault("default_flow_style", False)
        return yaml.safe_dump(metadata, **kwargs).strip()


def loads(text: str | bytes) -> frontmatter.Post:
    """A note's text as a `Post`, read by Obsidian's rules. (`frontmatter.loads(text,
    handler=ObsidianHandler())` works too, but strips the text first, so a note starting with a
    blank line would get front matter Obsidian does not see.)"""
    if isinstance(text, bytes):
        from plainnet.notes.parse import decode

        text = decode(text)[0]
    handler = ObsidianHandler()
    fm, body = handler.split(text)
    return post_of(handler.load(fm), body)


def post_of(front_matter: dict, body: str) -> frontmatter.Post:
    """The `Post` of an already parsed note: no second parse."""
    post = frontmatter.Post(body, handler=ObsidianHandler())
    post.metadata.update(front_matter)  # (not as keywords: a field may be called `content`)
    return post
