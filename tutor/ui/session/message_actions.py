"""What the student does with one message on screen: copy it, copy its code, pin it, step
between a reply's versions. Each takes the chat pane the message is shown in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.ui.session.chat import ChatPane


def copy_text(pane: ChatPane, text: str, what: str) -> None:
    pane.app.copy_to_clipboard(text)
    pane.notify(f"copied {what}", timeout=3)


def copy_code(pane: ChatPane, blocks: list[str]) -> None:
    """One block is copied at once; with several the student picks one."""
    from tutor.ui.dialogs.choice import ChoiceDialog

    if not blocks:
        pane.notify("that message has no code block", timeout=3)
    elif len(blocks) == 1:
        copy_text(pane, blocks[0], "the code block")
    else:
        choices = [(str(i), _code_label(i, b)) for i, b in enumerate(blocks)]

        def picked(key: str | None) -> None:
            if key is not None:
                copy_text(pane, blocks[int(key)], "the code block")

        pane.app.push_screen(ChoiceDialog("Copy which code block?", choices), picked)


def copy_reply(pane: ChatPane) -> None:
    """The focused message, else the newest reply."""
    from tutor.ui.widgets.turns import Turn

    focused = pane.screen.focused
    turn = focused if isinstance(focused, Turn) else pane.view.newest_reply()
    if turn is None:
        pane.notify("there is no reply to copy yet", timeout=3)
    else:
        turn.action_copy_text()


async def pin(pane: ChatPane, message_id: int, pinned: bool) -> None:
    """Pin (always sent, whatever the window) or unpin the message, and re-count."""
    from tutor.core.errors import TutorError

    conv = pane.conversation
    if conv is None or pane.busy:
        pane.notify("wait for the reply to end, then pin", timeout=3)
        return
    try:
        stored = await conv.pin(message_id, pinned)
    except TutorError as error:
        pane.notify(str(error), severity="error", timeout=6)
        return
    pane.view.redraw_message(stored)
    if stored.pinned:
        pane.notify("pinned — this message is sent with every request, however long", timeout=4)
    else:
        pane.notify("unpinned — it is sent only while the window holds it", timeout=4)
    pane.schedule_meter(0)


async def step_version(pane: ChatPane, message_id: int, step: int) -> None:
    """Show the reply's earlier (step -1) or later (+1) version; it is sent from now on."""
    from tutor.core.errors import TutorError

    conv = pane.conversation
    if conv is None or pane.busy:
        return
    try:
        versions = await conv.versions(message_id)
        ids = [v.id for v in versions]
        index = ids.index(message_id) + step
        if len(ids) < 2 or not 0 <= index < len(ids):
            where = "first" if step < 0 else "last"
            pane.notify(f"this is the {where} of its {len(ids)} version(s)", timeout=3)
            return
        await conv.use_version(ids[index])
    except TutorError as error:
        pane.notify(str(error), severity="error", timeout=6)
        return
    await pane.view.show(conv.history)
    pane.number_versions()
    pane.view.focus_message(ids[index])
    pane.notify(f"version {index + 1} of {len(ids)} — this one is sent from now on", timeout=4)
    pane.schedule_meter(0)


def _code_label(index: int, block: str) -> Text:
    first = next((line for line in block.splitlines() if line.strip()), "")
    lines = block.count("\n") + (0 if block.endswith("\n") else 1)
    label = Text(f"{index + 1}. ", style="bold")
    label.append(inert(first.strip())[:60])
    label.append(f"  ({lines} lines)", style="dim")
    return label
