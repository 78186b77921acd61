"""Reaching the practice screen: from the session screen (F5, the palette's ``practice:``
entries) — and the palette's entries themselves, one per problem, titled in the student's
language."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.ui.practice.catalogue import Catalogue
    from tutor.ui.session.screen import SessionScreen

LIST_ENTRY = ("", "practice: list", "the problems, with filters and your progress")


def open_practice(screen: SessionScreen, problem_id: str | None, *, resume: bool) -> None:
    """Push the practice screen (on ``problem_id``, or the problem practised last)."""
    from tutor.ui.practice.screen import PracticeScreen

    if screen.desk is None:
        screen.notify("still loading your sessions…", timeout=3)
        return
    screen.app.push_screen(PracticeScreen(screen.desk, problem_id=problem_id, resume=resume))


def warm_up() -> None:
    """Import what the practice screen needs and load the Python grammar, so its first opening
    pays for neither. Safe to run in a thread."""
    import tutor.core.practice.coaching
    import tutor.core.practice.running
    import tutor.ui.practice.screen  # noqa: F401
    from tutor.ui.practice.grammar import grammar

    grammar("python")


def problem_entries(catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(problem id, entry, help) for the palette: the list first, then every problem."""
    entries = [LIST_ENTRY]
    for listed in catalogue.listed():
        problem = listed.problem
        facts = [f"difficulty {problem.difficulty or '-'}", *problem.concepts]
        if listed.status != "new":
            facts.append(f"{listed.mark} {listed.status}")
        entries.append((problem.id, f"practice: {listed.title}", " · ".join(facts)))
    return entries


async def palette_problems(screen: SessionScreen) -> list[tuple[str, str, str]]:
    """The palette's entries, read now (in a thread; the store on its own)."""
    from tutor.core.errors import TutorError
    from tutor.core.practice.problem import student_language
    from tutor.ui.practice.catalogue import Catalogue

    if screen.desk is None:
        return [LIST_ENTRY]
    lang = student_language(None, dict(os.environ))
    try:
        catalogue = await Catalogue.gather(screen.desk.store, lang)
    except TutorError:
        return [LIST_ENTRY]
    return problem_entries(catalogue)
