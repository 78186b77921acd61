"""A run as the results table shows it (no Textual): per test the verdict and time; for sample
tests the input, the expected answer and what the code gave; hidden tests by name and
description only (and the pack's hint when one failed) — never their data."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tutor.core.inert import inert

if TYPE_CHECKING:
    from tutor.core.practice.problem import Case, Problem
    from tutor.core.store import RunRecord

CELL = 24  # characters of a value in a cell (the line under the table shows more)
DETAIL = 400  # characters of a value in the line under the table
COLUMNS = ("test", "verdict", "input", "expected", "got", "time")
VERDICT_STYLES = {"passed": "bold green"}


@dataclass(frozen=True)
class ResultRow:
    """One test's row, and the longer words shown under the table when it is highlighted."""

    name: str
    cells: tuple[Text, ...]
    detail: Text


def _cut(text: str, limit: int) -> str:
    text = inert(text.rstrip("\n")).replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _input_of(problem: Problem, case: Case) -> str:
    if case.input is not None:
        return case.input.decode("utf-8", "replace")
    args = ", ".join(json.dumps(a, ensure_ascii=False) for a in case.args or [])
    return f"{problem.entry_point('python')}({args})"


def _expected_of(case: Case) -> str:
    if case.answer is not None:
        return case.answer.decode("utf-8", "replace")
    return json.dumps(case.expected, ensure_ascii=False)


def verdict_text(verdict: str) -> Text:
    words = verdict.replace("_", " ")
    if verdict == "passed":
        return Text(f"✓ {words}", style="bold green")
    return Text(f"✗ {words}", style="bold red")


def result_rows(
    problem: Problem, record: RunRecord, cases: list[Case], printed: dict[str, str] | None = None
) -> list[ResultRow]:
    """The rows of ``record`` (a run as the store keeps it); ``printed`` is what the code
    printed per sample test, when the run was made here just now."""
    by_name = {c.name: c for c in cases}
    rows = []
    for result in record.results:
        name = str(result.get("name", ""))
        case = by_name.get(name)
        verdict = str(result.get("verdict", ""))
        seconds = result.get("seconds")
        when = Text(f"{seconds:.2f} s" if isinstance(seconds, int | float) else "-", style="dim")
        if case is not None and case.sample:
            rows.append(_sample_row(problem, case, result, verdict, when, printed or {}))
        else:
            rows.append(_hidden_row(name, case, verdict, when))
    return rows


def _sample_row(
    problem: Problem,
    case: Case,
    result: dict[str, Any],
    verdict: str,
    when: Text,
    printed: dict[str, str],
) -> ResultRow:
    given, wanted = _input_of(problem, case), _expected_of(case)
    got = str(result["got"]) if result.get("got") is not None else ""
    why = str(result.get("message") or "")
    at = f" (line {result['line']})" if result.get("line") else ""
    shown = got or (f"{why}{at}" if why else "")
    cells = (
        Text(inert(case.name)),
        verdict_text(verdict),
        Text(_cut(given, CELL)),
        Text(_cut(wanted, CELL)),
        Text(_cut(shown, CELL), style="" if verdict == "passed" else "red"),
        when,
    )
    detail = Text(f"sample {inert(case.name)}: ", style="bold")
    detail.append(f"input {_cut(given, DETAIL)} · expected {_cut(wanted, DETAIL)}")
    if got:
        detail.append(f" · got {_cut(got, DETAIL)}")
    if why:
        detail.append(f"\nwhy{at}: {_cut(why, DETAIL)}", style="red")
    if printed.get(case.name):
        detail.append(f"\nprinted: {_cut(printed[case.name], DETAIL)}", style="dim")
    if verdict != "passed" and case.hint:
        detail.append(f"\nhint: {_cut(case.hint, DETAIL)}", style="italic")
    return ResultRow(case.name, cells, detail)


def _hidden_row(name: str, case: Case | None, verdict: str, when: Text) -> ResultRow:
    about = case.description if case is not None and case.description else ""
    cells = (
        Text(inert(name)),
        verdict_text(verdict),
        Text(_cut(f"hidden{': ' + about if about else ''}", CELL), style="dim italic"),
        Text(""),
        Text(""),
        when,
    )
    detail = Text(f"hidden test {inert(name)}", style="bold")
    detail.append(f": {_cut(about, DETAIL)}" if about else "")
    detail.append(" — its input and answer are not shown", style="dim")
    if verdict != "passed" and case is not None and case.hint:
        detail.append(f"\nhint: {_cut(case.hint, DETAIL)}", style="italic")
    return ResultRow(name, cells, detail)


def summary(record: RunRecord, *, now: bool, first_solve: bool = False) -> Text:
    """``passed 3 of 4 tests · python · network cut`` (with when, for a run made earlier)."""
    line = Text()
    if record.compile_error:
        line.append("did not compile: ", style="bold red")
        line.append(_cut(record.compile_error.strip().splitlines()[0], DETAIL))
    else:
        style = "bold green" if record.all_passed else "bold red"
        line.append(f"passed {record.passed} of {record.total} tests", style=style)
    line.append(f" · {inert(record.language)}", style="dim")
    line.append(" · network cut" if record.network_cut else " · network NOT cut", style="dim")
    if not now:
        line.append(f" · your last run, {_ago(time.time() - record.at)}", style="dim")
    if first_solve:
        line.append("  solved — every test passes!", style="bold green")
    return line


def _ago(seconds: float) -> str:
    if seconds < 90:
        return "just now"
    if seconds < 5400:
        return f"{round(seconds / 60)} minutes ago"
    if seconds < 172800:
        return f"{round(seconds / 3600)} hours ago"
    return f"{round(seconds / 86400)} days ago"
