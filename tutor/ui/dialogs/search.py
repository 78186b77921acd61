"""Full-text search over every session: type, see matching messages, Enter opens one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.core.inert import inert
from tutor.ui.widgets.field import Field

if TYPE_CHECKING:
    from tutor.core.store import SearchHit

Search = Callable[[str], Sequence["SearchHit"]]
Found = tuple[int, int]  # (session id, message id)
DEBOUNCE_SECONDS = 0.15


def hit_prompt(hit: SearchHit) -> Text:
    """The session title and who wrote it, then the snippet with the matches marked."""
    text = Text()
    text.append(inert(hit.session_title) or "(untitled)", style="bold")
    text.append("  ·  " + ("student" if hit.role == "user" else "tutor"), style="dim")
    snippet = Text(inert(hit.snippet))
    for start, end in hit.spans:
        snippet.stylize("reverse", start, end)
    text.append("\n")
    text.append_text(snippet)
    return text


class SearchScreen(ModalScreen[Found | None]):
    """Returns the (session, message) picked, or None."""

    CSS_PATH = "dialogs.tcss"  # loaded when a dialog first opens, not before the first paint

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("down", "to_results", "Results", show=False, id="search-results"),
    ]

    def __init__(self, search: Search, query: str = "") -> None:
        super().__init__(classes="dialog")
        self.search = search
        self.query_text = query
        self.found: list[SearchHit] = []
        self._timer: Timer | None = None
        self._summary: Text | None = None  # "3 messages found", or why the search failed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide -tall"):
            yield Static(Text("Search all sessions", style="bold"))
            yield Field(self.query_text, placeholder="words to find (Korean works too)", id="q")
            yield Static(Text("", style="dim"), id="search-count")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one("#q", Input).focus()
        if self.query_text:
            self.run_search(self.query_text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_search(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_results()

    @work(exclusive=True, group="search", thread=True, exit_on_error=False)
    def run_search(self, query: str) -> None:
        from tutor.core.errors import TutorError

        try:
            found = list(self.search(query)) if query.strip() else []
        except TutorError as error:  # the store is locked, gone or unreadable
            self.app.call_from_thread(self._show, query, [], str(error))
            return
        self.app.call_from_thread(self._show, query, found)

    def _show(self, query: str, found: list[SearchHit], problem: str | None = None) -> None:
        if query != self.query_one("#q", Input).value:
            return  # an older search, overtaken by what was typed since
        self.found = found
        hits = self.query_one("#hits", OptionList)
        hits.set_options(Option(hit_prompt(h), id=str(i)) for i, h in enumerate(found))
        if problem:
            self._summary = Text(f"cannot search: {inert(problem)}", style="red")
        elif not query.strip():
            self._summary = None
        else:
            noun = "message" if len(found) == 1 else "messages"
            self._summary = Text(f"{len(found)} {noun} found", style="dim")
        self._say()

    def _say(self) -> None:
        """The count, and what the keys do where the focus is now."""
        line = self._summary.copy() if self._summary else Text()
        if self.found:
            in_list = self.focused is self.query_one("#hits", OptionList)
            line.append(
                " — ↑/↓ choose, Enter opens it, Esc closes"
                if in_list
                else " — Enter or ↓ goes to the results",
                style="dim",
            )
        self.query_one("#search-count", Static).update(line)

    def on_descendant_focus(self) -> None:
        self._say()

    def action_to_results(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if self.found:
            self.set_focus(hits)  # at once: the next key (Enter) is the list's
            if hits.highlighted is None:
                hits.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.found[int(event.option.id or 0)]
        self.dismiss((hit.session_id, hit.message_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
