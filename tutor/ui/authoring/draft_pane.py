"""The draft part: the YAML editor, its problems and its always-sent cost, checked as you type.

Each change restarts a short timer; when it fires, the text is checked in a thread (the
loader's own checks, on top of the other persona files) and, when tiktoken counts for this
model, counted there too. The result comes back as ``DraftChecked`` and is applied on the event
loop only if no newer text was typed meanwhile. A count by the server's own tokenizer is
awaited on the loop (a request, not work for the CPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tutor.core.errors import Problem, TutorError
from tutor.core.inert import inert
from tutor.ui.authoring.problem_list import ProblemList
from tutor.ui.authoring.yaml_editor import PersonaYaml
from tutor.ui.messages import DraftChecked

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.budget.persona_cost import PersonaCost
    from tutor.core.personas import Persona
    from tutor.core.personas.editing import Checked, PersonaChecker, PersonaSheet
    from tutor.core.tokens.counter import TokenCounter
    from tutor.ui.session.desk import Desk

CHECK_DELAY = 0.3  # seconds of quiet typing before the text is checked


def cost_line(cost: PersonaCost, model: str) -> Text:
    """``always sent: ≈412 tokens — system 300 · examples 80 · reminder 32 · counted for
    gpt-4o-mini (estimate)``: the model whose tokenizer counted, as ``personas show --model``."""
    line = Text("always sent: ", style="dim")
    line.append(f"{'' if cost.exact else '≈'}{cost.total:,} tokens", style="bold")
    line.append(
        f" — system {cost.system:,} · examples {cost.examples:,} · reminder {cost.reminder:,}"
    )
    kind = "exact" if cost.exact else "estimate"
    whose = f"counted for {inert(model)}" if model else "no model yet"
    line.append(f" · {whose} ({kind})", style="dim")
    return line


class DraftPane(Vertical):
    """Owns the text being edited and what the last check of it found."""

    def __init__(self, sheet: PersonaSheet) -> None:
        super().__init__(id="draft")
        self.sheet = sheet
        self.counter: TokenCounter | None = None
        self.model = ""
        self.generation = 0  # +1 at every change of the text
        self.applied = -1  # the generation whose check is shown
        self.latest: Checked | None = None
        self._checker: PersonaChecker | None = None
        self._lock = threading.Lock()  # one check at a time: they share the checker
        self._timer: Timer | None = None
        self._settled = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield PersonaYaml.make(self.sheet.text, id="yaml")
        yield ProblemList(id="problems")
        yield Static(Text("always sent: counting…", style="dim"), id="cost")

    @property
    def yaml(self) -> PersonaYaml:
        return self.query_one(PersonaYaml)

    @property
    def text(self) -> str:
        return self.yaml.text

    def on_mount(self) -> None:
        self.check_now()

    @work(exclusive=True, group="counter", exit_on_error=False)
    async def count_for(self, desk: Desk) -> None:
        """Count with the counter of ``desk``'s endpoint and model (its server's tokenizer if
        it has one), so the cost is what a session with this persona sends; then check again."""
        from tutor.core.tokens.counter import TiktokenCounter

        spec, conv = desk.spec, desk.conversation
        model = spec.model or "" if spec is not None else ""
        counter: TokenCounter = TiktokenCounter(model)
        if conv is not None:  # the server gone meanwhile: tiktoken's estimate still says much
            with contextlib.suppress(TutorError):
                counter = await conv.sizer.counter()
        self.counter, self.model = counter, model  # together: a count names its own model
        self.check_now()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self.yaml:
            return
        self.generation += 1
        self._settled.clear()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY, self.check_now)

    def check_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._check(self.generation, self.text, self.counter)

    async def settled(self) -> Checked:
        """The check of the text as it is now (checked at once if the timer is still
        waiting): what saving, the trial and a rehearsal use."""
        if self.applied != self.generation:
            if self._timer is not None:
                self.check_now()
            await self._settled.wait()
        assert self.latest is not None
        return self.latest

    @work(thread=True, group="check", exit_on_error=False)
    def _check(self, generation: int, text: str, counter: TokenCounter | None) -> None:
        from tutor.core.budget.persona_cost import persona_cost
        from tutor.core.personas.editing import Checked, PersonaChecker
        from tutor.core.tokens.counter import TiktokenCounter

        cost: PersonaCost | str | None = None
        with self._lock:
            try:
                if self._checker is None:
                    self._checker = PersonaChecker(self.sheet.target)
                checked = self._checker.check(text)
            except Exception as error:  # a bug: said as the one problem, never a hang
                why = f"the text could not be checked: {type(error).__name__}: {error}"
                checked = Checked(text, None, (Problem(str(self.sheet.target), 0, 0, why),))
            if checked.persona is not None and isinstance(counter, TiktokenCounter):
                try:
                    cost = asyncio.run(persona_cost(checked.persona, counter))
                except TutorError as error:
                    cost = f"always sent: cannot count — {error}"
        self.post_message(DraftChecked(generation, checked, cost))

    def on_draft_checked(self, message: DraftChecked) -> None:
        if message.generation != self.generation:
            message.stop()  # newer text was typed meanwhile: its own check follows
            return
        checked: Checked = message.checked
        self.applied, self.latest = message.generation, checked
        self.query_one(ProblemList).show(checked.problems)
        self.yaml.mark_lines(p.line for p in checked.problems)
        if checked.persona is None:
            self._say_cost(Text("always sent: counted once the problems are fixed", style="dim"))
        elif isinstance(message.cost, str):
            self._say_cost(Text(inert(message.cost), style="dim"))
        elif message.cost is not None:
            self._say_cost(cost_line(message.cost, self.model))
        elif self.counter is not None:
            self._count_here(message.generation, checked.persona)
        self._settled.set()

    @work(exclusive=True, group="cost", exit_on_error=False)
    async def _count_here(self, generation: int, persona: Persona) -> None:
        from tutor.core.budget.persona_cost import persona_cost

        assert self.counter is not None
        try:
            cost = await persona_cost(persona, self.counter)
        except TutorError as error:
            self._say_cost(Text(inert(f"always sent: cannot count — {error}"), style="dim"))
            return
        if generation == self.applied:
            self._say_cost(cost_line(cost, self.model))

    def _say_cost(self, line: Text) -> None:
        self.query_one("#cost", Static).update(line)

    def jump_to(self, line: int, col: int) -> None:
        self.yaml.jump_to(line, col)

    def next_problem(self) -> None:
        """Move to the first problem below the cursor (or the first one)."""
        problems = self.latest.problems if self.latest else ()
        if not problems:
            self.notify("no problems in this text", timeout=3)
            return
        row = self.yaml.cursor_location[0] + 1
        after = [p for p in problems if p.line > row]
        target = after[0] if after else problems[0]
        self.jump_to(target.line, target.col)
