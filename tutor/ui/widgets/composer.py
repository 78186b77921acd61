"""Where the student writes: a multi-line TextArea in which Enter sends and Ctrl+J breaks a line."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from tutor.core.inert import inert
from tutor.ui.widgets.composer_stand_in import COMPOSER_PLACEHOLDER
from tutor.ui.widgets.in_order import KeysInOrder, in_order
from tutor.ui.widgets.measured_wrap import measured

if TYPE_CHECKING:
    from textual.widgets.text_area import WrappedDocument

EDIT_PLACEHOLDER = "Edit your last message… (Enter sends it again, Esc keeps the old one)"


def _editing(keys: str, action: str, name: str) -> Binding:
    """One of TextArea's editing keys, with an id so the config's keymap can move it."""
    return Binding(keys, action, name, show=False, id="composer-" + name.replace(" ", "-"))


class Composer(KeysInOrder, TextArea, inherit_bindings=False):
    """The draft. It is cleared only once the message it held is safely in the store.

    Tab indents (students write code here). TextArea's editing keys are declared again with
    ids, so a keymap that gives one of them to an app action can take it from the composer;
    every one of them acts in the order the keys were typed (see ``in_order``).
    """

    BINDINGS: ClassVar[list[BindingType]] = in_order(
        [
            _editing("up", "cursor_up", "up"),
            _editing("down", "cursor_down", "down"),
            _editing("left", "cursor_left", "left"),
            _editing("right", "cursor_right", "right"),
            _editing("ctrl+left", "cursor_word_left", "word left"),
            _editing("ctrl+right", "cursor_word_right", "word right"),
            _editing("home,ctrl+a", "cursor_line_start", "line start"),
            _editing("end,ctrl+e", "cursor_line_end", "line end"),
            _editing("ctrl+shift+left", "cursor_word_left(True)", "select word left"),
            _editing("ctrl+shift+right", "cursor_word_right(True)", "select word right"),
            _editing("shift+home", "cursor_line_start(True)", "select to line start"),
            _editing("shift+end", "cursor_line_end(True)", "select to line end"),
            _editing("shift+up", "cursor_up(True)", "select up"),
            _editing("shift+down", "cursor_down(True)", "select down"),
            _editing("shift+left", "cursor_left(True)", "select left"),
            _editing("shift+right", "cursor_right(True)", "select right"),
            _editing("f6", "select_line", "select line"),
            _editing("f7", "select_all", "select all"),
            _editing("backspace", "delete_left", "delete left"),
            _editing("ctrl+w,ctrl+backspace,alt+backspace", "delete_word_left", "delete word left"),
            _editing("delete,ctrl+d", "delete_right", "delete right"),
            _editing("alt+delete", "delete_word_right", "delete word right"),
            _editing("ctrl+x,super+x", "cut", "cut"),
            _editing("ctrl+c,super+c", "copy", "copy"),
            _editing("ctrl+v", "paste", "paste"),
            _editing("ctrl+u,super+backspace", "delete_to_start_of_line", "delete to line start"),
            _editing("ctrl+k", "delete_to_end_of_line_or_delete_line", "delete to line end"),
            _editing("ctrl+shift+k", "delete_line", "delete line"),
            _editing("ctrl+z,super+z", "undo", "undo"),
            _editing("ctrl+y,super+y", "redo", "redo"),
            Binding("enter", "send", "Send", id="send", tooltip="Send the message"),
            Binding(
                "ctrl+j,shift+enter",
                "newline",
                "New line",
                id="newline",
                show=False,
                tooltip="Start a new line in the message",
            ),
        ]
    )

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
            tab_behavior="indent",
            show_line_numbers=False,
            placeholder=COMPOSER_PLACEHOLDER,
            compact=True,
        )
        self.editing = False  # True while the newest student message is being edited
        self._saved_draft = ""

    @property
    def wrapped_document(self) -> WrappedDocument:
        """The wrapped text; its height is summed once per change (see measured_wrap).
        TextArea sets this attribute whenever it makes a new one (a property here)."""
        return self._measured_wrap

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        self._measured_wrap = measured(wrapped)

    def action_send(self) -> None:
        # Runs in typing order (``in_order``): after the characters typed before Enter.
        if self.text.strip():
            self.post_message(self.Submitted(self, self.text, self.editing))

    def edit(self, edit: Edit) -> EditResult:
        """Every change (a paste, Ctrl+V of a copied reply) goes in inert: an escape sequence
        in pasted text is shown — and sent — as ``␛[…``, never passed to the terminal."""
        safe = inert(edit.text)
        if safe is not edit.text:
            edit = Edit(safe, edit.from_location, edit.to_location, edit.maintain_selection_offset)
        return super().edit(edit)

    def load_text(self, text: str) -> None:
        super().load_text(inert(text))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":  # TextArea would move the focus away: the screen's Esc acts
            event.prevent_default()

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
        self.placeholder = COMPOSER_PLACEHOLDER
        self.remove_class("-editing")
        self.load_text(self._saved_draft)
        self.move_cursor(self.document.end)
        self._saved_draft = ""

    def sent(self, text: str) -> None:
        """The message is stored: take it out of the draft. What the student typed after
        pressing Enter (a burst of keys, or typing on while it was being stored) stays."""
        if self.editing:
            self.stop_editing()
        elif self.text == text:
            self.load_text("")
        elif text and self.text.startswith(text):
            lines = text.split("\n")
            self.delete((0, 0), (len(lines) - 1, len(lines[-1])))

    def restore(self, draft: str) -> None:
        self.load_text(draft)
        self.move_cursor(self.document.end)
