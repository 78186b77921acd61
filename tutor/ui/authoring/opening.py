"""Opening the persona editor from the session screen: a persona by id, or a new one (its id
asked first). The files are read in a thread; a persona that cannot be opened is one line."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tutor.core.errors import TutorError

if TYPE_CHECKING:
    from tutor.core.personas.editing import PersonaSheet
    from tutor.ui.session.desk import Desk
    from tutor.ui.session.screen import SessionScreen

NEW_TITLE = "New persona — its id (the file's name)"
NEW_HINT = "letters, digits, '-', '_' and '.'; Enter opens the editor, Esc cancels"


def id_problem(desk: Desk, persona_id: str) -> str | None:
    """Why ``persona_id`` cannot be a new persona's id, or None."""
    from tutor.core.personas.saving import check_id

    try:
        check_id(persona_id)
    except TutorError as error:
        return str(error)
    library = desk.workspace.personas
    if persona_id in library.personas or persona_id in library.broken_ids():
        return f"'{persona_id}' exists already — pick another id, or edit it from the palette"
    return None


async def open_editor(screen: SessionScreen, persona_id: str | None) -> None:
    """Open the editor on ``persona_id``, or ask for a new persona's id first."""
    from tutor.core.personas.editing import new_sheet, sheet_for
    from tutor.ui.dialogs.text import TextDialog

    desk = screen.desk
    if desk is None:
        screen.notify("still loading your personas…", timeout=3)
        return
    if persona_id is not None:
        try:
            sheet = await asyncio.to_thread(sheet_for, persona_id)
        except TutorError as error:
            screen.notify(str(error), severity="error", timeout=8)
            return
        show(screen, desk, sheet)
        return

    async def named(new_id: str | None) -> None:
        if new_id is None:
            return
        try:
            sheet = await asyncio.to_thread(new_sheet, new_id)
        except TutorError as error:
            screen.notify(str(error), severity="error", timeout=8)
            return
        show(screen, desk, sheet)

    dialog = TextDialog(NEW_TITLE, hint=NEW_HINT, check=lambda text: id_problem(desk, text))
    screen.app.push_screen(dialog, named)


def show(screen: SessionScreen, desk: Desk, sheet: PersonaSheet) -> None:
    from tutor.ui.authoring.screen import PersonaEditorScreen

    screen.app.push_screen(PersonaEditorScreen(sheet, desk))
