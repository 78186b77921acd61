"""The results pane: the run key's work — the student's code run against every test in a thread,
the run kept in the store (``record_run``), and its results as a table; the latest run is shown
when a problem opens. Reports ``RunRecorded``."""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tutor.core.errors import TutorError
from tutor.core.inert import inert
from tutor.ui.messages import RunRecorded
from tutor.ui.practice.results_table import COLUMNS, ResultRow, result_rows, summary

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.core.practice.problem import Case, Problem
    from tutor.core.practice.runner import RunResult
    from tutor.core.practice.work import StudentCode
    from tutor.core.store import RunRecord, Store

RUN_GROUP = "run"
NOT_RUN = "not run yet — F5 runs your code against every test"
COMPILER_LINES = 12  # lines of a compiler's output shown under the table


class ResultsPane(Vertical):
    """Owns the rows shown and the run in progress (one at a time)."""

    def __init__(self) -> None:
        super().__init__(id="results-pane")
        self.rows: list[ResultRow] = []
        self.problem_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(NOT_RUN, style="dim"), id="run-summary")
        table: DataTable[Text] = DataTable(id="results", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static(id="result-detail")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#results", DataTable)

    @property
    def running(self) -> bool:
        return any(w.is_running for w in self.workers if w.group == RUN_GROUP)

    def clear(self, problem_id: str, note: str = NOT_RUN) -> None:
        self.problem_id = problem_id
        self.rows = []
        self.table.clear()
        self._say(Text(inert(note), style="dim"))
        self.query_one("#result-detail", Static).update("")

    def _say(self, line: Text) -> None:
        self.query_one("#run-summary", Static).update(line)

    def show(
        self,
        problem: Problem,
        cases: list[Case],
        record: RunRecord,
        *,
        now: bool,
        first_solve: bool = False,
        printed: dict[str, str] | None = None,
    ) -> None:
        """Show ``record``: made just now (``now``), or the latest run of an earlier time."""
        self.problem_id = problem.id
        self.rows = result_rows(problem, record, cases, printed)
        table = self.table
        table.clear()
        for row in self.rows:
            table.add_row(*row.cells, key=row.name)
        self._say(summary(record, now=now, first_solve=first_solve))
        detail = self.query_one("#result-detail", Static)
        if record.compile_error:
            lines = inert(record.compile_error.rstrip()).splitlines()[:COMPILER_LINES]
            detail.update(Text("\n".join(lines), style="red"))
        elif self.rows:
            failing = [i for i, r in enumerate(record.results) if r.get("verdict") != "passed"]
            table.move_cursor(row=failing[0] if failing else 0)
            detail.update(self.rows[table.cursor_row].detail)
        else:
            detail.update("")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            self.query_one("#result-detail", Static).update(self.rows[event.cursor_row].detail)

    # --- the run key ------------------------------------------------------------------

    @work(exclusive=True, group=RUN_GROUP, exit_on_error=False)
    async def run(
        self, problem: Problem, cases: list[Case], code: StudentCode, store: Store
    ) -> None:
        """Run ``code`` on every test of ``problem``, keep the run, show it."""
        from tutor.core.practice.folder import files_hash
        from tutor.core.practice.running import kept_results, run_code

        self.problem_id = problem.id
        noun = "test" if len(cases) == 1 else "tests"
        self._say(Text(f"running your code against {len(cases)} {noun}…", style="bold"))
        try:
            before = await store.later(store.problem_progress, problem.id)
            result: RunResult = await asyncio.to_thread(
                functools.partial(run_code, file_name=code.path.name),
                problem,
                code.text,
                code.language,
                cases,
            )
            digest = await asyncio.to_thread(files_hash, problem.folder)
            record = await store.later(
                store.record_run,
                problem.id,
                digest,
                language=code.language,
                code_hash=code.hash,
                passed=result.passed,
                total=result.total,
                results=kept_results(result, cases),
                compile_error=result.compile_error,
                network_cut=result.network_cut,
                moments=[code.saved_at],
            )
        except TutorError as error:
            self._say(Text(inert(f"not run — {error}"), style="bold red"))
            return
        first_solve = record.all_passed and (before is None or before.solved_at is None)
        printed = {t.name: t.printed for t in result.results if t.printed}
        if self.problem_id == problem.id:
            self.show(problem, cases, record, now=True, first_solve=first_solve, printed=printed)
        for note in result.notes:
            self.notify(note, timeout=6)
        self.post_message(RunRecorded(problem.id, record, first_solve=first_solve))
