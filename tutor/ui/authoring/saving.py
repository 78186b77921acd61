"""Saving from the persona editor and leaving it.

Save waits for the check of the text as it is, refuses a text with problems (saying the first,
keeping the text), asks once before a built-in's copy becomes the user's own file, and writes
through ``save_persona`` in a thread (checked again there, written whole). Leaving asks first
when the text differs from what is on disk; the answer that is focused keeps the author editing.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from tutor.core.errors import TutorError
from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.core.personas.editing import Checked
    from tutor.ui.authoring.screen import PersonaEditorScreen


def problems_said(checked: Checked) -> str:
    """``2 problems — the first at line 4: unknown key …``."""
    count = len(checked.problems)
    first = checked.problems[0] if checked.problems else None
    where = f" — the first at line {first.line}: {first.message}" if first else ""
    return f"{count} problem{'s' * (count != 1)}{where}"


async def save(screen: PersonaEditorScreen) -> None:
    """Save the editor's text as the persona's file, or say why not."""
    from tutor.core.personas.saving import save_persona
    from tutor.ui.dialogs.confirm import ConfirmDialog

    checked = await screen.draft.settled()
    if not checked.ok:
        screen.notify(
            f"not saved — {problems_said(checked)}. Your text is kept: fix it and save again",
            severity="error",
            timeout=10,
        )
        return
    sheet = screen.sheet
    if sheet.origin == "built-in":
        question = (
            f"Save your own copy of the built-in '{sheet.persona_id}'? Your file {sheet.target} "
            "then replaces the built-in for you (delete it to get the built-in back)."
        )
        asked = ConfirmDialog(inert(question), yes="Save my copy")
        if not await screen.app.push_screen_wait(asked):
            return
    try:
        path = await asyncio.to_thread(
            save_persona, sheet.persona_id, checked.text, force=sheet.origin != "new"
        )
    except TutorError as error:  # problems found again, the id taken meanwhile, a disk error
        screen.notify(f"not saved — {error}", severity="error", timeout=10)
        return
    screen.baseline = checked.text
    screen.sheet = replace(sheet, origin="yours")
    screen.show_header()
    screen.notify(f"saved {path}", timeout=4)


def leave(screen: PersonaEditorScreen) -> None:
    """Back to the session screen, asking first if the changes would be lost."""
    from tutor.ui.dialogs.confirm import ConfirmDialog

    if screen.draft.text == screen.baseline:
        screen.app.pop_screen()
        return
    question = (
        f"Leave the editor? Your changes to '{screen.sheet.persona_id}' are not saved and "
        "will be lost."
    )

    def answered(go: bool | None) -> None:
        if go:
            screen.app.pop_screen()

    dialog = ConfirmDialog(inert(question), yes="Leave without saving", no="Keep editing")
    screen.app.push_screen(dialog, answered)
