"""Where the student writes: a multi-line TextArea in which Enter sends and Ctrl+J breaks a line."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from tutor.ui.widgets.composer_stand_in import PLACEHOLDER
from tutor.ui.widgets.measured_wrap import measured

if TYPE_CHECKING:
    from textual.document._wrapped_document import WrappedDocument

EDIT_PLACEHOLDER = "Edit your last message… (Enter sends it again, Esc keeps the old one)"


class Composer(TextArea):
    """The draft. It is cleared only once the message it held is safely in the store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="send", priority=True, tooltip="Send the message"),
        Binding(
            "ctrl+j,shift+enter",
            "newline",
            "New line",
            id="newline",
            show=False,
            tooltip="Start a new line in the message",
        ),
    ]

    class Submitted(Message):
        """The student pressed Enter on a draft that is not blank."""

        def __init__(self, composer: Composer, text: str, editing: bool) -> None:
            super().__init__()
            self.composer = composer
            self.text = text
            self.editing = editing

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=PLACEHOLDER,
            compact=True,
        )
        self.editing = False  # True while the newest student message is being edited
        self._saved_draft = ""

    @property
    def wrapped_document(self) -> WrappedDocument:
        """The wrapped text; its height is summed once per change (see measured_wrap)."""
        return self._measured_wrap

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        self._measured_wrap = measured(wrapped)

    def action_send(self) -> None:
        # Enter is a priority binding, so it is handled as it arrives, ahead of characters that
        # are still queued for this widget (typed in a burst, or by a terminal without
        # bracketed paste). Send from the widget's own queue, after those characters.
        self.call_later(self._send_now)

    def _send_now(self) -> None:
        if self.text.strip():
            self.post_message(self.Submitted(self, self.text, self.editing))

    def action_newline(self) -> None:
        self.insert("\n")

    def start_editing(self, text: str) -> None:
        """Put the newest student message in for editing; the draft waits aside."""
        if not self.editing:
            self._saved_draft = self.text
        self.editing = True
        self.placeholder = EDIT_PLACEHOLDER
        self.add_class("-editing")
        self.load_text(text)
        self.move_cursor(self.document.end)
        self.focus()

    def stop_editing(self) -> None:
        """Leave edit mode and bring the draft back."""
        if not self.editing:
            return
        self.editing = False
        self.placeholder = PLACEHOLDER
        self.remove_class("-editing")
        self.load_text(self._saved_draft)
        self.move_cursor(self.document.end)
        self._saved_draft = ""

    def sent(self, text: str) -> None:
        """The message is stored: clear the draft (unless the student already typed on)."""
        if self.editing:
            self.stop_editing()
        elif self.text == text:
            self.load_text("")

    def restore(self, draft: str) -> None:
        self.load_text(draft)
        self.move_cursor(self.document.end)
