"""The hint key's first step (no Textual): which rung the student reaches now — open after a new
run or an edit since the last hint — and the hint card's words for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from tutor.core.inert import inert
from tutor.core.practice.hints import TOP_RUNG, read_hints
from tutor.core.practice.ladder import RUNGS, HintNotOpen, NextHint, next_hint

if TYPE_CHECKING:
    from tutor.core.practice.problem import Problem
    from tutor.core.practice.work import StudentCode
    from tutor.core.store import Store

NOT_OPEN = "the next rung opens after a new run or an edit"


@dataclass(frozen=True)
class Rung:
    """The rung reached, and what the student had done by then (kept with the hint)."""

    step: NextHint
    last_run_id: int | None
    code_hash: str | None


def reach(problem: Problem, store: Store, code: StudentCode | None, lang: str) -> Rung:
    """The next rung for the student now. Blocking (files and the store): call it in a thread.
    Raises HintNotOpen in the app's words, PackError for a broken hints.yaml."""
    given = store.hints_given(problem.id)
    top = max((h.rung for h in given), default=0)
    if top >= TOP_RUNG:
        raise HintNotOpen(
            f"you have had all {TOP_RUNG} hints for this problem — talk it through with the tutor"
        )
    run = store.latest_run(problem.id)
    code_hash = code.hash if code is not None else None
    try:
        step = next_hint(problem.id, read_hints(problem.folder), given, run, code_hash, lang)
    except HintNotOpen:
        rung = RUNGS[top + 1]
        raise HintNotOpen(
            f"{NOT_OPEN} — hint {rung.number} of {TOP_RUNG} ({rung.name(lang)}) is next: try"
            " what the last hint said, then run your code or change it"
        ) from None
    return Rung(step, run.id if run else None, code_hash)


def card(step: NextHint, lang: str) -> Text:
    """The hint card: ``hint 3 of 6 · the concept`` and the pack's text, or where the tutor's
    answer is for a rung it is asked for."""
    rung = step.rung
    text = Text(f"hint {rung.number} of {TOP_RUNG} · {rung.name(lang)}", style="bold")
    if step.text is not None:
        text.append("\n" + inert(step.text.strip()))
    else:
        text.append("\nasked of the tutor — its answer follows in the chat", style="dim")
    return text
