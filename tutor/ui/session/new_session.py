"""Starting a new session: the persona picker (with each one's always-sent cost), then any
variable the persona needs, asked one at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.ui.session.screen import SessionScreen


def pick_persona(screen: SessionScreen) -> None:
    from tutor.core.tokens import TiktokenCounter
    from tutor.ui.dialogs.persona_picker import PersonaPicker

    desk = screen.desk
    assert desk is not None and desk.spec is not None
    library = desk.workspace.personas
    personas = [library.personas[pid] for pid in library.ids()]
    counter = TiktokenCounter(desk.spec.model or "")
    problems = [str(p) for p in library.problems]
    picker = PersonaPicker(personas, problems, counter, current=desk.persona_id)

    async def picked(persona_id: str | None) -> None:
        if persona_id is not None:
            await start_with(screen, persona_id, {})

    screen.app.push_screen(picker, picked)


async def start_with(screen: SessionScreen, persona_id: str, variables: dict[str, Any]) -> None:
    """Open a new session with the persona, once every variable it needs is given."""
    from tutor.core.errors import TutorError
    from tutor.ui.dialogs.text import TextDialog

    desk = screen.desk
    assert desk is not None
    try:
        persona = desk.persona(persona_id)
    except TutorError as error:
        screen.notify(str(error), severity="error", timeout=8)
        return
    missing = [v for v in persona.required_variables() if v not in variables]
    if missing:
        name = missing[0]

        async def given(value: str | None) -> None:
            if value is not None:
                await start_with(screen, persona_id, {**variables, name: value})

        title = f"{persona.name} needs '{name}'"
        screen.app.push_screen(TextDialog(title, hint="Enter to start, Esc to cancel"), given)
        return
    try:
        await screen.open_session(None, persona_id=persona_id, variables=variables)
    except TutorError as error:
        screen.notify(str(error), severity="error", timeout=8)
    screen.chat.focus_composer()
