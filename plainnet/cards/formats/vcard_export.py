"""Contacts out as vCard 4.0 (RFC 6350), for a phone's or mail client's address book.

- CRLF line ends; lines folded at 75 octets (never inside a UTF-8 sequence),
  continuation lines start with one space;
- TEXT values escaped (backslash, newline, comma, semicolon); URIs written as
  they are (only a backslash is doubled);
- UID stable per contact: the front matter's `uid` when it has one (or the
  Card's), else urn:uuid:<uuid5 of the normalised name>, so exporting again
  updates the contact in the address book instead of duplicating it;
- no PHOTO, no REV, nothing time-dependent: the same vault exports the same bytes.

Write the result with newline="" (or as .encode("utf-8")) to keep the CRLFs.
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any, Iterable

from .datefmt import parse_date
from .mapping import front_matter_to_card
from .model import Card

_NAMESPACE = uuid.UUID("5b1f3f4e-2b8c-4c39-9a36-6f1d4b0e7a11")  # plainnet's own; never change
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NO_YEAR = re.compile(r"^--(\d{2})-(\d{2})$")


def escape_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _uri(value: str) -> str:
    return " ".join(value.split()).replace("\\", "\\\\")


def fold(line: str) -> str:
    """Fold one content line at 75 octets; returns it with CRLF endings."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    out: list[str] = []
    limit = 75
    start = 0
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a UTF-8 sequence
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start = end
        limit = 74  # the leading space counts
    return "\r\n ".join(out) + "\r\n"


def stable_uid(name: str) -> str:
    key = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "plainnet:contact:" + key))


def _bday(value: str) -> str:
    if _ISO.match(value) and parse_date(value) == value:
        return "BDAY:" + value.replace("-", "")
    m = _NO_YEAR.match(value)
    if m and parse_date(value) == value:
        return f"BDAY:--{m[1]}{m[2]}"
    return "BDAY;VALUE=text:" + escape_text(value)


def card_to_vcard(card: Card) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//plainnet//plainnet//EN"]
    lines.append("UID:" + _uri(card.uid or stable_uid(card.name)))
    if card.company and card.name == card.company and not (card.given or card.family):
        lines.append("KIND:org")
    lines.append("FN:" + escape_text(card.name))
    lines.append(f"N:{escape_text(card.family)};{escape_text(card.given)};;;")
    for alias in card.aliases:
        lines.append("NICKNAME:" + escape_text(alias))
    if card.company:
        lines.append("ORG:" + escape_text(card.company))
    if card.role:
        lines.append("TITLE:" + escape_text(card.role))
    for i, email in enumerate(card.emails):
        lines.append(("EMAIL;PREF=1:" if i == 0 else "EMAIL:") + escape_text(email))
    for i, phone in enumerate(card.phones):
        lines.append(("TEL;VALUE=text;PREF=1:" if i == 0 else "TEL;VALUE=text:") + escape_text(phone))
    for address in card.addresses:
        lines.append("ADR:;;" + escape_text(address) + ";;;;")
    for url in card.urls:
        lines.append("URL:" + _uri(url))
    for social in card.socials:
        lines.append("X-SOCIALPROFILE:" + escape_text(social))
    if card.birthday:
        lines.append(_bday(card.birthday))
    if card.connected_on:
        lines.append("X-PLAINNET-CONNECTED-ON:" + escape_text(card.connected_on))
    if card.note:
        lines.append("NOTE:" + escape_text(card.note))
    lines.append("END:VCARD")
    return "".join(fold(ln) for ln in lines)


def cards_to_vcard(cards_or_front_matter: Iterable[Card | dict[str, Any]]) -> str:
    """One vCard 4.0 per contact. Each item is a Card or a contact's front matter
    (see mapping.front_matter_to_card; a "note" key, if the caller adds one, becomes NOTE).
    An item with no name, company or email raises ValueError."""
    out = []
    for item in cards_or_front_matter:
        card = item if isinstance(item, Card) else front_matter_to_card(item)
        if not card.name.strip():
            raise ValueError(f"cannot export a contact with no name, company or email: {item!r}")
        out.append(card_to_vcard(card))
    return "".join(out)
