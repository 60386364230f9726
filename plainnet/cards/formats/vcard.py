"""A tolerant vCard 2.1 / 3.0 / 4.0 reader working on the file's bytes.

Why not vobject: run over the corpora it loses quoted-printable soft line
breaks (v2.1 NOTE/ADR/LABEL spill into "unparsable" lines), decodes CHARSET
values as Latin-1 (Shift_JIS names become mojibake), stops a whole file on one
bad base64 photo or on a PROFILE line, and flattens nested cards. Every value
here is decoded with its own CHARSET *after* quoted-printable decoding and
*before* unescaping, so a Shift_JIS trail byte 0x5C is never taken for a
backslash.

Lines: the file is split on LF (CR CR LF and CRLF leave only trailing CRs,
which are stripped; a bare CR inside a value stays in the value); a file with
no LF at all is split on CR. Line numbers count LF-terminated lines, as
`grep -n` and editors do.
"""
from __future__ import annotations

import base64
import binascii
import re
from email.utils import parseaddr

from .datefmt import parse_date
from .model import Card, Problem, ReadResult, compose_name, finish_card
from .textdecode import bom_encoding, codec_for, decode_legacy, guess_legacy, utf16_without_bom

_PROPERTY = re.compile(rb'^[ \t]*(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+(?:;(?:"[^"]*"|[^";:\r\n])*)*:')
_BINARY_PROPS = {"PHOTO", "LOGO", "SOUND", "KEY", "AGENT"}
_IM_PROPS = {
    "X-AIM": "aim",
    "X-ICQ": "icq",
    "X-JABBER": "xmpp",
    "X-MSN": "msnim",
    "X-YAHOO": "ymsgr",
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-GOOGLE-TALK": "gtalk",
    "X-GTALK": "gtalk",
    "X-QQ": "qq",
    "X-TWITTER": "twitter",
    "X-MS-IMADDRESS": "im",
    "X-SIP": "sip",
}
_URI_PROPS = {"URL", "X-SOCIALPROFILE", "IMPP"}
_LOW_PRIORITY_TEL = {"FAX", "PAGER", "MODEM", "TEXTPHONE", "TTY", "ISDN"}


class _Logical:
    """One unfolded content line: its first physical line number and bytes."""

    __slots__ = ("line", "parts", "qp", "loose")

    def __init__(self, line: int, first: bytes, *, loose: bool = False):
        self.line = line
        self.parts = [first]
        self.loose = loose  # not a property line (junk outside a property)
        self.qp: bool | None = None  # worked out when first needed

    @property
    def data(self) -> bytes:
        return self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)

    def qp_open(self) -> bool:
        if not self.parts[-1].endswith(b"="):
            return False
        if self.qp is None:
            head = self.parts[0].split(b":", 1)[0].upper()
            self.qp = b"QUOTED-PRINTABLE" in head or b"ENCODING=QP" in head
        return self.qp


def _physical_lines(data: bytes) -> list[bytes]:
    if b"\n" in data:
        return [ln.rstrip(b"\r") for ln in data.split(b"\n")]
    return data.split(b"\r")


def _logical_lines(lines: list[bytes]):
    """Unfold: RFC 2425 folding, v2.1 quoted-printable soft breaks, loose lines."""
    cur: _Logical | None = None
    keep_fold_space = False  # vCard 2.1: CRLF + space unfolds to the space
    for idx, raw in enumerate(lines, 1):
        if cur is not None and cur.qp_open() and raw.strip().upper() not in (b"BEGIN:VCARD", b"END:VCARD"):
            cur.parts[-1] = cur.parts[-1][:-1]  # drop the soft-break '='
            cur.parts.append(raw)
            continue
        if raw[:1] in (b" ", b"\t") and raw.strip().upper() not in (b"BEGIN:VCARD", b"END:VCARD"):
            if cur is not None:
                cur.parts.append(raw if keep_fold_space else raw[1:])
            elif raw.strip():
                yield _Logical(idx, raw, loose=True)
            continue
        if not raw.strip():
            if cur is not None:
                yield cur
                cur = None
            continue
        if raw.startswith(b"#"):
            continue  # comment lines some writers put in (v21_invalid_comment_line)
        if _PROPERTY.match(raw):
            if cur is not None:
                yield cur
            cur = _Logical(idx, raw.lstrip(b" \t"))
            upper = raw.strip().upper()
            if upper.startswith(b"VERSION:"):
                keep_fold_space = upper == b"VERSION:2.1"
            elif upper.startswith((b"BEGIN:", b"END:")):
                # a card boundary never takes continuation lines: stray text after
                # it must not hide the boundary
                keep_fold_space = keep_fold_space and not upper.startswith(b"BEGIN:")
                yield cur
                cur = None
            continue
        # A line that is neither a property nor a fold: a v2.1 writer broke a value
        # over lines (ADR ending in '\', base64 without indentation, ...).
        if cur is not None:
            if cur.parts[-1].endswith(b"\\") and not cur.parts[-1].endswith(b"\\\\"):
                cur.parts[-1] = cur.parts[-1][:-1]
            cur.parts.append(b"\n" + raw)
        else:
            yield _Logical(idx, raw, loose=True)
    if cur is not None:
        yield cur


