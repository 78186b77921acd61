"""The tutor's pane on the practice screen: the session's chat pane on the problem's practice
session, with the practice brief attached to every request (refreshed before each turn and after
each run or save), and the hint card above it.

The brief holds the reference solution and the hidden tests: it goes to the model only, never
to the screen or the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static

from tutor.core.errors import TutorError
from tutor.core.inert import inert
from tutor.ui.messages import HintRecorded
from tutor.ui.session.chat import ChatPane

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.practice.ladder import NextHint
    from tutor.core.practice.problem import Problem
    from tutor.core.practice.work import StudentCode
    from tutor.ui.practice.practice_desk import PracticeDesk
    from tutor.ui.session.desk import Desk
    from tutor.ui.widgets.composer import Composer

COACH_NEEDS_SERVER = (
    "the tutor needs a model server — none answered yet (the session screen says why)"
)
PICK_FIRST = "pick a problem first: the tutor talks about the one you work on"
CodeNow = Callable[[], Awaitable["StudentCode | None"]]


class PracticeChat(ChatPane):
    """A chat about the open problem; ``code_now`` gives the student's code as it is now."""

    def __init__(self, code_now: CodeNow) -> None:
        super().__init__()
        self.code_now = code_now
        self.practice: PracticeDesk | None = None
        self.asked: NextHint | None = None  # the rung being asked of the tutor right now
        self.said: set[str] = set()  # the guard's notes already shown on this screen

    def compose(self) -> ComposeResult:
        yield Static(Text("Tutor", style="bold"), id="coach-heading")
        yield Static(id="hint-card")
        yield from super().compose()

    def on_mount(self) -> None:
        self.query_one("#hint-card").display = False

    def connect(self, desk: Desk, lang: str) -> None:
        """Talk over ``desk``'s endpoint and model (the session screen's)."""
        from tutor.ui.practice.practice_desk import PracticeDesk

        self.practice = PracticeDesk(desk, lang)
        self.desk = self.practice
        self.warm = True

    @property
    def problem(self) -> Problem | None:
        return self.practice.problem if self.practice else None

    async def open(self, problem: Problem) -> None:
        """Show the problem's practice session (a new one starts with the coach's greeting)."""
        practice = self.practice
        if practice is None:
            self.meter.show_note(COACH_NEEDS_SERVER)
            return
        self.query_one("#hint-card").display = False  # (the last problem's; a hint asked for
        # while this one opens stays)
        conv = await practice.open(problem)
        await practice.brief(await self.code_now())
        greeting = conv.rendered.greeting if conv.session.id == 0 else None
        await self.show(conv, greeting=greeting, drawn=False)
        name = Text(f"Tutor · {inert(conv.persona.name)}", style="bold")
        self.query_one("#coach-heading", Static).update(name)
        if practice.changed_note:
            self.view.notice(practice.changed_note)
        if practice.guard_note and practice.guard_note not in self.said:
            self.said.add(practice.guard_note)  # once: it holds for every problem here
            self.view.notice(practice.guard_note)
        if practice.warning:
            self.notify(practice.warning, severity="warning", timeout=10)
            practice.warning = None

    @work(exclusive=True, group="brief", exit_on_error=False)
    async def refresh_brief(self) -> None:
        """Build the brief again (the code or the latest run changed) and count it."""
        if self.practice is None or self.busy:
            return
        try:
            await self.practice.brief(await self.code_now(), self.asked)
        except TutorError as error:
            self.meter.show_note(str(error))
            return
        self.schedule_meter(0)

    # --- turns --------------------------------------------------------------------------

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        event.prevent_default()
        event.stop()
        if self.practice is None:
            self.notify(COACH_NEEDS_SERVER, severity="warning", timeout=6)
        elif self.problem is None:
            self.notify(PICK_FIRST, timeout=4)
        elif self.busy:  # queued: it comes back here, and is briefed, once the reply ends
            ChatPane.on_composer_submitted(self, event)
        else:
            self._send_briefed(event)

    @work(exclusive=True, group="practice-send", exit_on_error=False)
    async def _send_briefed(self, event: Composer.Submitted) -> None:
        """Send with the brief of the code as it is this moment (saved first)."""
        practice, problem = self.practice, self.problem
        assert practice is not None and problem is not None
        code = await self.code_now()
        practice.sending = event.text  # counted as the student's own code from now on
        try:
            await practice.brief(code)
            moments = [code.saved_at, time.time()] if code else []
            await practice.store.later(practice.store.note_practice, problem.id, moments)
        except TutorError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        ChatPane.on_composer_submitted(self, event)

    # --- hints ----------------------------------------------------------------------------

    @work(exclusive=True, group="hint", exit_on_error=False)
    async def hint(self) -> None:
        """Climb one rung: a rung the pack wrote is shown as written (no model call); any other
        is asked of the tutor, with that rung's instruction in the brief."""
        from tutor.ui.practice.hint_ladder import card, reach

        practice, problem = self.practice, self.problem
        if practice is None or problem is None:
            self.notify(PICK_FIRST if practice else COACH_NEEDS_SERVER, timeout=4)
            return
        if self.busy:
            self.notify("a reply is still coming — press Esc to stop it first", timeout=4)
            return
        store, lang = practice.store, practice.lang
        code = await self.code_now()
        shown = self.query_one("#hint-card", Static)
        try:
            rung = await asyncio.to_thread(reach, problem, store, code, lang)
        except TutorError as error:  # not open yet (said in the card, where hints appear)
            shown.update(Text(inert(str(error)), style="italic"))
            shown.display = True
            return
        step, moments = rung.step, [code.saved_at] if code else []
        if step.authored:
            await store.later(
                store.record_hint,
                problem.id,
                step.rung.number,
                "authored",
                last_run_id=rung.last_run_id,
                code_hash=rung.code_hash,
                moments=moments,
            )
            self.post_message(HintRecorded(problem.id))
            shown.update(card(step, lang))
            shown.display = True
            self.refresh_brief()
            return
        if practice.conversation is None:
            self.notify(COACH_NEEDS_SERVER, severity="warning", timeout=6)
            return
        self.asked = step  # a refresh of the brief meanwhile keeps the request for the rung
        await practice.brief(code, requested=step)
        shown.update(card(step, lang))
        shown.display = True
        try:
            with contextlib.suppress(Exception):  # a failed or stopped turn says so itself
                await self.run_turn("send", step.asking(lang)).wait()
        finally:
            self.asked = None
        conv = practice.conversation
        last = conv.history[-1] if conv and conv.history else None
        answered = last is not None and last.role == "assistant" and last.status == "complete"
        if conv is not None and answered:
            await store.later(
                store.record_hint,
                problem.id,
                step.rung.number,
                "asked",
                last_run_id=rung.last_run_id,
                code_hash=rung.code_hash,
                session_id=conv.session.id,
                moments=moments,
            )
            self.post_message(HintRecorded(problem.id))
        await practice.brief(code)  # the request for the rung is over
        self.schedule_meter(0)

    async def on_unmount(self) -> None:
        if self.practice is not None:
            await self.practice.aclose()
