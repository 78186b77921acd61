"""The conversation: finished turns as cheap widgets, the streaming reply, older turns on demand.

Only the newest ``PAGE`` messages are mounted when a session opens; scrolling to the top mounts
the page before, keeping the view where it was. The view follows a streaming reply until the
student scrolls up (Textual's anchor), and picks it up again when they scroll back down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from tutor.core.inert import inert
from tutor.ui.widgets.reply_stream import ReplyStream
from tutor.ui.widgets.turns import ErrorRow, Greeting, NoticeLine, Turn

if TYPE_CHECKING:
    from tutor.core.store import StoredMessage

PAGE = 16  # a screenful or two of turns; older ones load as the student scrolls up


class EarlierMarker(Static):
    """Says how many older messages are not mounted yet."""

    def show_count(self, count: int) -> None:
        noun = "message" if count == 1 else "messages"
        self.update(Text(f"↑ {count} earlier {noun} — scroll up to see them", style="dim"))


class Spacer(Static):
    """Fills the view above a short conversation, so it sits at the bottom, by the composer
    (and the view never has less content than height, which Textual's anchor mishandles)."""


class ConversationView(VerticalScroll, can_focus=False):
    """The turns of the open session."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._messages: Sequence[StoredMessage] = ()
        self._versions: dict[int, tuple[int, int]] = {}  # reply id → (its number, how many)
        self._start = 0  # index in _messages of the oldest mounted message
        self._outside: set[int] = set()
        self._loading = False

    # --- filling ----------------------------------------------------------------------

    async def show(self, messages: Sequence[StoredMessage], *, greeting: str | None = None) -> None:
        """Replace everything with the newest page of ``messages`` (and a greeting if new).

        ``messages`` is the conversation's own history, read, never copied or changed here:
        the conversation adds to it and the turn's events tell the view what to draw.
        """
        self._messages = messages
        self._start = max(0, len(self._messages) - PAGE)
        widgets: list[Widget] = [Spacer()]
        if self._start:
            marker = EarlierMarker(classes="earlier")
            marker.show_count(self._start)
            widgets.append(marker)
        elif greeting:
            widgets.append(Greeting(greeting))
        widgets += self._widgets_for(self._messages[self._start :])
        self.anchor()  # before mounting: the first frame that has the turns shows their end
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(widgets)
        self.call_after_refresh(self.anchor)  # again once laid out: ends a scroll-up hold

    def _widgets_for(self, messages: Sequence[StoredMessage]) -> list[Widget]:
        last_id = self._messages[-1].id if self._messages else None
        widgets: list[Widget] = []
        for message in messages:
            widgets += self.widgets_for(message, last=message.id == last_id)
        return widgets

    def widgets_for(self, message: StoredMessage, *, last: bool) -> list[Widget]:
        """A finished message as widgets: its turn, and an error row for a failed reply."""
        widgets: list[Widget] = []
        if message.content or message.status != "error":
            version = self._versions.get(message.id)
            widgets.append(Turn(message, outside=message.id in self._outside, version=version))
        if message.status == "error":
            error = message.error or "the reply failed"
            widgets.append(ErrorRow(error, message_id=message.id, retry=last))
        return widgets

    def notice(self, text: str) -> None:
        self.mount(NoticeLine(text))

    # --- a turn in progress -----------------------------------------------------------

    def adopt(self, messages: Sequence[StoredMessage]) -> None:
        """The conversation's history, equal to what is shown (read from the store early)."""
        self._messages = messages

    def add_student(self, message: StoredMessage) -> None:
        self._drop_retry_buttons()
        self.mount(Turn(message))
        self.call_after_refresh(self.anchor)

    def begin_reply(self) -> ReplyStream:
        reply = ReplyStream()
        self.mount(reply)
        self.call_after_refresh(self.anchor)
        return reply

    async def end_reply(
        self, reply: ReplyStream, message: StoredMessage | None, error: str | None = None
    ) -> None:
        """Swap the streaming widget for the finished message's cheap one (plus any error)."""
        reply.close()
        widgets: list[Widget] = []
        if message is not None and message.status != "replaced":
            widgets = self.widgets_for(message, last=True)
            drawing = reply.drawing(inert(message.content))
            if drawing is not None and widgets and isinstance(widgets[0], Turn):
                widgets[0].seed(drawing)
        if error and not any(isinstance(w, ErrorRow) for w in widgets):
            widgets.append(ErrorRow(error, message_id=message.id if message else None))
        with self.app.batch_update():
            if widgets:
                await self.mount_all(widgets, before=reply)
            await reply.remove()

    def answering_again(self, message_ids: Iterable[int]) -> None:
        """The replies being answered again stay shown, dimmed, until the new one is complete;
        their error rows go (the new attempt has its own)."""
        ids = set(message_ids)
        for turn in self.query(Turn):
            turn.set_class(turn.message_id in ids, "-superseded")
        for row in self.query(ErrorRow):
            if row.message_id in ids:
                row.remove()

    def answered_again(self, replaced: Iterable[int], message: StoredMessage, count: int) -> None:
        """The new reply is complete (the newest of ``count`` versions): the versions it
        replaced leave the screen."""
        gone = set(replaced)
        for child in list(self.children):
            if isinstance(child, Turn | ErrorRow) and child.message_id in gone:
                child.remove()
        self.set_versions(self._versions | {message.id: (count, count)})

    def kept_old_reply(self) -> None:
        """The new attempt failed or was stopped: the replies it was to replace stay."""
        for turn in self.query(Turn):
            turn.set_class(False, "-superseded")

    def set_versions(self, versions: dict[int, tuple[int, int]]) -> None:
        """Which replies have several versions (id → its number, how many), shown on them."""
        self._versions = versions
        for turn in self.query(Turn):
            turn.set_version(versions.get(turn.message_id))

    def redraw_message(self, message: StoredMessage) -> None:
        """Show a message's new state (edited, pinned, grown elsewhere)."""
        for turn in self.query(Turn):
            if turn.message_id == message.id:
                turn.show_message(message)

    def focus_message(self, message_id: int) -> None:
        for turn in self.query(Turn):
            if turn.message_id == message_id:
                turn.focus()

    def _drop_retry_buttons(self) -> None:
        for row in self.query(ErrorRow):
            row.query("#retry").remove()

    # --- the window -------------------------------------------------------------------

    def mark_outside(self, message_ids: Iterable[int]) -> None:
        """Mark the messages the next request will not send (and unmark the others)."""
        self._outside = set(message_ids)
        for turn in self.query(Turn):
            turn.set_outside(turn.message_id in self._outside)

    # --- older pages ------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value <= 0 < self._start and not self._loading and self.max_scroll_y > 0:
            self._loading = True
            self.call_later(self.load_older)

    async def load_older(self) -> None:
        """Mount the page before the oldest mounted message, keeping the view in place."""
        try:
            if not self._start:
                return
            self.release_anchor()  # reading old turns: do not jump to the end meanwhile
            start = max(0, self._start - PAGE)
            widgets = self._widgets_for(self._messages[start : self._start])
            markers = list(self.query_children(EarlierMarker))
            marker = markers[0] if markers else None
            at = self.children.index(marker) + 1 if marker is not None else 1
            kept = self.children[at] if at < len(self.children) else None
            above = kept.virtual_region.y - self.scroll_y if kept is not None else 0
            await self.mount_all(widgets, before=at)
            self._start = start
            if marker is not None:
                if start:
                    marker.show_count(start)
                else:
                    await marker.remove()
            if kept is not None:
                self.call_after_refresh(self._keep_place, kept, above)
        finally:
            self._loading = False

    def _keep_place(self, kept: Widget, above: int) -> None:
        """Scroll so ``kept`` is as far from the top as it was before the page went in."""
        self.scroll_to(y=kept.virtual_region.y - above, animate=False, immediate=True)

    async def reveal(self, message_id: int) -> None:
        """Mount pages until ``message_id`` is on screen, then scroll to it and focus it."""
        while self._start and all(m.id != message_id for m in self._messages[self._start :]):
            self._loading = True
            await self.load_older()
        for turn in self.query(Turn):
            if turn.message_id == message_id:
                self.release_anchor()
                self.call_after_refresh(turn.scroll_visible, animate=False, top=True)
                turn.focus(scroll_visible=False)
                return

    @property
    def messages(self) -> Sequence[StoredMessage]:
        return self._messages

    def newest_reply(self) -> Turn | None:
        turns = [t for t in self.query(Turn) if t.message.role == "assistant"]
        return turns[-1] if turns else None
