"""Outside text made safe for the screen: controls shown as symbols, never markup or an action.

Session titles, persona names and descriptions, model ids, server error bodies and file names
come from files, servers and other people. Every place that shows one takes it through here:
``plain`` gives Textual ``Content`` built from the text as it is (no markup parsed), ``escaped``
gives a markup string for the few APIs that only take markup (the palette's help line).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.markup import escape

from tutor.core.inert import inert


def plain(text: str, style: str = "") -> Content:
    """``text`` inert and literal: ``[@click=app.quit]`` stays those characters."""
    content = Content(inert(text))
    return content.stylize(style) if style else content


def escaped(text: str) -> str:
    """``text`` inert, with markup escaped, for an API that parses markup."""
    return escape(inert(text))


def highlighted(text: str, offsets: Sequence[int], style: str) -> Content:
    """``plain(text)`` with the characters at ``offsets`` (a fuzzy match) styled."""
    content = plain(text)
    safe = content.plain
    for offset in offsets:
        if offset < len(safe) and not safe[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