def _split_params(head: bytes) -> tuple[str, str, dict[str, list[str]]]:
    """'item1.TEL;TYPE=work,voice;PREF=1' -> ('TEL', 'item1', {'TYPE': [...], 'PREF': ['1']})."""
    if b'"' not in head:
        parts = head.split(b";")
    else:
        parts = []
        buf = bytearray()
        quoted = False
        for b in head:
            if b == 0x22:  # "
                quoted = not quoted
                buf.append(b)
            elif b == 0x3B and not quoted:  # ;
                parts.append(bytes(buf))
                buf.clear()
            else:
                buf.append(b)
        parts.append(bytes(buf))
    name = parts[0].decode("ascii", "replace").strip()
    group = ""
    if "." in name:
        group, name = name.rsplit(".", 1)
    params: dict[str, list[str]] = {}
    for p in parts[1:]:
        text = p.decode("utf-8", "replace").strip()
        if not text:
            continue
        if "=" in text:
            key, val = text.split("=", 1)
        else:
            key, val = "TYPE", text  # v2.1 bare parameter: TEL;WORK;VOICE
        key = key.strip().upper()
        vals = [_caret(v) for v in _split_param_values(val)]
        if key == "TYPE":
            vals = [v.upper() for v in vals]
        params.setdefault(key, []).extend(vals)
    return name.upper(), group, params


def _caret(value: str) -> str:
    """RFC 6868 parameter escapes: ^n newline, ^' double quote, ^^ caret."""
    if "^" not in value:
        return value
    return re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], value)


def _split_param_values(val: str) -> list[str]:
    if '"' not in val:
        return [v.strip() for v in val.split(",") if v.strip()]
    out, buf, quoted = [], [], False
    for ch in val:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf).strip())
    return [v for v in out if v]


def _split_line(data: bytes) -> tuple[bytes, bytes]:
    """Split at the first ':' that is not inside a quoted parameter value."""
    colon = data.find(b":")
    if colon >= 0 and b'"' not in data[:colon]:
        return data[:colon], data[colon + 1 :]
    quoted = False
    for i, b in enumerate(data):
        if b == 0x22:
            quoted = not quoted
        elif b == 0x3A and not quoted:
            return data[:i], data[i + 1 :]
    return data, b""


