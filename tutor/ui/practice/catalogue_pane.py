"""The problem list: a search field, filters by concept, difficulty and status, and the problems
(✓ solved, ◐ tried), easiest first, titled in the student's language. Moving the highlight posts
``ProblemHighlighted``; Enter (or a click) posts ``ProblemChosen``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tutor.core.inert import inert
from tutor.core.store import PROBLEM_STATUSES
from tutor.ui.messages import ProblemChosen, ProblemHighlighted
from tutor.ui.practice.catalogue import Filters

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.ui.practice.catalogue import Catalogue, Listed

MARK_STYLES = {"solved": "bold green", "tried": "bold yellow", "new": ""}
LOADING = "reading the problem packs…"


def row(listed: Listed) -> Text:
    """``✓ 2  Two numbers that add up`` (the title made inert, cut at the pane's edge)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(listed.mark, style=MARK_STYLES[listed.status])
    line.append(f" {listed.problem.difficulty or '-'} ", style="dim")
    line.append(inert(listed.title))
    return line


def _select(options: list[tuple[str, Any]], prompt: str, id: str) -> Select[Any]:
    return Select(options, prompt=prompt, id=id, compact=True, type_to_search=False)


class CataloguePane(Vertical):
    """Owns the filters and the rows shown; the catalogue itself is handed in."""

    def __init__(self) -> None:
        super().__init__(id="catalogue")
        self.catalogue: Catalogue | None = None
        self.rows: list[Listed] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search titles…", id="problem-search", compact=True)
        yield _select([], "any concept", "concept-filter")
        with Horizontal(id="filter-row"):
            yield _select([(str(n), n) for n in range(1, 6)], "any level", "difficulty-filter")
            yield _select([(s, s) for s in PROBLEM_STATUSES], "any status", "status-filter")
        yield OptionList(Option(Text(LOADING, style="dim"), disabled=True), id="problem-list")
        yield Static(id="catalogue-count")

    @property
    def options(self) -> OptionList:
        return self.query_one("#problem-list", OptionList)

    def fill(self, catalogue: Catalogue) -> None:
        """Show ``catalogue`` (first time: its concepts and levels become the filters' options)."""
        first = self.catalogue is None
        self.catalogue = catalogue
        if first:
            concepts: Select[Any] = self.query_one("#concept-filter", Select)
            concepts.set_options((inert(c), c) for c in catalogue.concepts())
            levels: Select[Any] = self.query_one("#difficulty-filter", Select)
            levels.set_options((str(n), n) for n in catalogue.difficulties())
        self.refilter()

    def filters(self) -> Filters:
        def value(select_id: str) -> Any:
            select: Select[Any] = self.query_one(select_id, Select)
            return None if select.is_blank() else select.value

        words = self.query_one("#problem-search", Input).value
        return Filters(
            value("#concept-filter"), value("#difficulty-filter"), value("#status-filter"), words
        )

    def refilter(self) -> None:
        """Show the rows that pass the filters, keeping the highlighted problem if it stays."""
        if self.catalogue is None:
            return
        kept = self.highlighted_id()
        self.rows = self.catalogue.listed(self.filters())
        options = self.options
        options.clear_options()
        options.add_options(Option(row(r), id=r.problem.id) for r in self.rows)
        if not self.rows:
            options.add_option(Option(Text("no problem matches", style="dim"), disabled=True))
        ids = [r.problem.id for r in self.rows]
        options.highlighted = ids.index(kept) if kept in ids else 0 if ids else None
        self._count()

    def _count(self) -> None:
        assert self.catalogue is not None
        everything = self.catalogue.listed()
        solved = sum(1 for r in everything if r.status == "solved")
        count = len(everything)
        shown = f"{len(self.rows)} of {count}" if len(self.rows) != count else str(count)
        line = f"{shown} problems · {solved} solved"
        self.query_one("#catalogue-count", Static).update(Text(line, style="dim"))

    def highlighted_id(self) -> str | None:
        index = self.options.highlighted
        return self.rows[index].problem.id if index is not None and index < len(self.rows) else None

    def highlight(self, problem_id: str) -> None:
        ids = [r.problem.id for r in self.rows]
        if problem_id in ids:
            self.options.highlighted = ids.index(problem_id)

    def focus_list(self) -> None:
        options = self.options
        if options.highlighted is None and self.rows:
            options.highlighted = 0
        options.focus()

    # --- what the student does ----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_list()  # Enter in the search: on to the list

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refilter()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ProblemHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(ProblemChosen(event.option.id))
