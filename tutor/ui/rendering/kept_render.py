"""A Rich renderable drawn once per width and kept: measuring and painting share one render.

Textual's own wrapper for Rich renderables renders twice per layout (once to measure the
height, once to paint). A long reply costs tens of milliseconds to render, so finished turns
and streamed segments use ``KeptRender`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions


class KeptRender(Visual):
    """Renders ``renderable`` for ``widget``; the lines are kept until width or style change."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        self._widget = widget
        self._renderable = renderable
        self._key: tuple[int, RichStyle] | None = None
        self._lines: list[Strip] = []

    def lines(self, width: int, rich_style: RichStyle) -> list[Strip]:
        key = (width, rich_style)
        if key != self._key:
            app = self._widget.app
            options = app.console_options.update(highlight=False, width=width, height=None)
            renderable = self._widget.post_render(self._renderable, rich_style)
            segments = app.console.render(renderable, options)
            self._lines = [
                Strip(line)
                for line in Segment.split_and_crop_lines(
                    segments, width, include_new_lines=False, pad=False
                )
            ]
            self._key = key
        return self._lines

    @property
    def drawn(self) -> tuple[int, RichStyle] | None:
        """The width and style of the lines kept, if any have been rendered."""
        return self._key

    def seed(self, width: int, rich_style: RichStyle, lines: list[Strip]) -> None:
        """Take lines rendered elsewhere for this width and style (they are not rendered again)."""
        self._key, self._lines = (width, rich_style), lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self.lines(width, style.rich_style)
        return lines if height is None else lines[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width, self._widget.visual_style.rich_style))


class RichBlock(Widget):
    """A widget showing one Rich renderable through ``KeptRender``."""

    DEFAULT_CSS = "RichBlock { height: auto; }"

    def __init__(
        self,
        renderable: RenderableType = "",
        *,
        classes: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(classes=classes, id=id)
        self._visual = KeptRender(self, renderable)

    @property
    def kept(self) -> KeptRender:
        return self._visual

    def update(self, renderable: RenderableType) -> None:
        """Show ``renderable``. The layout is redone only when the height changes: a streaming
        reply's tail mostly grows within its last line, and a repaint of this widget alone costs
        far less than arranging the screen again (which also repaints every line scrolled)."""
        old, self._visual = self._visual, KeptRender(self, renderable)
        key = old.drawn
        same = key is not None and key[0] == self.size.width
        if same and key and len(self._visual.lines(*key)) == len(old.lines(*key)):
            self.refresh()
            return
        self.refresh(layout=True)

    def render(self) -> Visual:
        return self._visual
