"""The reply while it streams: deltas gathered, drawn as Markdown a few times a second.

A model can send hundreds of deltas a second. ``ReplyStream.add`` only appends to a buffer; a
timer draws at most every ``DRAW_SECONDS`` — except the first words, drawn as soon as they
come. Drawing re-renders only the *tail*: text that ends on a blank line outside a code fence
is settled and moved into a finished segment (one Rich-rendered widget per ~``SEGMENT_CHARS``),
so each frame costs the tail, not the reply. The segments look exactly like the finished turn
that replaces them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Static

from tutor.core.inert import inert
from tutor.ui.rendering.kept_render import RichBlock

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType
    from rich.style import Style as RichStyle

    Drawing = tuple[int, RichStyle, list[Strip]]
    from textual.app import ComposeResult
    from textual.timer import Timer

DRAW_SECONDS = 0.02
SEGMENT_CHARS = 800
WAITING = "…"
CHECKING = "⋯ checking code…"  # a code block is held until the answer-leak guard has seen it
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class SettledText:
    """Finds where the streamed Markdown can be cut: after a blank line outside a fence."""

    def __init__(self) -> None:
        self.text = ""
        self.boundary = 0  # text[:boundary] ends on a blank line outside any fence
        self._scanned = 0  # start of the first line not scanned yet
        self._fence: str | None = None  # the open fence's marker, e.g. "```"

    def add(self, piece: str) -> None:
        self.text += piece
        while True:
            end = self.text.find("\n", self._scanned)
            if end < 0:
                return
            self._line(self.text[self._scanned : end], end + 1)
            self._scanned = end + 1

    def _line(self, line: str, after: int) -> None:
        fence = _FENCE.match(line)
        marker, rest = (fence.group(1), line[fence.end() :]) if fence else ("", "")
        if self._fence is None:
            if marker:
                self._fence = marker
            elif not line.strip():
                self.boundary = after
        elif marker[:1] == self._fence[0] and len(marker) >= len(self._fence) and not rest.strip():
            self._fence = None


class ReplyStream(Vertical):
    """One reply arriving: a status line (waiting, retrying), settled segments, the tail."""

    def __init__(self) -> None:
        super().__init__(classes="turn -tutor -streaming")
        self._pending: list[str] = []
        self._settled = SettledText()
        self._committed = 0  # text[:committed] is in segment widgets
        self._timer: Timer | None = None
        self._finished = False
        self._note: str | None = None  # the status line's notice, kept until it is composed
        self._held = False  # a code block is being checked
        self._due = False  # a flush is scheduled
        self._drawn = False  # some text has been handed to the screen
        self._on_drawn: list[Callable[[], object]] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(WAITING), classes="reply-status")
        yield RichBlock(classes="reply-tail")
        held = Static(Text(CHECKING, style="dim italic"), classes="reply-held")
        held.display = False
        yield held

    def hold(self, held: bool) -> None:
        """Show (or take away) the "checking code…" line where a held code block will go."""
        self._held = held
        self.flush()
        for line in self.query(".reply-held"):
            line.display = held

    @property
    def text(self) -> str:
        """Everything received so far, made inert (drawn or still buffered)."""
        return self._settled.text + "".join(self._pending)

    def add(self, text: str) -> None:
        """Take a delta (made inert here); it reaches the screen within DRAW_SECONDS."""
        if not text or self._finished:
            return
        self._pending.append(inert(text))
        if self._due:
            return
        if not self._drawn and self.is_mounted:  # the first words wait for nothing: the
            self.flush()  # student is waiting for them, and the next frame can show them
            return
        self._due = True
        if self._drawn:
            self._timer = self.set_timer(DRAW_SECONDS, self.flush)
        else:  # not mounted yet: its mount draws them (``on_mount``)
            self.call_later(self.flush)

    def replace(self, text: str) -> None:
        """Everything shown so far gives way to ``text`` (the guard withdrew the reply)."""
        if self._finished:
            return
        for part in list(self.query(".reply-part")):
            part.remove()
        self._settled, self._committed = SettledText(), 0
        self._pending = [inert(text)]
        if self.is_mounted:
            self.flush()

    def when_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` after the frame that first shows this reply's text (at once if
        that frame is past)."""
        if self._drawn:
            self.call_after_refresh(callback)
        else:
            self._on_drawn.append(callback)

    def note(self, text: str) -> None:
        """Show a notice (e.g. retrying) in the status line (once it is there: a notice may
        come before the widget has composed its parts)."""
        self._note = text
        found = self.query(".reply-status")
        if found:
            status = found.first(Static)
            status.update(Text(inert(text)))
            status.display = True

    def on_mount(self) -> None:
        if self._note is not None:
            self.note(self._note)
        if self._held:
            self.hold(True)  # flushes the first words too
        elif self._pending:  # the first words came with the mount: they go in its first frame
            self.flush()

    def flush(self) -> None:
        """Draw what has arrived: new settled segments, then the tail."""
        self._timer, self._due = None, False
        if not self._pending or not self.is_mounted:
            return
        self._settled.add("".join(self._pending))
        self._pending.clear()
        self.query_one(".reply-status", Static).display = False
        settled, text = self._settled.boundary, self._settled.text
        tail = self.query_one(".reply-tail", RichBlock)
        if settled - self._committed >= SEGMENT_CHARS:
            part = self._markdown(text[self._committed : settled])
            segment = RichBlock(part, classes="reply-part")
            self.mount(segment, before=tail)
            self._committed = settled
        tail.update(self._markdown(text[self._committed :]))
        self._drawn = True
        for callback in self._on_drawn:
            self.call_after_refresh(callback)
        self._on_drawn.clear()

    def _markdown(self, text: str) -> RenderableType:
        from tutor.ui.rendering.reply_markdown import reply_markdown

        return reply_markdown(text, dark=self.app.current_theme.dark)

    def drawing(self, text: str) -> Drawing | None:
        """The lines drawn, joined as one render of ``text`` would lay them out (for the
        finished turn, so a long reply is not rendered a second time when it ends); None
        unless exactly ``text`` has been drawn."""
        if self._pending or self._settled.text != text:
            return None
        blocks = list(self.query(RichBlock))
        keys = {block.kept.drawn for block in blocks if block.kept.drawn is not None}
        if not keys and blocks and blocks[-1].size.width:  # all of it came in one frame
            keys = {(blocks[-1].size.width, blocks[-1].visual_style.rich_style)}
        if len(keys) != 1:
            return None
        width, style = keys.pop()
        lines: list[Strip] = []
        for block in blocks:
            part = block.kept.lines(width, style)  # the tail may have changed since it was drawn
            if part and lines:
                lines.append(Strip([]))  # the blank line between blocks
            lines.extend(part)
        return width, style, lines

    def close(self) -> None:
        """Draw the rest now and take no more (before the finished turn replaces it)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.flush()
        self._finished = True
