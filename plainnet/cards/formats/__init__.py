"""Reading contact exports (vCard, CSV) into Cards, and Cards back out as vCard.

This is the parsing half of `plainnet import` / `plainnet export vcf`; the
vault half (dedupe, merge, writing notes) builds on:

    read_file(path) -> ReadResult(cards, problems, kind, encoding)
    card_to_front_matter(card) -> dict      # see mapping.py for the key table
    front_matter_to_card(front_matter) -> Card
    cards_to_vcard([Card | front-matter dict, ...]) -> str   # vCard 4.0, CRLF

A malformed card or row becomes a Problem (file, line, message) and the rest
of the file still comes through; a CSV whose header matches no known export
raises ImportFormatError naming the columns that were expected.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .csvfile import FORMATS, expected_columns, read_csv, sniff_is_csv_text
from .mapping import card_to_front_matter, front_matter_to_card
from .model import Card, ImportFormatError, Problem, ReadResult
from .textdecode import decode_bytes
from .vcard import read_vcard
from .vcard_export import cards_to_vcard, stable_uid

__all__ = [
    "Card",
    "Problem",
    "ReadResult",
    "ImportFormatError",
    "read_file",
    "read_data",
    "card_to_front_matter",
    "front_matter_to_card",
    "cards_to_vcard",
    "stable_uid",
    "expected_columns",
    "FORMATS",
]

_VCARD_EXTENSIONS = {".vcf", ".vcard"}
_BEGIN = re.compile(r"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _looks_like_vcard(text: str) -> bool:
    for line in text[:4096].splitlines():
        if line.strip():
            return bool(_BEGIN.match(line.strip()))
    return False


def read_data(data: bytes, name: str = "<data>") -> ReadResult:
    """Read an export from its bytes; `name` is used for dispatch by extension
    and as Card.source / Problem.source."""
    source = os.path.basename(name)
    ext = Path(name).suffix.lower()
    text, encoding = decode_bytes(data)
    text = text.lstrip("\ufeff")
    if _looks_like_vcard(text):
        return read_vcard(data, source)
    if ext in _VCARD_EXTENSIONS:
        if _BEGIN.search(text) or not text.strip():
            return read_vcard(data, source)
        if sniff_is_csv_text(text):  # a CSV export saved under the wrong name
            return read_csv(text, source, encoding)
        raise ImportFormatError(f"{source}: no BEGIN:VCARD line, so not a vCard file")
    if ext not in (".csv", ".tsv", ".txt", "") and _BEGIN.search(text):
        return read_vcard(data, source)
    if "\x00" in text:
        raise ImportFormatError(f"{source}: binary data, not a vCard or CSV contacts export")
    return read_csv(text, source, encoding)


def read_file(path: str | os.PathLike) -> ReadResult:
    """Read a .vcf or .csv contacts export. Dispatch is by content (a first line
    BEGIN:VCARD) and extension (.vcf/.vcard); anything else is read as CSV."""
    p = Path(path)
    return read_data(p.read_bytes(), str(p))
