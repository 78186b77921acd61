"""The sessions sidebar: newest first, each with its persona and date; Enter opens one."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.core.inert import inert
from tutor.ui.messages import MoreSessions, OpenSession, SessionAction

if TYPE_CHECKING:
    from tutor.core.store import SessionInfo

Clock = Callable[[], float]
DEFAULT_WIDTH = 30  # the sidebar's inner width before it is laid out
PAGE_SESSIONS = 500  # listed at first; the next page comes when the highlight reaches the end


def when(stamp: float, now: float) -> str:
    """A short local date: the time today, 'yesterday', the weekday this week, else the date."""
    then, today = datetime.fromtimestamp(stamp), datetime.fromtimestamp(now)
    days = (today.date() - then.date()).days
    if days == 0:
        return then.strftime("%H:%M")
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return then.strftime("%a")
    return then.strftime("%Y-%m-%d")


class SessionList(OptionList):
    """One option per stored session; its id is the session id."""

    # No printable key is a command here: letters typed while the list has focus go to the
    # composer (the screen sends them there), so typing can never rename or delete a session.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "act('rename')", "Rename", id="rename-session", tooltip="Rename"),
        Binding("delete", "act('delete')", "Delete", id="delete-session", tooltip="Delete"),
        Binding("f3", "act('export')", "Export", id="export-session", tooltip="Export"),
    ]

    def __init__(self, *, clock: Clock = time.time, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.sessions: list[SessionInfo] = []
        self.current: int | None = None
        self.wanted = PAGE_SESSIONS  # how many sessions to list
        self.more = False  # the store holds older ones than those listed

    def show(
        self, sessions: Sequence[SessionInfo], current: int | None, *, stay: bool = False
    ) -> None:
        """Replace the list (up to ``wanted`` of ``sessions``; one more says there are more),
        the highlight on the open session — or, with ``stay``, where it was."""
        self.more = len(sessions) > self.wanted
        self.sessions = list(sessions[: self.wanted])
        self.current = current
        now = self.clock()
        highlighted = self.highlighted
        self.set_options(self._option(s, now) for s in self.sessions)
        if stay and highlighted is not None and highlighted < len(self.sessions):
            self.highlighted = highlighted
        else:
            self.highlight_session(current)

    def highlight_session(self, session_id: int | None) -> None:
        self.current = session_id
        for index, info in enumerate(self.sessions):
            if info.id == session_id:
                self.highlighted = index
                return
        self.highlighted = None

    def _option(self, info: SessionInfo, now: float) -> Option:
        width = max(8, (self.scrollable_content_region.width or DEFAULT_WIDTH) - 2)
        title = Text(inert(info.title) or "(untitled)", style="bold")
        title.truncate(width, overflow="ellipsis")
        about = Text(f"{inert(info.persona)} · {when(info.updated_at, now)}", style="dim")
        about.truncate(width, overflow="ellipsis")
        return Option(Text("\n").join([title, about]), id=str(info.id))

    def selected_session(self) -> int | None:
        if self.highlighted is None or self.highlighted >= len(self.sessions):
            return None
        return self.sessions[self.highlighted].id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.more and event.option_index >= len(self.sessions) - 1:
            self.wanted += PAGE_SESSIONS
            self.post_message(MoreSessions())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(OpenSession(int(event.option.id)))

    def action_act(self, what: str) -> None:
        session_id = self.selected_session()
        if session_id is not None:
            self.post_message(SessionAction(what, session_id))
