"""The statement pane: the problem's facts, the student's progress on it, its statement
(Markdown, in the student's language) and its sample tests — what the student may see, and
nothing hidden."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.core.inert import inert

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import ComposeResult

    from tutor.core.practice.problem import Case, Problem
    from tutor.core.store import ProblemProgress

PICK = "Pick a problem in the list (↑/↓ to read its statement here, Enter to start on it)."
MAX_SHOWN = 300  # characters of a sample's input or answer


def facts(problem: Problem, lang: str) -> Text:
    """``difficulty 2 · hashing · write pair_sum · 2 s per test · 256 MiB``."""
    parts = [f"difficulty {problem.difficulty or '-'}"]
    if problem.concepts:
        parts.append(", ".join(problem.concepts))
    if problem.kind == "function":
        parts.append(f"write {problem.entry_point('python')}")
    else:
        parts.append("reads stdin, prints the answer")
    parts.append(f"{problem.time_limit:g} s per test · {problem.memory_mib} MiB")
    line = Text(inert(" · ".join(parts)), style="dim")
    found = problem.statement_file(lang)
    if found and found[0] != lang:
        line.append(f"\n(no statement in '{lang}' — shown in '{inert(found[0])}')", style="yellow")
    return line


def spent(seconds: float) -> str:
    """``under a minute``, ``14 min``, ``2 h 05 min``."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def progress_line(progress: ProblemProgress | None) -> Text:
    """``you: 3 runs of 2 versions · best 3/4 tests · 2 hints (rung 2) · 14 min spent ·
    solved 2025-03-01 14:03`` — or that the problem is new to the student."""
    if progress is None:
        return Text("you: not started yet", style="dim")
    if progress.runs:
        versions = f"{progress.attempts} version{'s' * (progress.attempts != 1)}"
        parts = [f"{progress.runs} run{'s' * (progress.runs != 1)} of {versions}"]
        parts.append(f"best {progress.best_passed}/{progress.best_total} tests")
    else:
        parts = ["no run yet"]
    if progress.hints:
        noun = "hint" if progress.hints == 1 else "hints"
        parts.append(f"{progress.hints} {noun} (rung {progress.top_rung})")
    parts.append(f"{spent(progress.seconds_spent)} spent")
    line = Text("you: ", style="bold")
    line.append(" · ".join(parts))
    if progress.solved_at is not None:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(progress.solved_at))
        line.append(f" · solved {stamp}", style="green")
    return line


def _cut(text: str) -> str:
    text = text.rstrip("\n")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def sample_line(problem: Problem, case: Case) -> Text:
    """A sample test as the student may see it: the call and its value, or input → output."""
    line = Text(f"{inert(case.name)}: ", style="bold")
    if case.input is not None:
        given = inert(_cut(case.input.decode("utf-8", "replace")))
        wanted = inert(_cut((case.answer or b"").decode("utf-8", "replace")))
        line.append(f"input\n{given}\n", style="")
        line.append("expected output\n", style="bold")
        line.append(wanted)
        return line
    args = ", ".join(json.dumps(a, ensure_ascii=False) for a in case.args or [])
    call = f"{problem.entry_point('python')}({args})"
    line.append(inert(_cut(call)))
    line.append("  →  ", style="dim")
    line.append(inert(_cut(json.dumps(case.expected, ensure_ascii=False))))
    return line


class StatementPane(VerticalScroll):
    """Shows one problem's statement; scrolls on its own (it can be focused)."""

    def __init__(self) -> None:
        super().__init__(id="statement")

    def compose(self) -> ComposeResult:
        yield Static(id="statement-progress")
        yield Static(Text(PICK, style="dim"), id="statement-text")

    def show_progress(self, progress: ProblemProgress | None) -> None:
        """The student's runs, best result, hints, time and when it was solved."""
        self.query_one("#statement-progress", Static).update(progress_line(progress))

    def show(self, problem: Problem, lang: str, statement: str, cases: list[Case]) -> None:
        """``statement`` is the file's text (read in a thread); only sample ``cases`` are shown."""
        from tutor.ui.rendering.reply_markdown import reply_markdown

        dark = self.app.current_theme.dark
        parts: list[RenderableType] = [facts(problem, lang)]
        text = statement.strip() or "(this problem has no statement)"
        parts.append(reply_markdown(inert(text), dark=dark))
        samples = [c for c in cases if c.sample]
        if samples:
            parts.append(Text("Sample tests", style="bold underline"))
            parts += [sample_line(problem, c) for c in samples]
        hidden = sum(1 for c in cases if not c.sample)
        if hidden:
            noun = "test" if hidden == 1 else "tests"
            parts.append(Text(f"and {hidden} hidden {noun} (by name only)", style="dim"))
        self.query_one("#statement-text", Static).update(Group(*parts))
        self.scroll_home(animate=False)

    def say(self, text: str) -> None:
        self.query_one("#statement-progress", Static).update("")
        self.query_one("#statement-text", Static).update(Text(inert(text), style="dim"))
