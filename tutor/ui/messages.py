"""What widgets, dialogs and palette commands ask the main screen to do: small message classes.

Widgets never reach into the screen or the app; they post one of these and the screen acts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tutor.core.store import StoredMessage
    from tutor.ui.desk import Desk


class StoredSessionRead(Message):
    """The newest session, read from the store before anything else loads: show it now."""

    def __init__(self, session_id: int, messages: list[StoredMessage]) -> None:
        super().__init__()
        self.session_id = session_id
        self.messages = messages


class DeskOpened(Message):
    """The workspace is loaded (config, store, personas)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk


class DeskWarm(Message):
    """The slow imports (the SDK, Markdown rendering) are done; counting and sending are quick."""


class DeskFailed(Message):
    """The workspace could not be loaded; ``error`` says what is wrong and what to do (for a
    broken config, one line per problem, then one saying how to go on)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class OpenSession(Message):
    """Open a stored session (optionally scrolled to one of its messages)."""

    def __init__(self, session_id: int, message_id: int | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.message_id = message_id


class NewSession(Message):
    """Start a new session; with no persona the student picks one first."""

    def __init__(self, persona_id: str | None = None, variables: dict[str, Any] | None = None):
        super().__init__()
        self.persona_id = persona_id
        self.variables = variables


class SessionAction(Message):
    """Rename, delete or export a session (``what``: rename | delete | export-md | export-json)."""

    def __init__(self, what: str, session_id: int | None = None) -> None:
        super().__init__()
        self.what = what
        self.session_id = session_id


class UseModel(Message):
    """Switch the open session to another model (None: let the student pick one)."""

    def __init__(self, model: str | None = None) -> None:
        super().__init__()
        self.model = model


class RetryReply(Message):
    """Answer the newest student message again (after an error, or to get another reply)."""


class CopyText(Message):
    """Copy some text to the clipboard; ``what`` names it for the confirmation."""

    def __init__(self, text: str, what: str) -> None:
        super().__init__()
        self.text = text
        self.what = what


class MoreSessions(Message):
    """The sidebar's highlight reached its last session and the store has older ones."""


class PinMessage(Message):
    """Pin a stored message (sent with every request) or unpin it."""

    def __init__(self, message_id: int, pinned: bool) -> None:
        super().__init__()
        self.message_id = message_id
        self.pinned = pinned


class CopyCode(Message):
    """Copy a code block from a reply; the student picks one when there are several."""

    def __init__(self, blocks: list[str]) -> None:
        super().__init__()
        self.blocks = blocks


class SidebarToggled(Message):
    """The sidebar was shown or hidden (the app remembers it)."""

    def __init__(self, shown: bool) -> None:
        super().__init__()
        self.shown = shown
