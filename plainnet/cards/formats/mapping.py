"""Card <-> plainnet contact front matter.

| Card field            | front-matter key | notes                                               |
|-----------------------|------------------|-----------------------------------------------------|
| name                  | name             | always present                                      |
| aliases               | aliases          | list; nicknames and further FN values               |
| company               | company          |                                                     |
| role                  | role             | vCard TITLE (ROLE when no TITLE), LinkedIn Position |
| emails[0]             | email            | the preferred address                               |
| emails[1:]            | emails           | list of the *other* addresses                       |
| phones[0]             | phone            | preferred first; fax/pager numbers sort last        |
| phones[1:]            | phones           | list of the other numbers                           |
| addresses[0]          | address          | one line, parts joined by ", "                      |
| addresses[1:]         | addresses        | list of the other addresses                         |
| urls + socials        | links            | list; web pages first, then social/IM profiles      |
| birthday              | birthday         | ISO date, "--MM-DD", or the source's text           |
| connected_on          | connected_on     | ISO date (LinkedIn)                                 |
| note                  | (body)           | not front matter: write it into the note's body     |
| given, family         | (not kept)       | the name says it; the vCard export re-derives N     |
| uid, source, line,    | (not kept)       | provenance for reports                              |
| warnings              |                  |                                                     |

Empty values are left out, so merging into an existing note only ever adds keys.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from .model import _CJK, Card, compose_name, dedupe


def card_to_front_matter(card: Card) -> dict[str, Any]:
    fm: dict[str, Any] = {"name": card.name}
    if card.aliases:
        fm["aliases"] = list(card.aliases)
    for key in ("company", "role"):
        if getattr(card, key):
            fm[key] = getattr(card, key)
    for one, many, values in (
        ("email", "emails", card.emails),
        ("phone", "phones", card.phones),
        ("address", "addresses", card.addresses),
    ):
        if values:
            fm[one] = values[0]
        if len(values) > 1:
            fm[many] = list(values[1:])
    links = dedupe([*card.urls, *card.socials])
    if links:
        fm["links"] = links
    if card.birthday:
        fm["birthday"] = card.birthday
    if card.connected_on:
        fm["connected_on"] = card.connected_on
    return fm


def _scalar(value: Any) -> str:
    """Front matter as YAML loads it: dates become date objects, a wikilink an
    unquoted nested list, a number an int. Give back text, or '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if not (value.hour or value.minute) else value.isoformat(timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return _scalar(value[0]) if value else ""
    if isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return ""
    return str(value).strip()


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            if isinstance(v, (list, tuple, dict)):
                continue  # [[Jane Doe]] unquoted: a nested list, not a value
            s = _scalar(v)
            if s:
                out.append(s)
        return out
    s = _scalar(value)
    return [s] if s else []


def _is_link_target(text: str) -> bool:
    return not text.startswith("[[")  # a wikilink to a note is not something a phone can open


def front_matter_to_card(fm: dict[str, Any]) -> Card:
    """The inverse of card_to_front_matter, tolerant of what people write by hand
    (email as a list, dates as YAML dates, wikilinks in links)."""
    name = _scalar(fm.get("name")) or _scalar(fm.get("title"))
    company = _scalar(fm.get("company"))
    card = Card(
        name=name,
        company=company,
        role=_scalar(fm.get("role")),
        emails=dedupe([*_items(fm.get("email")), *_items(fm.get("emails"))], casefold=True),
        phones=dedupe([*_items(fm.get("phone")), *_items(fm.get("phones"))]),
        addresses=dedupe([*_items(fm.get("address")), *_items(fm.get("addresses"))]),
        urls=[u for u in dedupe(_items(fm.get("links"))) if _is_link_target(u)],
        aliases=dedupe(_items(fm.get("aliases"))),
        birthday=_scalar(fm.get("birthday")),
        connected_on=_scalar(fm.get("connected_on")),
        note=str(fm.get("note") or "").strip(),
        uid=_scalar(fm.get("uid")),
    )
    if not card.name:
        card.name = company or (card.emails[0] if card.emails else "")
    # N for phones that sort by family name: a guess from the name, never for an
    # organisation or an email-address name.
    words = card.name.split()
    if len(words) >= 2 and card.name != company and "@" not in card.name and not _CJK.search(card.name):
        card.given, card.family = " ".join(words[:-1]), words[-1]
        if compose_name(card.given, "", card.family) != card.name:
            card.given = card.family = ""
    return card
