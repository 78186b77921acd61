"""Making model output inert: control characters and escape sequences shown, never obeyed."""

from __future__ import annotations

import re

# C0 controls (but tab and newline) become their Unicode "control picture" (ESC → ␛),
# DEL becomes ␡, and C1 controls (which some terminals obey as escapes) become �.
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str) -> str:
    """The text with every control character except newline and tab made visible and harmless.

    A carriage return before a newline (Windows line ends) is dropped instead of shown.
    """
    if not has_controls(text):
        return text
    return text.replace("\r\n", "\n").translate(_TABLE)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a character ``inert`` would change (newline and tab are fine)."""
    return _UNSAFE.search(text) is not None
