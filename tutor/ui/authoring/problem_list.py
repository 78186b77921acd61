"""The problems of the text being edited, one line each (``line:col  what — what to do``);
picking one moves the editor's cursor there."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutor.core.errors import Problem
from tutor.core.inert import inert
from tutor.ui.messages import ProblemPicked

NONE_YET = "checking…"
NO_PROBLEMS = "no problems — this text can be saved"


def problem_line(problem: Problem) -> Text:
    """``12:3  unknown key 'systme' — did you mean 'system'?`` (the message made inert)."""
    where = f"{problem.line}:{problem.col}" if problem.line else "file"
    line = Text(f"{where:>7}  ", style="bold red")
    line.append(inert(problem.message))
    return line


class ProblemList(OptionList):
    """Every problem of the last check, in file order; Enter (or a click) jumps to it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Option(Text(NONE_YET, style="dim"), disabled=True), id=id)
        self.problems: list[Problem] = []

    def show(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.clear_options()
        if not self.problems:
            self.add_option(Option(Text(f"✓ {NO_PROBLEMS}", style="green"), disabled=True))
            self.set_class(False, "-problems")
            return
        self.add_options(Option(problem_line(p), id=str(i)) for i, p in enumerate(self.problems))
        self.set_class(True, "-problems")

    def on_focus(self) -> None:
        if self.highlighted is None and self.problems:
            self.highlighted = 0  # Enter jumps to the first problem at once

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            problem = self.problems[int(event.option.id)]
            self.post_message(ProblemPicked(problem.line, problem.col))
