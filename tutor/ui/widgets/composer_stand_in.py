"""The composer's place in the first frame: looks like the empty composer and keeps what is typed.

A TextArea costs about as much to set up as the rest of the first frame together, so the first
frame shows this stand-in and the real ``Composer`` takes its place right after; anything typed
or pasted in between is handed over, so no key is lost. This module does not import the
composer (nor TextArea, ~8 ms to import): the placeholder text is kept here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import Static

from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.ui.widgets.composer import Composer

COMPOSER_PLACEHOLDER = "Ask the tutor… (Enter sends, Ctrl+J adds a line)"  # the composer's too


class ComposerStandIn(Static, can_focus=True):
    """Shows the placeholder, or what was typed so far; ``typed`` is handed to the composer."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(COMPOSER_PLACEHOLDER, style="dim"), id=id)
        self.typed = ""
        self.sent = False  # Enter was pressed: the composer sends once it takes over
        self.successor: Composer | None = None  # once set, keys still queued here go on to it

    def on_key(self, event: events.Key) -> None:
        if self.successor is not None:
            self._forward(event)
        elif event.is_printable and event.character:
            self._take(event.character)
        elif event.key in ("ctrl+j", "shift+enter"):
            self._take("\n")
        elif event.key == "enter" and self.typed.strip():
            self.sent = True
        else:
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        if self.successor is not None:
            self.successor.insert(event.text)
        else:
            self._take(event.text)

    def _forward(self, event: events.Key) -> None:
        """Keys that were queued here before the composer took focus: type them there."""
        assert self.successor is not None
        if event.is_printable and event.character:
            self.successor.insert(event.character)
        elif event.key in ("ctrl+j", "shift+enter"):
            self.successor.insert("\n")
        elif event.key == "enter":
            self.successor.action_send()

    def _take(self, text: str) -> None:
        self.typed += inert(text)  # as the composer keeps it: a pasted escape is shown, inert
        self.update(Text(self.typed))
