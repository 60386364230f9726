"""Turning the bytes of an export into text without guessing wrong.

The order matters (real exports fail each other order):

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16 without a BOM only when the NUL bytes say so (about half of the bytes
   in even or odd positions are NUL, as in mostly-ASCII UTF-16 text). "Decodes
   without error as UTF-16" proves nothing: any even-length byte string does,
   and a Shift_JIS file then turns into CJK garbage;
3. strict UTF-8;
4. Shift_JIS (Microsoft's cp932) when it decodes strictly *and* the result looks
   Japanese (kana, or CJK ideographs where windows-1252 would give symbol soup);
5. windows-1252 (a superset of Latin-1's printable range; its five undefined
   bytes fall back to Latin-1).
"""
from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_UNDEFINED_1252 = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when data starts with a byte-order mark."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL pattern says so, else None."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / len(odd)
    if nul_odd > 0.3 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "utf-16-be"
    return None


def _cp1252(data: bytes) -> str:
    # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252: take them as Latin-1
    return data.decode("cp1252", errors="surrogateescape").translate(_UNDEFINED_1252)


def _looks_japanese(sjis_text: str, data: bytes) -> bool:
    if _KANA.search(sjis_text):
        return True
    ideographs = len(_CJK.findall(sjis_text))
    if ideographs < 2:
        return False
    # Ideographs only (a kanji-only name): believe it when windows-1252 reads the
    # same bytes as mostly non-letters, i.e. not as accented Latin words.
    latin = _cp1252(data)
    non_ascii = [c for c in latin if ord(c) > 127]
    if not non_ascii:
        return False
    symbols = sum(1 for c in non_ascii if not c.isalpha())
    return symbols / len(non_ascii) > 0.25


def guess_legacy(data: bytes) -> str:
    """The encoding of bytes that are not UTF-8: 'cp932' or 'cp1252'."""
    try:
        sjis = data.decode("cp932")
    except UnicodeDecodeError:
        return "cp1252"
    return "cp932" if _looks_japanese(sjis, data) else "cp1252"


def decode_legacy(data: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        return _cp1252(data)
    return data.decode(encoding, errors="replace")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for a whole file; never raises."""
    found = bom_encoding(data)
    if found:
        enc, n = found
        name = "utf-8" if enc == "utf-8-sig" else enc
        return data[n:].decode(enc.replace("-sig", ""), errors="replace"), name + " (BOM)"
    enc16 = utf16_without_bom(data)
    if enc16:
        return data.decode(enc16, errors="replace"), enc16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = guess_legacy(data)
    return decode_legacy(data, enc), enc + " (guessed)"


_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "iso-8859-1": "cp1252",  # what senders claiming Latin-1 almost always mean
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",  # a superset that forgives the stray 8-bit byte
    "ascii": "utf-8",
}


def codec_for(charset: str) -> str | None:
    """A Python codec for a MIME charset name, or None when unknown."""
    name = charset.strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
