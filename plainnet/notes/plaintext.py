"""User text made safe and readable for a terminal or a search index: no control characters,
no Python reprs. Small and dependency-free: the index calls it for every note."""
from __future__ import annotations

import re

from plainnet.notes.links import display_text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text) -> str:
    """One line of user text, safe to print: control characters (escape codes, bells, bidi
    overrides) removed, line breaks turned into spaces."""
    s = str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", s)


def plain_value(value) -> str:
    """A front-matter value as a person reads it: links by their text, lists joined by commas,
    mappings as `key value` pairs; never a Python repr."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1 and isinstance(value[0][0], str):
            return clean(value[0][0])  # an unquoted [[link]] YAML read as a nested list
        return ", ".join(p for p in (plain_value(v) for v in value) if p)
    if isinstance(value, dict):
        if set(value) <= {"date", "what", "text", "due", "done"}:
            head = " ".join(plain_value(value[k]) for k in ("date", "due") if value.get(k) not in (None, ""))
            body = plain_value(value.get("what") or value.get("text") or "")
            done = " (done)" if value.get("done") else ""
            return (f"{head}: {body}" if head and body else head or body) + done
        return "; ".join(f"{k} {plain_value(v)}".strip() for k, v in value.items())
    return clean(display_text(str(value)))
