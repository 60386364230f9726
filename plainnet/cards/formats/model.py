"""The data the importers hand to the vault half: Card, Problem, ReadResult."""
from __future__ import annotations

import re
from dataclasses import dataclass, field


class ImportFormatError(ValueError):
    """The file is not a contacts export plainnet can read (e.g. a CSV with unknown columns)."""


@dataclass
class Card:
    """One person (or organisation) from any source: a vCard or a CSV row.

    Lists keep the source's order with the preferred value first and no
    duplicates (emails compared case-insensitively). Strings are stripped.
    """

    name: str
    given: str = ""
    family: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str = ""
    role: str = ""
    addresses: list[str] = field(default_factory=list)  # one line each, parts joined by ", "
    urls: list[str] = field(default_factory=list)
    socials: list[str] = field(default_factory=list)  # X-SOCIALPROFILE, IMPP, LinkedIn profile URL
    note: str = ""  # newlines kept as "\n"
    birthday: str = ""  # ISO YYYY-MM-DD, "--MM-DD" without a year, else the raw text
    connected_on: str = ""  # ISO date (LinkedIn "Connected On")
    aliases: list[str] = field(default_factory=list)  # NICKNAME, further FN values
    uid: str = ""  # the vCard UID when the source had one
    source: str = ""  # file name
    line: int = 0  # 1-based line where the card / row starts
    warnings: list[str] = field(default_factory=list)  # imported anyway, but something was odd


@dataclass
class Problem:
    """A card or row that could not be imported; the rest of the file still was."""

    source: str
    line: int
    message: str


@dataclass
class ReadResult:
    cards: list[Card]
    problems: list[Problem]
    kind: str  # "vcard", "linkedin", "google", "outlook", "thunderbird", "exchange", "csv"
    encoding: str = ""  # how the file's bytes were decoded (a guess when it had no BOM)


_WORDISH = re.compile(r"\w", re.UNICODE)


def meaningful(text: str) -> bool:
    """True when text holds at least one letter or digit ("..." and "-" do not count)."""
    return bool(text) and _WORDISH.search(text) is not None


def dedupe(values, *, casefold: bool = False) -> list[str]:
    """Strip, drop empties and repeats, keep the first spelling and the order."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        if v is None:
            continue
        v = str(v).strip()
        if not v:
            continue
        key = v.casefold() if casefold else v
        if key in seen:
            continue
        seen.add(key)
        out.append(v)
    return out


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def compose_name(given: str = "", middle: str = "", family: str = "", *, cjk_family_first: bool = False) -> str:
    """Display name from its parts: "Given Middle Family".

    cjk_family_first: for a vCard's N, whose parts are labelled, a Chinese,
    Japanese or Korean name is written family name first, as the phones that
    write such cards do in FN. CSV columns keep their order: people often type
    the family name into "First Name", and the column order is then what they
    meant to be read.
    """
    given, middle, family = given.strip(), middle.strip(), family.strip()
    if cjk_family_first and family and given and _CJK.search(family) and _CJK.search(given):
        parts = [family, given]
    else:
        parts = [given, middle, family]
    return " ".join(p for p in parts if p)


def finish_card(card: Card, *, nickname_fallback: bool = True) -> str | None:
    """Fill card.name from the fallbacks; return a reason when the card has no identity.

    Order: the source's display name, then given/family, then a nickname, then
    the company (an organisation-only card is named after the organisation, as
    Thunderbird does), then the first email address. A card with none of these
    (only a phone number, or nothing at all) is not imported.
    """
    card.emails = dedupe(card.emails, casefold=True)
    card.phones = dedupe(card.phones)
    card.addresses = dedupe(card.addresses)
    card.urls = dedupe(card.urls)
    card.socials = dedupe(card.socials)
    card.aliases = dedupe(card.aliases)
    for attr in ("name", "given", "family", "company", "role", "birthday", "connected_on", "uid"):
        setattr(card, attr, " ".join(getattr(card, attr).split()))
    card.note = card.note.strip()
    if not meaningful(card.name):
        card.name = compose_name(card.given, "", card.family)
    if not meaningful(card.name) and nickname_fallback and card.aliases:
        card.name = card.aliases[0]
    if not meaningful(card.name) and meaningful(card.company):
        card.name = card.company
    if not meaningful(card.name) and card.emails:
        card.name = card.emails[0]
    if not meaningful(card.name):
        card.name = ""
        what = []
        if card.phones:
            what.append("phone " + card.phones[0])
        if card.socials:
            what.append(card.socials[0])
        found = f" (only {', '.join(what)})" if what else ""
        return f"no name, organisation or email address{found}"
    card.aliases = [a for a in card.aliases if a.casefold() != card.name.casefold()]
    return None
