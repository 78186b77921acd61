"""The rehearsal panel: the edited persona rehearsed from the editor, results as each case ends.

It runs what ``tutor personas test ID`` runs — the persona's own ``rehearsals:`` cases and the
rehearsal files naming it — against the session's endpoint and model, with the text as the
editor holds it. Each case says passed or failed; a failed one shows each assertion that
failed, what was found, and the reply that failed it. The run ends with its summary line and
is kept in the store like a run of the command (so ``--compare`` sees it).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tutor.core.inert import inert

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.personas import Persona
    from tutor.core.rehearsal.results import CaseResult, Summary
    from tutor.core.rehearsal.spec import Rehearsal
    from tutor.ui.session.desk import Desk

REPLY_LINES = 6  # of a failing reply, shown under its checks


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole}" + (f" ({part / whole:.0%})" if whole else "")


def summary_line(summary: Summary) -> str:
    """``summary: 2 of 3 cases passed (67%) · 5 of 7 checks passed (71%) · …``."""
    line = (
        f"summary: {_percent(summary.cases_passed, summary.cases)} cases passed · "
        f"{_percent(summary.checks_passed, summary.checks)} checks passed"
    )
    if summary.leak_checked_turns:
        line += f" · revealed in {_percent(summary.revealed_turns, summary.leak_checked_turns)}"
        line += " turns checked for a leak"
    return line + f" · {summary.tokens:,} tokens"


def case_text(result: CaseResult) -> Text:
    """One case: its verdict, then each failed check with the reply that failed it."""
    failed = [(t, c) for t in result.turns for c in t.checks if not c.passed]
    text = Text()
    if not failed:
        text.append("✓ passed  ", style="bold green")
        text.append(inert(result.case))
        return text
    text.append("✗ FAILED  ", style="bold red")
    text.append(inert(result.case))
    text.append(f"  ({len(failed)} of {len(result.checks)} checks)", style="dim")
    shown: set[int] = set()
    for turn, check in failed:
        text.append(f"\n  turn {turn.turn}: ", style="dim")
        text.append(inert(check.assertion), style="bold")
        text.append(" — " + inert(check.found))
        if turn.turn not in shown:
            shown.add(turn.turn)
            lines = turn.reply.splitlines() or [""]
            more = len(lines) > REPLY_LINES
            for line in lines[:REPLY_LINES]:
                text.append("\n    │ " + inert(line), style="italic")
            if more:
                text.append(f"\n    │ … {len(lines) - REPLY_LINES} more lines", style="dim")
    return text


class RehearsalPanel(Vertical):
    """Hidden until a run starts; ``Hide`` puts it away again (the results stay until the
    next run)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="rehearsal-bar"):
            yield Static(Text("Rehearsal", style="bold"), id="rehearsal-heading")
            yield Button("Hide", id="rehearsal-hide", compact=True)
        yield VerticalScroll(id="rehearsal-results")

    @property
    def running(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == "rehearsal")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "rehearsal-hide":
            self.display = False

    def say(self, text: str | Text, *, style: str = "") -> None:
        line = text if isinstance(text, Text) else Text(inert(text), style=style)
        results = self.query_one("#rehearsal-results", VerticalScroll)
        results.mount(Static(line, classes="rehearsal-line"))
        results.scroll_end(animate=False)

    @work(exclusive=True, group="rehearsal", exit_on_error=False)
    async def run(self, persona: Persona, source: str, desk: Desk) -> None:
        """Rehearse ``persona`` (the editor's text, read from ``source``) over ``desk``."""
        from tutor.core.errors import RehearsalError, TutorError
        from tutor.core.rehearsal.judge import Judge
        from tutor.core.rehearsal.play import Stage
        from tutor.core.rehearsal.rehearse import prepare, rehearse

        self.display = True
        await self.query_one("#rehearsal-results", VerticalScroll).remove_children()
        assert desk.spec is not None and desk.client is not None
        heading = f"Rehearsal of '{persona.id}' · {desk.spec.model or ''} at {desk.spec.name}"
        self.query_one("#rehearsal-heading", Static).update(Text(inert(heading), style="bold"))
        try:
            rehearsals = await self._chosen(persona, source)
            stage = Stage(
                persona, desk.client, Judge(desk.client), desk.spec.name, desk.workspace.facts
            )
            for rehearsal in rehearsals:
                prepare(rehearsal, stage)  # every problem before the first request
            for rehearsal in rehearsals:
                self.say(f"{rehearsal.key}: {len(rehearsal.cases)} cases", style="bold")
                ran = await rehearse(rehearsal, stage, on_case=lambda r: self.say(case_text(r)))
                store = desk.store
                run_id = await store.later(store.add_rehearsal_run, ran.record())
                style = "bold red" if ran.summary.failed else "bold green"
                self.say(f"{summary_line(ran.summary)} · kept as run {run_id}", style=style)
        except RehearsalError as error:
            for problem in error.problems:
                self.say(str(problem), style="red")
        except TutorError as error:
            self.say(f"stopped: {error}", style="red")

    async def _chosen(self, persona: Persona, source: str) -> list[Rehearsal]:
        """The persona's own cases, then the rehearsal files that name it."""
        from tutor.core.errors import UsageError
        from tutor.core.rehearsal import files

        found = []
        if persona.rehearsals:
            found.append(files.own_rehearsal(persona.id, source, persona.rehearsals))
        named, unreadable = await asyncio.to_thread(files.rehearsals_naming, persona.id)
        for problem in unreadable:
            self.say(f"skipped a broken rehearsal file: {problem}", style="yellow")
        found += named
        if not found:
            raise UsageError(
                f"persona '{persona.id}' has no rehearsals — add 'rehearsals:' cases to this "
                f"file, or a file in {files.user_rehearsals_dir()} with 'persona: {persona.id}'"
            )
        return found
