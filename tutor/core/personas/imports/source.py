"""Reading a file to import: its size and encoding checked, and the words for saying where."""

from __future__ import annotations

import bisect
import codecs
from pathlib import Path

from tutor.core.errors import PersonaImportError
from tutor.core.yamldoc.reader import MAX_BYTES


def too_large(label: str, size: int) -> PersonaImportError:
    """The error for a file of ``size`` bytes, more than any persona's file needs."""
    megabytes = f"{size / 1_000_000:.1f} MB"
    return PersonaImportError(
        label, f"the file is too large ({megabytes}); a persona's is far smaller"
    )


def read_bytes(path: Path, label: str, *, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; a missing, unreadable or too large file is one line."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise too_large(label, size)
        return path.read_bytes()
    except FileNotFoundError:
        raise PersonaImportError(label, "no such file or folder — check the path") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PersonaImportError(label, f"cannot read it: {reason}") from None


def decode(raw: bytes, label: str) -> str:
    """``raw`` as text: UTF-8 (a byte order mark is dropped) or UTF-16 with its byte order
    mark, as Windows editors save it. Line ends become ``\\n``."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise PersonaImportError(label, "broken UTF-16 text; save it as UTF-8") from None
    else:
        if b"\x00" in raw:
            line, col = byte_position(raw, raw.index(b"\x00"))
            message = "this is binary data (a NUL byte), not text — check the file"
            raise PersonaImportError(label, message, line, col)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, col = byte_position(raw, exc.start)
            message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
            raise PersonaImportError(label, message, line, col) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, label: str) -> str:
    """The file at ``path`` as text (see :func:`decode`)."""
    return decode(read_bytes(path, label), label)


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at ``offset``."""
    before = raw[:offset]
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def char_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


class Positions:
    """Line and column of any index in one text, found without rescanning the text each time."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        newline = text.find("\n")
        while newline >= 0:
            self.starts.append(newline + 1)
            newline = text.find("\n", newline + 1)

    def __call__(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def spot(label: str, line: int = 0, col: int = 0) -> str:
    """``file:line:col``, or the file alone when the position is not known."""
    return f"{label}:{line}:{col}" if line else label


def short(text: str, limit: int = 40) -> str:
    """``text`` quoted on one line, cut to about ``limit`` characters."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
