"""What the student does with one message on screen: copy it, copy its code, pin it."""

from __future__ import annotations

from rich.text import Text

from tutor.core.inert import inert
from tutor.ui.screen_parts import ScreenParts
from tutor.ui.session.messages import CopyCode, CopyText, PinMessage


class MessageTasks(ScreenParts):
    """Copying and pinning the messages of the open session."""

    def on_copy_text(self, message: CopyText) -> None:
        self.app.copy_to_clipboard(message.text)
        self.notify(f"copied {message.what}", timeout=3)

    def on_copy_code(self, message: CopyCode) -> None:
        from tutor.ui.dialogs.choice import ChoiceDialog

        blocks = message.blocks
        if not blocks:
            self.notify("that message has no code block", timeout=3)
        elif len(blocks) == 1:
            self.on_copy_text(CopyText(blocks[0], "the code block"))
        else:
            choices = [(str(i), _code_label(i, b)) for i, b in enumerate(blocks)]

            def picked(key: str | None) -> None:
                if key is not None:
                    self.on_copy_text(CopyText(blocks[int(key)], "the code block"))

            self.app.push_screen(ChoiceDialog("Copy which code block?", choices), picked)

    def action_copy_reply(self) -> None:
        from tutor.ui.widgets.turns import Turn

        focused = self.focused if isinstance(self.focused, Turn) else self.view.newest_reply()
        if focused is None:
            self.notify("there is no reply to copy yet", timeout=3)
        else:
            focused.action_copy_text()

    # --- pinning ------------------------------------------------------------------------

    async def on_pin_message(self, message: PinMessage) -> None:
        """Pin (always sent, whatever the window) or unpin the message, and re-count."""
        from tutor.core.errors import TutorError
        from tutor.ui.widgets.turns import Turn

        conv = self.conversation
        if conv is None or self.turn_running:
            self.notify("wait for the reply to end, then pin", timeout=3)
            return
        try:
            stored = await conv.pin(message.message_id, message.pinned)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=6)
            return
        for turn in self.query(Turn):
            if turn.message_id == stored.id:
                turn.show_message(stored)
        if stored.pinned:
            self.notify("pinned — this message is sent with every request, however long", timeout=4)
        else:
            self.notify("unpinned — it is sent only while the window holds it", timeout=4)
        self.schedule_meter(0)


def _code_label(index: int, block: str) -> Text:
    first = next((line for line in block.splitlines() if line.strip()), "")
    lines = block.count("\n") + (0 if block.endswith("\n") else 1)
    label = Text(f"{index + 1}. ", style="bold")
    label.append(inert(first.strip())[:60])
    label.append(f"  ({lines} lines)", style="dim")
    return label
