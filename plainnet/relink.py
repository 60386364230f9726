"""Point every link to one note at another: the link rewriting that `merge` and `rename` share.

`plan_relink` only plans: it returns, per file, the bytes before and after and each changed link,
and writes nothing, so an editor's rename can show or apply the same edits. Each edit replaces
only the target inside a link (`[[Old#Log|Jo]]` -> `[[New#Log|Jo]]`, `[x](people/Old%20Name.md)`
-> `[x](people/New%20Name.md)`), so everything else, front-matter quoting included, stays
byte-for-byte. A link that reaches the note through an alias the new note answers to as well is
left as written. Every planned file is parsed again and each link's resolution compared with
what it should be; any surprise refuses the whole plan.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from plainnet.write.edit import EditError
from plainnet.index.names import NameTable, note_keys, resolve, title_of
from plainnet.notes.links import MDLINK_SCAN_RE, WIKILINK_SCAN_RE, link_keys, markdown_link_from, norm, wikilink_parts


@dataclass
class LinkChange:
    line: int
    old: str  # the link as written before
    new: str  # and after


@dataclass
class FileEdit:
    path: str  # the file now
    old: bytes
    new: bytes
    changes: list = field(default_factory=list)  # LinkChange


# ---------------------------------------------------------------- name tables


def names_after(table: dict, remove: str | None, add=()) -> NameTable:
    """A copy of a name table without `remove`'s names and with (key, rank, path) `add`ed."""
    out = NameTable()
    for key, hits in table.items():
        kept = [h for h in hits if h[1] != remove]
        if kept:
            out[key] = kept
    for key, rank, path in add:
        hits = out.setdefault(key, [])
        if (rank, path) not in hits:
            hits.append((rank, path))
    return out


def _via_alias(before: dict, target: str, src: str, old: str) -> bool:
    """Whether `target` reaches `old` through one of its aliases rather than its path or title."""
    keys = link_keys(target, src.rsplit("/", 1)[0] if "/" in src else "")
    for k in keys:
        hits = before.get(k)
        if hits:
            return any(p == old and r == 2 for r, p in hits) and not any(p == old and r < 2 for r, p in hits)
    return False


# ---------------------------------------------------------------- new targets


def _no_md(p: str) -> str:
    return p[:-3] if p.lower().endswith(".md") else p


def _relative(path: str, src_dir: str) -> str:
    rel = posixpath.relpath(path, src_dir or ".")
    return rel if rel.startswith("../") else "./" + rel


def _wiki_target(written: str, new: str, src: str, after: dict) -> str | None:
    """The text to write between `[[` and `#`/`|` so that the link names `new` from `src`:
    the new title when the link used a title, else a path in the form it was written."""
    src_dir = src.rsplit("/", 1)[0] if "/" in src else ""
    md = written.lower().endswith(".md")
    t = written.replace("\\", "/")
    cands = []
    if t.startswith(("./", "../")):
        cands.append(_relative(new, src_dir))
    elif t.startswith("/"):
        cands.append("/" + new)
    if "/" not in t:
        cands.append(title_of(new))
    cands += [new]
    for c in cands:
        c = c if md else _no_md(c)
        parts = wikilink_parts(c)
        if parts and parts[0] == c and parts[1] is None and parts[2] is None and "]" not in c and "[" not in c \
                and resolve(after, c, src) == new:
            return c
    return None


def _md_target(raw: str, new: str, src: str, after: dict) -> str | None:
    """The raw target of a Markdown link (`<...>` or %-encoded) that names `new` from `src`."""
    from urllib.parse import quote

    angle = raw.startswith("<")
    body = raw[1:-1] if angle else raw
    link = markdown_link_from("", raw, 0)
    written = link.target if link else ""
    hash_at = body.find("#")
    tail = body[hash_at:] if hash_at >= 0 else ""
    src_dir = src.rsplit("/", 1)[0] if "/" in src else ""
    md = written.lower().endswith(".md")
    cands = []
    if written.startswith(("./", "../")):
        cands.append(_relative(new, src_dir))
    elif written.startswith("/"):
        cands.append("/" + new)
    cands.append(new)
    for c in cands:
        c = c if md else _no_md(c)
        enc = c if angle else quote(c, safe="/")
        out = f"<{enc}{tail}>" if angle else enc + tail
        check = markdown_link_from("", out, 0)
        if check and resolve(after, check.target, src) == new and not (angle and ">" in c):
            return out
    return None


# ---------------------------------------------------------------- finding links with their offsets


def _shadow(text: str) -> str:
    """`text` with the same length and LF line ends only (CR before LF a space, a lone CR an LF),
    so the parser's offsets are offsets into the file's own text."""
    return re.sub(r"\r(?=\n)", " ", text).replace("\r", "\n") if "\r" in text else text


