"""Contact CSV exports: LinkedIn, Google Contacts, Outlook, Thunderbird, Exchange.

The format is recognised from the header row, which may come after a preamble
(LinkedIn's "Notes:" lines) and may be separated by commas, semicolons or tabs
(an Excel "sep=;" first line is honoured). Quoted fields keep embedded CR, LF
and tabs. Line numbers count LF-terminated lines (a CR-only file counts CRs).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Callable

from .datefmt import date_from_parts, parse_date
from .model import Card, ImportFormatError, Problem, ReadResult, compose_name, finish_card

_MAX_HEADER_SEARCH = 50  # rows before the header (LinkedIn has 3)
_DELIMITERS = (",", ";", "\t")

if csv.field_size_limit() < 16 * 1024 * 1024:  # a long Notes cell must not stop the file
    csv.field_size_limit(16 * 1024 * 1024)


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().strip('"').casefold().split())


Row = dict  # normalised header -> stripped cell text


def _get(row: Row, *names: str) -> str:
    for n in names:
        v = row.get(n, "")
        if v:
            return v
    return ""


def _numbered(row: Row, pattern: str) -> list[str]:
    """Values of numbered columns ('e-mail 2 - value') in number order; Google's
    ' ::: ' separates several values in one cell."""
    rx = re.compile(pattern)
    found = []
    for key, value in row.items():
        m = rx.match(key)
        if m and value:
            found.append((int(m.group(1)), value))
    out = []
    for _, value in sorted(found, key=lambda kv: kv[0]):
        out.extend(v.strip() for v in value.split(":::"))
    return [v for v in out if v]


def _join(*parts: str) -> str:
    return ", ".join(p for p in (" ".join(x.split()) for x in parts) if p)


def _one_line(text: str) -> str:
    return ", ".join(p.strip() for p in re.split(r"[\r\n]+", text) if p.strip())


def _linkedin(row: Row, card: Card) -> None:
    card.given = _get(row, "first name")
    card.family = _get(row, "last name")
    card.emails = [_get(row, "email address")]
    card.company = _get(row, "company")
    card.role = _get(row, "position")
    card.socials = [_get(row, "url")]
    card.connected_on = parse_date(_get(row, "connected on"))


def _google(row: Row, card: Card) -> None:
    card.given = _get(row, "first name", "given name")
    card.family = _get(row, "last name", "family name")
    card.name = _get(row, "name") or compose_name(
        card.given, _get(row, "middle name", "additional name"), card.family
    )
    card.aliases = [_get(row, "nickname")]
    card.company = _get(row, "organization name", "organization 1 - name")
    card.role = _get(row, "organization title", "organization 1 - title")
    card.birthday = parse_date(_get(row, "birthday"))
    card.note = _get(row, "notes")
    card.emails = _numbered(row, r"^e-mail (\d+) - value$")
    card.phones = _numbered(row, r"^phone (\d+) - value$")
    card.urls = _numbered(row, r"^website (\d+) - value$")
    card.socials = _numbered(row, r"^im (\d+) - value$")
    numbers = sorted({int(m.group(1)) for k in row if (m := re.match(r"^address (\d+) - ", k))})
    for n in numbers:
        p = f"address {n} - "
        formatted = _one_line(row.get(p + "formatted", ""))
        card.addresses.append(
            formatted
            or _join(
                row.get(p + "street", ""),
                row.get(p + "extended address", ""),
                row.get(p + "po box", ""),
                row.get(p + "city", ""),
                row.get(p + "region", ""),
                row.get(p + "postal code", ""),
                row.get(p + "country", ""),
            )
        )


_OUTLOOK_PHONES = (
    "primary phone",
    "mobile phone",
    "business phone",
    "business phone 2",
    "home phone",
    "home phone 2",
    "company main phone",
    "company main telephone",
    "other phone",
    "car phone",
    "radio phone",
    "callback",
    "isdn",
    "telex",
    "tty/tdd phone",
    "business fax",
    "home fax",
    "other fax",
    "pager",
)


def _outlook(row: Row, card: Card) -> None:
    card.given = _get(row, "first name")
    card.family = _get(row, "last name")
    card.name = compose_name(card.given, _get(row, "middle name"), card.family)
    card.aliases = [_get(row, "nickname")]
    card.company = _get(row, "company")
    card.role = _get(row, "job title")
    card.emails = [_get(row, "e-mail address"), _get(row, "e-mail 2 address"), _get(row, "e-mail 3 address")]
    card.phones = [row.get(c, "") for c in _OUTLOOK_PHONES]
    for kind in ("business", "home", "other"):
        card.addresses.append(
            _join(
                row.get(f"{kind} street", ""),
                row.get(f"{kind} street 2", ""),
                row.get(f"{kind} street 3", ""),
                row.get(f"{kind} address po box", ""),
                row.get(f"{kind} city", ""),
                row.get(f"{kind} state", ""),
                row.get(f"{kind} postal code", ""),
                row.get(f"{kind} country/region", ""),
            )
        )
    card.urls = [row.get("web page", ""), row.get("personal web page", "")]
    card.socials = [row.get("imaddress", "")]
    card.birthday = parse_date(_get(row, "birthday"))
    card.note = _get(row, "notes")


def _thunderbird(row: Row, card: Card) -> None:
    card.given = _get(row, "first name")
    card.family = _get(row, "last name")
    card.name = _get(row, "display name")
    card.aliases = [_get(row, "nickname")]
    card.emails = [_get(row, "primary email"), _get(row, "secondary email")]
    card.phones = [row.get(c, "") for c in ("mobile number", "work phone", "home phone", "fax number", "pager number")]
    for kind in ("work", "home"):
        card.addresses.append(
            _join(
                row.get(f"{kind} address", ""),
                row.get(f"{kind} address 2", ""),
                row.get(f"{kind} city", ""),
                row.get(f"{kind} state", ""),
                row.get(f"{kind} zipcode", ""),
                row.get(f"{kind} country", ""),
            )
        )
    card.role = _get(row, "job title")
    card.company = _get(row, "organization")
    card.urls = [row.get("web page 1", ""), row.get("web page 2", "")]
    screen = _get(row, "screen name")
    card.socials = [f"aim:{screen}"] if screen else []
    card.birthday = date_from_parts(_get(row, "birth year"), _get(row, "birth month"), _get(row, "birth day"))
    card.note = _get(row, "notes")


def _exchange(row: Row, card: Card) -> None:
    card.name = _get(row, "name", "displayname")
    card.given = _get(row, "firstname")
    card.family = _get(row, "lastname")
    card.emails = [_get(row, "externalemailaddress"), _get(row, "emailaddress")]
    card.company = _get(row, "company")
    card.role = _get(row, "title")
    card.phones = [row.get(c, "") for c in ("phone", "mobilephone", "homephone", "othertelephone", "fax", "pager")]
    card.addresses = [
        _join(
            row.get("streetaddress", ""),
            row.get("city", ""),
            row.get("stateorprovince", ""),
            row.get("postalcode", ""),
            row.get("countryorregion", ""),
        )
    ]
    card.note = _get(row, "notes")


_GENERIC_NAME = ("name", "full name", "display name", "contact name", "fn")
_GENERIC_GIVEN = ("first name", "given name", "firstname", "first")
_GENERIC_FAMILY = ("last name", "family name", "surname", "lastname", "last")
_GENERIC_EMAIL = ("email", "e-mail", "email address", "e-mail address", "mail", "email 1", "primary email")
_GENERIC_PHONE = ("phone", "telephone", "mobile", "phone number", "mobile phone", "cell", "tel")


def _generic(row: Row, card: Card) -> None:
    card.given = _get(row, *_GENERIC_GIVEN)
    card.family = _get(row, *_GENERIC_FAMILY)
    card.name = _get(row, *_GENERIC_NAME)
    card.emails = [row.get(c, "") for c in _GENERIC_EMAIL]
    card.phones = [row.get(c, "") for c in _GENERIC_PHONE]
    card.company = _get(row, "company", "organization", "organisation", "company name")
    card.role = _get(row, "job title", "title", "position", "role")
    card.urls = [row.get(c, "") for c in ("website", "url", "web page", "web site", "homepage")]
    card.note = _get(row, "notes", "note")
    card.birthday = parse_date(_get(row, "birthday"))


@dataclass(frozen=True)
class _Format:
    kind: str
    label: str
    expected: str  # the columns named in the error for an unknown CSV
    detect: Callable[[set[str]], bool]
    fill: Callable[[Row, Card], None]


def _any_match(headers: set[str], pattern: str) -> bool:
    rx = re.compile(pattern)
    return any(rx.match(h) for h in headers)


FORMATS: tuple[_Format, ...] = (
    _Format(
        "linkedin",
        "LinkedIn Connections.csv",
        "First Name, Last Name, URL, Email Address, Company, Position, Connected On",
        lambda h: {"first name", "last name", "connected on"} <= h,
        _linkedin,
    ),
    _Format(
        "google",
        "Google Contacts",
        "First Name, Middle Name, Last Name, ..., E-mail 1 - Value, Phone 1 - Value "
        "(or the older Name, Given Name, Family Name, ..., E-mail 1 - Value)",
        lambda h: _any_match(h, r"^(e-mail|phone|address|website) \d+ - (value|formatted)$")
        or {"given name", "family name", "group membership"} <= h,
        _google,
    ),
    _Format(
        "outlook",
        "Outlook",
        "First Name, Middle Name, Last Name, ..., Company, Job Title, ..., E-mail Address",
        lambda h: "e-mail address" in h and bool({"first name", "last name"} & h),
        _outlook,
    ),
    _Format(
        "thunderbird",
        "Thunderbird",
        "First Name, Last Name, Display Name, Nickname, Primary Email, Secondary Email, ...",
        lambda h: "primary email" in h and bool({"first name", "last name", "display name"} & h),
        _thunderbird,
    ),
    _Format(
        "exchange",
        "Exchange / Microsoft 365 contacts",
        "ExternalEmailAddress, Name, FirstName, LastName, ... (or Name, EmailAddress)",
        lambda h: "externalemailaddress" in h or {"name", "emailaddress"} <= h,
        _exchange,
    ),
    _Format(
        "csv",
        "a simple contact list",
        "a name column (Name, Full Name or First Name/Last Name) and an email or phone column (Email, Phone)",
        lambda h: bool(h & set(_GENERIC_NAME + _GENERIC_GIVEN + _GENERIC_FAMILY))
        and bool(h & set(_GENERIC_EMAIL + _GENERIC_PHONE)),
        _generic,
    ),
)


def expected_columns() -> str:
    return "; ".join(f"{f.label}: {f.expected}" for f in FORMATS)


def _lines(text: str) -> list[str]:
    """Physical lines with their endings; split on LF only, so that a bare CR in a
    quoted field stays in its field (edge case 1); a CR-only file splits on CR."""
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    parts = text.split(sep)
    out = [p + sep for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _records(lines: list[str], delimiter: str):
    """(first line number, cells) for each record; csv errors become (line, None)."""
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield consumed + 1, None
            consumed = reader.line_num
            continue
        yield consumed + 1, row
        consumed = reader.line_num


def _find_header(lines: list[str]) -> tuple[str, int, list[str], _Format] | None:
    head = lines[:_MAX_HEADER_SEARCH + 5]
    delimiters = list(_DELIMITERS)
    m = re.match(r"^sep=(.)\r?\n?$", head[0]) if head else None
    if m:
        delimiters = [m.group(1)]
        head = [""] + head[1:]  # keep line numbers: the sep= line becomes blank
    best = None
    for delim in delimiters:
        for idx, (line, cells) in enumerate(_records(head, delim)):
            if idx >= _MAX_HEADER_SEARCH:
                break
            if not cells or len(cells) < 2:
                continue
            normalised = {_norm(c) for c in cells if c.strip()}
            fmt = next((f for f in FORMATS if f.detect(normalised)), None)
            if fmt:
                candidate = (line, -len(cells), delim, cells, fmt)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
                break
    if best is None:
        return None
    line, _, delim, cells, fmt = best
    return delim, line, cells, fmt


def read_csv(text: str, source: str, encoding: str = "") -> ReadResult:
    lines = _lines(text)
    found = _find_header(lines)
    if found is None:
        seen = ""
        for delim in _DELIMITERS:
            for _, cells in _records(lines[:5], delim):
                if cells and len(cells) > 1 and any(c.strip() for c in cells):
                    seen = ", ".join(c.strip() for c in cells[:12]) + (", ..." if len(cells) > 12 else "")
                    break
            if seen:
                break
        raise ImportFormatError(
            f"{source}: not a contacts CSV plainnet recognises"
            + (f" (its first row is: {seen})" if seen else "")
            + f". Expected a header row with the columns of one of: {expected_columns()}."
        )
    delim, header_line, header_cells, fmt = found
    header = [_norm(c) for c in header_cells]
    cards: list[Card] = []
    problems: list[Problem] = []
    for line, cells in _records(lines, delim):
        if line <= header_line:
            continue
        if cells is None:
            problems.append(Problem(source, line, "row is not valid CSV (a stray quote or line break?)"))
            continue
        if not any(c.strip() for c in cells):
            continue
        row: Row = {}
        for key, value in zip(header, cells):
            if key and (key not in row or not row[key]):
                row[key] = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        card = Card(name="", source=source, line=line)
        fmt.fill(row, card)
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            card.warnings.append(f"row has {len(cells)} fields, the header {len(header)}: extra fields ignored")
        card.emails = [e for e in card.emails if e]
        bad = [e for e in card.emails if "@" not in e]
        if bad:
            card.warnings.append("email without '@' skipped: " + ", ".join(bad))
            card.emails = [e for e in card.emails if "@" in e]
        card.aliases = [a for a in card.aliases if a]
        reason = finish_card(card)
        if reason:
            problems.append(Problem(source, line, f"row skipped: {reason}"))
        else:
            cards.append(card)
    return ReadResult(cards=cards, problems=problems, kind=fmt.kind, encoding=encoding)


def sniff_is_csv_text(text: str) -> bool:
    """Cheap check used by dispatch: does any early row look like a known header?"""
    return _find_header(_lines(text[:20000])) is not None


__all__ = ["read_csv", "FORMATS", "expected_columns"]
