"""The text chunks of a PNG file, where chat apps keep a character card (base64 JSON)."""

from __future__ import annotations

import base64
import binascii
import struct
import zlib

from tutor.core.errors import PersonaImportError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CARD_KEYWORDS = ("chara", "ccv3")  # V1/V2 cards, and V3 cards written beside them


def text_chunks(raw: bytes, label: str) -> dict[str, str]:
    """Each ``tEXt``, ``zTXt`` and ``iTXt`` chunk's keyword (lower case) and text."""
    found: dict[str, str] = {}
    at = len(SIGNATURE)
    while at + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[at : at + 8])
        data = raw[at + 8 : at + 8 + length]
        if len(data) < length:
            raise PersonaImportError(label, "the PNG file is cut short — get the card again")
        at += 12 + length
        if kind == b"IEND":
            break
        keyword, _, rest = data.partition(b"\x00")
        try:
            if kind == b"tEXt":
                text = rest.decode("latin-1")
            elif kind == b"zTXt":
                text = zlib.decompress(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":
                compressed, rest = rest[0], rest[2:]
                _language, _, rest = rest.partition(b"\x00")
                _translated, _, rest = rest.partition(b"\x00")
                text = (zlib.decompress(rest) if compressed else rest).decode("utf-8")
            else:
                continue
        except (zlib.error, UnicodeDecodeError, IndexError):
            continue
        found.setdefault(keyword.decode("latin-1").lower(), text)
    return found


def card_json(raw: bytes, label: str) -> str:
    """The character card JSON kept in a PNG: ``chara`` first (V2), else ``ccv3``."""
    chunks = text_chunks(raw, label)
    for keyword in CARD_KEYWORDS:
        if keyword in chunks:
            try:
                return base64.b64decode(chunks[keyword], validate=False).decode("utf-8")
            except (binascii.Error, ValueError):
                message = f"the PNG's '{keyword}' text is not a base64 character card"
                raise PersonaImportError(label, message) from None
    raise PersonaImportError(
        label, "this PNG holds no character card (no 'chara' text in it) — export the card as JSON"
    )
