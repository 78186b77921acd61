"""Finished messages on screen: one cheap widget each (Rich renders the Markdown in one piece).

A finished reply is never a tree of Markdown block widgets: long sessions stay fast to lay out
and to stream below. Every text shown here has been made inert first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Button, Static

from tutor.core.inert import inert
from tutor.ui.messages import CopyCode, CopyText, PinMessage, RetryReply, StepVersion
from tutor.ui.rendering.kept_render import KeptRender

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.store import StoredMessage
    from tutor.ui.widgets.reply_stream import Drawing

STATUS_NOTES = {
    "cancelled": "⏹ stopped — the reply so far is kept",
    "interrupted": "⚠ interrupted — the app closed before this reply finished",
}
OUTSIDE_NOTE = "left out to fit — the model does not see it now"
PINNED_NOTE = "⚑ pinned — sent with every request"
VERSION_NOTE = "version {} of {} — Alt+← / Alt+→ on this reply shows the others"


class Turn(Widget, can_focus=True):
    """One finished message: the student's as plain text, the tutor's as Markdown."""

    # No printable key is a command here: letters typed while a message has focus go to the
    # composer (the screen sends them there).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "copy_text", "Copy", id="copy-message", tooltip="Copy this message"),
        Binding("ctrl+k", "copy_code", "Copy code", id="copy-code", tooltip="Copy a code block"),
        Binding(
            "ctrl+t", "toggle_pin", "Pin", id="pin-message", tooltip="Always send this message"
        ),
        Binding("alt+left", "step_version(-1)", "Earlier version", id="earlier-version"),
        Binding("alt+right", "step_version(1)", "Later version", id="later-version"),
        Binding("up", "focus_turn(-1)", "Previous", show=False, id="previous-message"),
        Binding("down", "focus_turn(1)", "Next", show=False, id="next-message"),
    ]

    def __init__(
        self,
        message: StoredMessage,
        *,
        outside: bool = False,
        version: tuple[int, int] | None = None,
    ) -> None:
        role_class = "-student" if message.role == "user" else "-tutor"
        super().__init__(classes=f"turn {role_class}")
        self.message = message
        self.outside = outside
        self.version = version  # (its number, how many) when the reply has several versions
        self.set_class(outside, "-outside")
        self._visual: KeptRender | None = None
        self._dark: bool | None = None
        self._seed: Drawing | None = None

    @property
    def message_id(self) -> int:
        return self.message.id

    def set_outside(self, outside: bool) -> None:
        if outside != self.outside:
            self.outside = outside
            self.set_class(outside, "-outside")
            self.redraw()

    def set_version(self, version: tuple[int, int] | None) -> None:
        if version != self.version:
            self.version = version
            self._seed = None  # the streamed lines have no version line
            self.redraw()

    def show_message(self, message: StoredMessage) -> None:
        self.message = message
        self.redraw()

    def redraw(self) -> None:
        self._visual = None
        self._seed = None  # the streamed lines no longer match what is to be shown
        self.refresh(layout=True)

    def seed(self, drawing: Drawing) -> None:
        """Use lines the streamed reply already drew (only while nothing else is shown)."""
        self._seed = drawing

    def render(self) -> Visual:
        dark = self.app.current_theme.dark
        if self._visual is None or dark != self._dark:
            self._visual, self._dark = KeptRender(self, self._content()), dark
            plain = not (self.outside or self.message.pinned) and self.message.status == "complete"
            if self._seed is not None and plain:
                self._visual.seed(*self._seed)
            self._seed = None
        return self._visual

    def _content(self) -> RenderableType:
        parts: list[RenderableType] = []
        if self.outside:
            parts.append(Text(OUTSIDE_NOTE, style="dim italic"))
        if self.message.pinned:
            parts.append(Text(PINNED_NOTE, style="dim italic"))
        text = inert(self.message.content)
        if self.message.role == "user":
            parts.append(Text(text))
        else:
            if text:
                from tutor.ui.rendering.reply_markdown import reply_markdown

                parts.append(reply_markdown(text, dark=self.app.current_theme.dark))
            note = STATUS_NOTES.get(self.message.status)
            if note:
                parts.append(Text(note, style="dim italic"))
            if self.version and self.version[1] > 1:
                number, total = self.version
                parts.append(Text(VERSION_NOTE.format(number, total), style="dim italic"))
        return Group(*parts)

    def action_copy_text(self) -> None:
        who = "your message" if self.message.role == "user" else "the reply"
        self.post_message(CopyText(self.message.content, who))

    def action_copy_code(self) -> None:
        from tutor.ui.rendering.reply_markdown import code_blocks

        self.post_message(CopyCode(code_blocks(self.message.content)))

    def action_step_version(self, step: int) -> None:
        if self.message.role == "assistant":
            self.post_message(StepVersion(self.message.id, step))

    def action_toggle_pin(self) -> None:
        self.post_message(PinMessage(self.message.id, not self.message.pinned))

    def action_focus_turn(self, step: int) -> None:
        turns = [w for w in self.parent.children if w.focusable] if self.parent else []
        if self in turns:
            index = turns.index(self) + step
            if 0 <= index < len(turns):
                turns[index].focus()
                turns[index].scroll_visible(animate=False)


class Greeting(Widget):
    """The persona's greeting at the top of a new session (shown, never sent), as Markdown:
    the YAML's line breaks inside a paragraph flow with the width; a blank line parts two."""

    def __init__(self, text: str) -> None:
        super().__init__(classes="turn -tutor -greeting")
        self.text = text
        self._visual: KeptRender | None = None
        self._dark: bool | None = None

    def render(self) -> Visual:
        from tutor.ui.rendering.reply_markdown import reply_markdown

        dark = self.app.current_theme.dark
        if self._visual is None or dark != self._dark:
            markdown = reply_markdown(inert(self.text), dark=dark)
            self._visual, self._dark = KeptRender(self, markdown), dark
        return self._visual


class ErrorRow(Horizontal):
    """Where the reply would be: one line saying what went wrong and what to do, and Retry."""

    def __init__(self, error: str, *, message_id: int | None = None, retry: bool = True) -> None:
        super().__init__(classes="error-row")
        self.error = inert(error)
        self.message_id = message_id
        self.retry = retry

    def compose(self) -> ComposeResult:
        yield Static(Text("⚠ " + self.error), classes="error-text")
        if self.retry:
            yield Button("Retry", id="retry", variant="warning", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(RetryReply())


class NoticeLine(Static):
    """A note that is not an error (retrying, a learned window, a startup problem)."""

    def __init__(self, text: str) -> None:
        super().__init__(Text(inert(text)), classes="notice")
