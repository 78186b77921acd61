"""Choosing the model: the endpoint's list, or a name typed in (some servers list few or none)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.ui.session.screen import SessionScreen

TYPE_ONE = "\x00type"  # the choice that asks for a name


async def pick_model(screen: SessionScreen) -> str | None:
    """The model the student picks (or types), or None."""
    from tutor.core.errors import TutorError
    from tutor.ui.dialogs.choice import ChoiceDialog
    from tutor.ui.dialogs.text import TextDialog

    desk = screen.desk
    assert desk is not None and desk.spec is not None
    try:
        models = await desk.models(fresh=True)
    except TutorError as error:
        screen.notify(f"cannot list the models ({error}) — type a name instead", timeout=8)
        models = []
    choices = [(m, Text(inert(m))) for m in models]
    choices.append((TYPE_ONE, Text("Type a model name…", style="italic")))
    model = await screen.app.push_screen_wait(
        ChoiceDialog("Use which model?", choices, current=desk.spec.model)
    )
    if model == TYPE_ONE:
        model = await screen.app.push_screen_wait(
            TextDialog("Model name", desk.spec.model or "", hint="Enter uses it", select=True)
        )
    return model or None
