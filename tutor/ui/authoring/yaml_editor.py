"""The persona's YAML in a code editor: highlighted where the YAML grammar is installed, a mark
in the gutter beside every line that has a problem, and control characters shown as symbols.

A persona file may come from anyone, and TextArea draws an escape character as it is (the
terminal would obey it): each line is drawn inert, one symbol per character, so columns and
highlighting stay where they were. The text itself is kept exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.util import find_spec
from typing import ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import TextArea

from tutor.core.inert import has_controls, inert
from tutor.ui.widgets.in_order import KeysInOrder, in_order

YAML = "yaml"
MARK = "●"
MARK_STYLE = Style(color="red", bold=True)


def yaml_language() -> str | None:
    """``"yaml"`` when tree-sitter and its YAML grammar are installed (both are dependencies;
    their wheels hold the compiled grammar, nothing is fetched), else None: plain text."""
    return YAML if find_spec("tree_sitter") and find_spec("tree_sitter_yaml") else None


class PersonaYaml(KeysInOrder, TextArea, inherit_bindings=False):
    """A ``TextArea.code_editor`` (line numbers, Tab indents) that wraps long lines, so a
    system text reads whole in a narrow column, and marks problem lines in its gutter. Its
    editing keys act in the order they were typed (a pasted burst keeps its lines)."""

    BINDINGS: ClassVar[list[BindingType]] = in_order(TextArea.BINDINGS)

    marked: frozenset[int] = frozenset()  # 0-based rows with a problem

    @classmethod
    def make(cls, text: str, *, id: str) -> PersonaYaml:
        editor = cls.code_editor(text, language=yaml_language(), theme="css", soft_wrap=True, id=id)
        return cast(PersonaYaml, editor)

    def mark_lines(self, lines: Iterable[int]) -> None:
        """Mark these 1-based lines (0 — a problem of the whole file — marks line 1)."""
        marked = frozenset(max(line, 1) - 1 for line in lines)
        if marked != self.marked:
            self.marked = marked
            self.refresh()

    def jump_to(self, line: int, col: int) -> None:
        """Put the cursor at a 1-based line and column, in view, and focus the editor."""
        row = min(max(line, 1) - 1, self.document.line_count - 1)
        column = min(max(col, 1) - 1, len(self.document.get_line(row)))
        self.move_cursor((row, column), center=True)
        self.focus()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if has_controls(line.plain):
            line.plain = inert(line.plain)  # one symbol for each character: same columns
        return line

    def _row_starting_at(self, y: int) -> int | None:
        """The document row whose first screen line is line ``y`` of the widget, if any."""
        absolute = self.scroll_offset.y + y
        wrapped = self.wrapped_document
        if absolute >= wrapped.height:
            return None
        row, _ = wrapped.offset_to_location(Offset(0, absolute))
        return row if wrapped.location_to_offset((row, 0)).y == absolute else None

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        width = self.gutter_width
        if not self.marked or width < 3:
            return strip
        row = self._row_starting_at(y)
        if row is None or row not in self.marked:
            return strip
        spot = width - 2  # the first cell after the line number
        under = next(iter(strip.crop(spot, spot + 1)), None)
        style = (under.style or Style()) + MARK_STYLE if under is not None else MARK_STYLE
        mark = Strip([Segment(MARK, style)], 1)
        return Strip.join([strip.crop(0, spot), mark, strip.crop(spot + 1, strip.cell_length)])