def _fix_unquoted_colon(head: bytes, value: bytes) -> tuple[bytes, bytes]:
    """ADR;LABEL=a:b:;;street;... -- an unquoted parameter value with a colon (seen
    in real exports, ez-vcard issue 114). When the post-office-box part would hold
    a colon, split at the rightmost colon that still leaves the 7 ADR parts."""
    first = value.split(b";", 1)[0]
    if b":" not in first:
        return head, value
    best = None
    pos = -1
    while True:
        pos = value.find(b":", pos + 1)
        if pos < 0:
            break
        rest = value[pos + 1 :]
        if len(_split_escaped(rest.decode("utf-8", "replace"), ";")) >= 7:
            best = pos
    if best is None:
        return head, value
    return head + b":" + value[:best], value[best + 1 :]


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on sep unless backslash-escaped; escapes are kept for _unescape."""
    if "\\" not in text:
        return text.split(sep)
    out, buf = [], []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return out


_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


class _Context:
    def __init__(self, data: bytes):
        self.transcoded = False
        found = bom_encoding(data)
        enc = None
        if found:
            enc, n = found
            data = data[n:]
        else:
            enc = utf16_without_bom(data)
        if enc and enc != "utf-8-sig":
            text = data.decode(enc, errors="replace")
            data = text.encode("utf-8")
            self.transcoded = True  # CHARSET parameters no longer mean anything
            self.encoding = enc + (" (BOM)" if found else "")
        elif enc == "utf-8-sig":
            self.encoding = "utf-8 (BOM)"
        else:
            self.encoding = "utf-8"
        self.data = data
        self._fallback: str | None = None

    @property
    def fallback(self) -> str:
        if self._fallback is None:
            try:
                self.data.decode("utf-8")
                self._fallback = "cp1252"
            except UnicodeDecodeError:
                self._fallback = guess_legacy(self.data)
                self.encoding = f"utf-8 with {self._fallback} (guessed) where no CHARSET was given"
        return self._fallback


class _CardBuilder:
    def __init__(self, line: int):
        self.line = line
        self.props: list[tuple[str, dict[str, list[str]], bytes, int]] = []
        self.warnings: list[str] = []
        self.version = ""


def _decode_value(raw: bytes, params: dict[str, list[str]], ctx: _Context, b: _CardBuilder, line: int) -> str:
    encoding = " ".join(params.get("ENCODING", [])).upper()
    types = params.get("TYPE", [])
    if "QUOTED-PRINTABLE" in encoding or encoding == "QP" or "QUOTED-PRINTABLE" in types:
        raw = binascii.a2b_qp(raw)
    elif encoding in ("B", "BASE64") or "BASE64" in types:
        try:
            raw = base64.b64decode(b"".join(raw.split()) + b"==", validate=False)
        except (binascii.Error, ValueError):
            b.warnings.append(f"line {line}: base64 text value could not be decoded")
            return ""
    if ctx.transcoded:
        text = raw.decode("utf-8", errors="replace")
    else:
        charset = (params.get("CHARSET") or [""])[0]
        codec = codec_for(charset) if charset else None
        if codec:
            text = decode_legacy(raw, "cp1252") if codec == "cp1252" else raw.decode(codec, errors="replace")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_legacy(raw, ctx.fallback)
                note = f"line {line}: not UTF-8 and no CHARSET, read as {ctx.fallback}"
                if note not in b.warnings:
                    b.warnings.append(note)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_pref(params: dict[str, list[str]]) -> int:
    """Sort key: 0 for preferred values (TYPE=pref, PREF=1), larger for less preferred."""
    if "PREF" in params:
        try:
            return max(0, int(params["PREF"][0]) - 1) if params["PREF"] else 0
        except ValueError:
            return 0
    return 0 if "PREF" in params.get("TYPE", []) else 100


def _one_line(text: str) -> str:
    return ", ".join(p.strip() for p in text.split("\n") if p.strip())


def _email(value: str) -> str:
    v = value.strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    if "<" in v:
        v = parseaddr(v)[1] or v
    return v.strip().strip("<>").strip()


def _social(value: str, params: dict[str, list[str]]) -> str:
    """X-SOCIALPROFILE: a profile URL as it is; otherwise "service: user" (iOS writes
    TYPE=twitter;X-USER=jdoe:x-apple:jdoe)."""
    if not value or re.match(r"(?i)^https?://", value):
        return value
    kind = next((t.lower() for t in params.get("TYPE", []) if t != "PREF"), "")
    user = (params.get("X-USER") or [""])[0].strip()
    if not user and value.lower().startswith("x-apple:"):
        user = value[8:].strip()
    if user:
        return f"{kind}: {user}" if kind else user
    if kind and not re.match(r"(?i)^[a-z][a-z0-9+.-]*:", value):
        return f"{kind}: {value}"
    return value


def _build(b: _CardBuilder, ctx: _Context, source: str) -> Card | Problem:
    card = Card(name="", source=source, line=b.line)
    names: list[str] = []
    nicknames: list[str] = []
    emails: list[tuple[int, int, str]] = []
    phones: list[tuple[int, int, str]] = []
    notes: list[str] = []
    labels: list[str] = []
    titles: list[str] = []
    roles: list[str] = []
    orgs: list[str] = []
    n_parts: list[str] | None = None
    for pos, (name, params, raw, line) in enumerate(b.props):
        if name in _BINARY_PROPS:
            continue  # photos, logos, sounds, keys: never read, never written
        if name in ("VERSION", "BEGIN", "END", "PRODID", "REV", "CATEGORIES"):
            continue
        text = _decode_value(raw, params, ctx, b, line)
        value_type = " ".join(params.get("VALUE", [])).lower()
        if (name in _URI_PROPS or value_type == "uri") and text.lstrip().lower().startswith("data:"):
            continue  # inline binary (data: URI) where a link is expected
        if name == "FN":
            names.append(_unescape(text).strip())
        elif name == "N":
            if n_parts is None:
                n_parts = [_unescape(p).strip() for p in _split_escaped(text, ";")]
        elif name == "NICKNAME":
            nicknames.extend(_unescape(p).strip() for p in _split_escaped(text, ","))
        elif name == "EMAIL":
            addr = _email(_unescape(text))
            if "@" in addr:
                emails.append((_is_pref(params), pos, addr))
            elif addr:
                b.warnings.append(f"line {line}: EMAIL without '@' skipped: {addr[:60]}")
        elif name == "TEL":
            tel = _unescape(text).strip()
            if tel.lower().startswith("tel:"):
                tel = tel[4:]
            if tel:
                low = 1 if _LOW_PRIORITY_TEL & set(params.get("TYPE", [])) else 0
                phones.append((_is_pref(params) + 1000 * low, pos, tel))
        elif name == "ORG":
            first = _unescape(_split_escaped(text, ";")[0]).strip()
            if first:
                orgs.append(first)
        elif name == "TITLE":
            titles.append(_unescape(text).strip())
        elif name == "ROLE":
            roles.append(_unescape(text).strip())
        elif name == "ADR":
            comps = [_one_line(_unescape(p)) for p in _split_escaped(text, ";")]
            comps += [""] * (7 - len(comps))
            pobox, ext, street, locality, region, code, country = comps[:7]
            addr = ", ".join(p for p in (street, ext, pobox, locality, region, code, country, *comps[7:]) if p)
            if not addr and params.get("LABEL"):
                addr = _one_line(_unescape(params["LABEL"][0]))
            if addr:
                card.addresses.append(addr)
        elif name == "LABEL":
            labels.append(_one_line(_unescape(text)))
        elif name == "NOTE":
            note = _unescape(text).strip()
            if note:
                notes.append(note)
        elif name == "URL":
            url = _unescape(text).strip()
            if url:
                card.urls.append(url)
        elif name == "X-SOCIALPROFILE":
            value = _social(_unescape(text).strip(), params)
            if value:
                card.socials.append(value)
        elif name == "IMPP":
            value = _unescape(text).strip()
            if value:
                card.socials.append(value)
        elif name in _IM_PROPS:
            value = _unescape(text).strip()
            if value:
                scheme = _IM_PROPS[name]
                card.socials.append(value if value.lower().startswith(scheme + ":") else f"{scheme}:{value}")
        elif name == "BDAY":
            if not card.birthday:
                value = _unescape(text).strip()
                card.birthday = value if value_type == "text" else parse_date(value)
        elif name == "UID":
            card.uid = card.uid or _unescape(text).strip()
        elif name == "X-PLAINNET-CONNECTED-ON":
            card.connected_on = card.connected_on or parse_date(_unescape(text))
    names = [n for n in names if n]
    card.name = names[0] if names else ""
    card.aliases = nicknames + names[1:]
    if n_parts:
        n_parts += [""] * (5 - len(n_parts))
        card.family, card.given = n_parts[0], n_parts[1]
        if not card.name:
            card.name = compose_name(n_parts[1], n_parts[2], n_parts[0], cjk_family_first=True)
    card.emails = [e for _, _, e in sorted(emails)]
    card.phones = [p for _, _, p in sorted(phones)]
    card.company = orgs[0] if orgs else ""
    card.role = next((t for t in titles if t), "") or next((r for r in roles if r), "")
    if not card.addresses:
        card.addresses = [lb for lb in labels if lb]
    card.note = "\n\n".join(notes)
    card.warnings = b.warnings
    reason = finish_card(card)
    if reason:
        return Problem(source, b.line, f"vCard skipped: {reason}")
    return card


def read_vcard(data: bytes, source: str) -> ReadResult:
    ctx = _Context(data)
    lines = _physical_lines(ctx.data)
    done: list[tuple[int, Card | Problem]] = []
    stack: list[_CardBuilder] = []
    cur: _CardBuilder | None = None
    for ll in _logical_lines(lines):
        raw = ll.data
        if ll.loose:
            if cur is not None:
                cur.warnings.append(f"line {ll.line}: not a vCard line, skipped: {raw[:40].decode('utf-8', 'replace')}")
            continue
        head, value = _split_line(raw.lstrip(b" \t"))
        name, _group, params = _split_params(head)
        if name == "ADR":
            head, value = _fix_unquoted_colon(head, value)
            name, _group, params = _split_params(head)
        if name == "BEGIN" and value.strip().upper() == b"VCARD":
            if cur is not None:
                stack.append(cur)
            cur = _CardBuilder(ll.line)
            continue
        if cur is None:
            continue  # outside any card: END without BEGIN, stray text, another component
        if name == "END" and value.strip().upper() == b"VCARD":
            done.append((cur.line, _build(cur, ctx, source)))
            cur = stack.pop() if stack else None
            continue
        if name == "VERSION":
            cur.version = value.strip().decode("ascii", "replace")
        cur.props.append((name, params, value, ll.line))
    while cur is not None:
        cur.warnings.append("no END:VCARD before the end of the file")
        done.append((cur.line, _build(cur, ctx, source)))
        cur = stack.pop() if stack else None
    done.sort(key=lambda item: item[0])
    cards = [c for _, c in done if isinstance(c, Card)]
    problems = [p for _, p in done if isinstance(p, Problem)]
    return ReadResult(cards=cards, problems=problems, kind="vcard", encoding=ctx.encoding)
