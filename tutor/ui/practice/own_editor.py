"""Open in $EDITOR: the work file in the student's own editor ($VISUAL, else $EDITOR) — in this
terminal, the app stepping aside until the editor closes, or, where the app cannot step aside,
as a program of its own. Either way the code pane reads the file back after each save."""

from __future__ import annotations

import asyncio
import subprocess
from typing import TYPE_CHECKING

from tutor.core.config.editor import editor_command
from tutor.core.errors import TutorError

if TYPE_CHECKING:
    from tutor.ui.practice.code_pane import CodePane

NO_EDITOR = "no editor to open: set $VISUAL or $EDITOR (e.g. EDITOR=nano) — or write here"


async def open_in_own_editor(pane: CodePane) -> None:
    """Open the pane's file in the student's editor; returns when the editor has closed."""
    from textual.app import SuspendNotSupported

    work = pane.work
    if work is None:
        pane.notify("pick a problem first: its file opens in your editor", timeout=4)
        return
    try:
        variable, command = editor_command()
    except TutorError as error:
        pane.notify(str(error), severity="warning", timeout=8)
        return
    if not command:
        pane.notify(NO_EDITOR, severity="warning", timeout=8)
        return
    await pane.flush()
    argv = [*command, str(work.path)]
    try:
        try:
            with pane.app.suspend():
                finished = subprocess.run(argv, check=False)
        except SuspendNotSupported:
            await _beside(pane, argv)
            return
    except FileNotFoundError:
        pane.notify(
            f"the editor '{command[0]}' (from ${variable}) was not found — fix ${variable}",
            severity="warning",
            timeout=8,
        )
        return
    except OSError as error:
        why = error.strerror or str(error)
        pane.notify(f"cannot start the editor '{command[0]}': {why}", severity="warning")
        return
    if finished.returncode != 0:
        pane.notify(f"the editor exited with status {finished.returncode}", timeout=6)
    pane.look()


async def _beside(pane: CodePane, argv: list[str]) -> None:
    """The app cannot be suspended here: run the editor beside it until it ends (the pane
    watches the file meanwhile)."""
    work = pane.work
    assert work is not None
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    pane.notify(f"{work.path.name} is open in {argv[0]} — each save shows here", timeout=6)
    await process.wait()
    pane.look()
