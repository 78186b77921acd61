"""Opening a problem on the practice screen: its statement and tests, the student's work file,
the latest run and the practice session — read in threads, then shown in the panes. Reading a
statement while the highlight moves through the list (before a problem is open) too."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tutor.core.errors import TutorError
from tutor.core.practice.cases import find_cases

if TYPE_CHECKING:
    from tutor.ui.practice.screen import PracticeScreen

LIST_BESIDE_MIN_WIDTH = 120  # below this many columns the list steps aside once a problem is open


async def preview(screen: PracticeScreen, problem_id: str) -> None:
    """Show the statement of the highlighted problem (nothing is opened)."""
    catalogue = screen.catalogue
    problem = catalogue.library.problems.get(problem_id) if catalogue else None
    if problem is None:
        return
    statement = await asyncio.to_thread(problem.statement, screen.lang)
    cases, _ = await asyncio.to_thread(find_cases, problem)
    if screen.problem is None and screen.catalogue is not None:  # nothing opened meanwhile
        screen.statement.show(problem, screen.lang, statement, cases)
        screen.statement.show_progress(screen.catalogue.progress.get(problem_id))


async def open_problem(screen: PracticeScreen, problem_id: str) -> None:
    """Work on ``problem_id``: its file in the editor, its latest run, its practice session."""
    catalogue = screen.catalogue
    problem = catalogue.library.problems.get(problem_id) if catalogue else None
    if problem is None:
        screen.notify(f"no problem '{problem_id}' in your packs", severity="warning", timeout=6)
        return
    if screen.results.running or screen.chat.busy:
        what = "your code is running" if screen.results.running else "a reply is still coming"
        screen.notify(f"{what} — wait for it, then pick another problem", timeout=4)
        return
    await screen.code.flush()  # the file of the problem open until now
    store, lang = screen.desk.store, screen.lang
    try:
        from tutor.ui.practice.work_file import WorkFile

        work, code = await asyncio.to_thread(WorkFile.open, problem, store)
        statement = await asyncio.to_thread(problem.statement, lang)
        cases, trouble = await asyncio.to_thread(find_cases, problem)
        latest = await store.later(store.latest_run, problem.id)
    except TutorError as error:
        screen.notify(str(error), severity="error", timeout=10)
        return
    screen.problem, screen.cases = problem, cases
    screen.statement.show(problem, lang, statement, cases)
    screen.code.load(work, code)
    if latest is not None:
        screen.results.show(problem, cases, latest, now=False)
    else:
        screen.results.clear(problem.id)
    if trouble:
        more = f" (and {len(trouble) - 1} more)" if trouble[1:] else ""
        screen.notify(f"{trouble[0]}{more}", severity="warning", timeout=10)
    screen.catalogue_pane.highlight(problem.id)
    if screen.size.width < LIST_BESIDE_MIN_WIDTH:
        screen.catalogue_pane.display = False
    screen.code.editor.focus()
    screen.show_header()
    await asyncio.sleep(0.02)  # the problem is drawn before the session and the progress are read
    await screen.refresh_progress()
    try:
        await screen.chat.open(problem)
    except TutorError as error:
        screen.chat.meter.show_note(str(error))