def _yaml_context(prefix: str) -> str | None:
    """The quote a YAML line is inside at its end ('"', "'"), "#" in a comment, or None."""
    q = None
    i = 0
    while i < len(prefix):
        c = prefix[i]
        if q is None:
            if c in "'\"":
                q = c
            elif c == "#" and (i == 0 or prefix[i - 1] in " \t"):
                return "#"
        elif q == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                q = None
        elif c == "'":
            if prefix[i + 1:i + 2] == "'":
                i += 1
            else:
                q = None
        i += 1
    return q


def _split_inner(inner: str) -> int:
    """Where the target ends inside the text between `[[` and `]]` (at `#` or the display's `|`)."""
    i = 0
    while i < len(inner):
        c = inner[i]
        if c == "#":
            return i
        if i >= 1 and (c == "|" or inner.startswith("\\|", i)):
            return i
        i += 1
    return i


def link_spans(text: str, front_matter: bool = True) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, context) of the replaceable part of every link in a note's text: the
    inside of `[[...]]` ("wiki") or the target of `[..](...)` ("md"); context is the YAML quote
    for front-matter links ('"', "'", or "" for none), None in the body. Found where the parser
    finds links: not in code, comments, escaped, or YAML comments."""
    from plainnet.notes.parse import _blank, _blank_spans, front_matter_span

    shadow = _shadow(text)
    out = []
    span = front_matter_span(shadow)
    body_at = 0
    if span is not None:
        start, end, body_at = span
        for m in WIKILINK_SCAN_RE.finditer(shadow, start, end if front_matter else start):
            s = m.start()
            if shadow[s - 1] == "\\":
                continue
            ctx = _yaml_context(shadow[shadow.rfind("\n", 0, s) + 1:s])
            if ctx == "#":
                continue
            out.append((m.start(1), m.end(1), "wiki", ctx or ""))
    body = shadow[body_at:]
    src = "\n" + body
    spans = _blank_spans(src)
    blanked = _blank(src, spans) if spans else src
    wspans = []
    for m in WIKILINK_SCAN_RE.finditer(blanked):
        s = m.start()
        wspans.append((m.start(), m.end()))
        if blanked[s - 1] == "\\":
            continue
        out.append((body_at + m.start(1) - 1, body_at + m.end(1) - 1, "wiki", None))
    for m in MDLINK_SCAN_RE.finditer(blanked):
        s = m.start()
        if blanked[s - 1] == "\\" or any(a <= s < b for a, b in wspans):
            continue
        out.append((body_at + m.start(2) - 1, body_at + m.end(2) - 1, "md", None))
    return out


# ---------------------------------------------------------------- planning


def rewrite_text(text: str, src: str, old: str, new: str, before: dict, after: dict,
                 new_src: str | None = None) -> tuple[str, list[LinkChange]]:
    """`text` (a note at `src`, to be at `new_src` afterwards) with each link that resolves to
    `old` under `before` rewritten to resolve to `new` under `after`."""
    from plainnet.notes.parse import parse_note

    new_src = new_src or src
    edits = []
    fm_ok = "[[" not in text[:text.find("\n---", 3) + 1] or parse_note(src, text.encode("utf-8")).yaml_ok
    for s, e, kind, ctx in link_spans(text, front_matter=fm_ok):  # (unreadable YAML holds no links)
        piece = text[s:e]
        if kind == "wiki":
            inner = piece.replace("''", "'") if ctx == "'" else \
                piece.replace('\\"', '"').replace("\\\\", "\\") if ctx == '"' else piece
            parts = wikilink_parts(inner)
            if parts is None or not parts[0] or resolve(before, parts[0], src) != old:
                continue
            if _via_alias(before, parts[0], src, old) and resolve(after, parts[0], new_src) == new:
                continue
            cut = _split_inner(piece)
            written = piece[:cut]
            target = _wiki_target(parts[0], new, new_src, after)
            if target is None:
                raise EditError(f"{src}: cannot write a link to {new} in place of [[{piece}]]")
            if ctx == '"':
                target = target.replace("\\", "\\\\").replace('"', '\\"')
            elif ctx == "'":
                target = target.replace("'", "''")
            lead = len(written) - len(written.lstrip())
            trail = len(written) - len(written.rstrip())
            repl = written[:lead] + target + (written[len(written) - trail:] if trail else "") + piece[cut:]
            edits.append((s, e, repl, f"[[{piece}]]", f"[[{repl}]]"))
        else:
            link = markdown_link_from("", piece, 0)
            if link is None or not link.target or resolve(before, link.target, src) != old:
                continue
            repl = _md_target(piece, new, new_src, after)
            if repl is None:
                raise EditError(f"{src}: cannot write a link to {new} in place of ({piece})")
            edits.append((s, e, repl, f"({piece})", f"({repl})"))
    out = text
    changes = []
    for s, e, repl, was, now in sorted(edits, reverse=True):
        out = out[:s] + repl + out[e:]
        changes.append(LinkChange(text.count("\n", 0, s) + 1, was, now))
    changes.reverse()
    return out, changes


def _decode(data: bytes, path: str) -> tuple[str, bytes]:
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        return data[len(bom):].decode("utf-8"), bom
    except UnicodeDecodeError:
        raise EditError(f"{path}: not UTF-8; plainnet only edits UTF-8 notes") from None


def rewrite_bytes(data: bytes, src: str, old: str, new: str, before: dict, after: dict,
                  new_src: str | None = None) -> tuple[bytes, list[LinkChange]]:
    text, bom = _decode(data, src)
    out, changes = rewrite_text(text, src, old, new, before, after, new_src)
    return (bom + out.encode("utf-8") if changes else data), changes


def verify(old_data: bytes, new_data: bytes, src: str, new_src: str, old: str, new: str,
           before: dict, after: dict) -> None:
    """Refuse (EditError) unless the rewritten file has the same links, each resolving as it
    should: to `new` where it resolved to `old`, else where it did (a link to nothing may now lead
    somewhere)."""
    from plainnet.notes.parse import parse_note

    a = parse_note(src, old_data).links
    b = parse_note(new_src, new_data).links
    if len(a) != len(b):
        raise EditError(f"{src}: rewriting its links would change how many links it has; nothing was written")
    for la, lb in zip(a, b):
        ra = resolve(before, la.target, src) if la.target else src
        rb = resolve(after, lb.target, new_src) if lb.target else new_src
        want = new if ra == old else ra
        same_shape = (la.heading, la.display, la.embed, la.where, la.key, la.line) == \
                     (lb.heading, lb.display, lb.embed, lb.where, lb.key, lb.line)
        if not same_shape or (ra is not None and rb != want):
            raise EditError(f"{src}:{la.line}: rewriting [[{la.target}]] would not lead to {want}; nothing was written")


def sources(vault, path: str) -> list[str]:
    """Notes with a link that resolves to `path` (the note itself included), from the index."""
    return [p for (p,) in vault.index.query("SELECT DISTINCT path FROM links WHERE resolved = ? ORDER BY path",
                                            (path,))]


def collateral(vault, before: dict, after: dict, keys, old: str, new: str) -> list[str]:
    """Links elsewhere that name one of `keys` (names gained by `new`) and would lead somewhere
    else afterwards: `path:line: [[target]]` for each (a rename or merge must not hijack them)."""
    from plainnet.notes.facts import target_key

    tkeys = sorted({target_key(k) for k in keys})
    out = []
    for path, target, line in vault.index.rows_in(
            "SELECT path, target, line FROM links WHERE tkey IN ({})", tkeys):
        if not target:
            continue
        was = resolve(before, target, path)
        if was in (old, new):
            continue
        if resolve(after, target, path) != was:
            out.append(f"{path}:{line}: [[{target}]]")
    return out


def plan_relink(vault, old: str, new: str, after: dict, *, new_paths: dict | None = None,
                skip=()) -> list[FileEdit]:
    """Per file, the edits that make every link to `old` lead to `new` once the name table is
    `after`. Nothing is written. `new_paths` maps a file that will move to its new path (a
    rename); files in `skip` are left out (merge handles the removed note itself)."""
    before = vault._name_table()
    new_paths = new_paths or {}
    plans = []
    for src in sources(vault, old):
        if src in skip:
            continue
        try:
            data = (vault.root / src).read_bytes()
        except OSError as exc:
            raise EditError(f"{src}: cannot read: {exc.strerror or exc}") from None
        dst = new_paths.get(src, src)
        out, changes = rewrite_bytes(data, src, old, new, before, after, dst)
        if changes:
            verify(data, out, src, dst, old, new, before, after)
            plans.append(FileEdit(src, data, out, changes))
    return plans


def rename_names(vault, old: str, new: str) -> NameTable:
    """The name table once the note at `old` is at `new` (same aliases)."""
    row = vault._note_row(old)
    aliases = row.aliases if row else []
    return names_after(vault._name_table(), old, [(k, r, new) for k, r in note_keys(new, title_of(new), aliases)])


def new_keys(path: str, aliases=()) -> list[str]:
    return [k for k, _r in note_keys(path, title_of(path), aliases)] + [norm(a) for a in aliases]
