"""Replies as Rich Markdown: left-aligned headings, highlighted code, no terminal hyperlinks.

Imported on first use (Rich's Markdown pulls in markdown-it), never before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.markdown import Heading, Markdown
from rich.theme import Theme

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


class _LeftHeading(Heading):
    LEVEL_ALIGN: ClassVar = dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "left")


# Rich draws `inline code` bold cyan on black: on a light theme that is a black box in a white
# page. There it gets a pale box and a dark ink instead.
LIGHT_INLINE_CODE = Theme({"markdown.code": "bold #7a1f00 on #ececec"})


class ReplyMarkdown(Markdown):
    """Rich Markdown with left-aligned headings, no terminal hyperlinks, and inline code that
    suits the theme (``dark`` or light)."""

    elements: ClassVar = {**Markdown.elements, "heading_open": _LeftHeading}

    def __init__(self, text: str, *, dark: bool) -> None:
        super().__init__(text, code_theme="monokai" if dark else "friendly", hyperlinks=False)
        self.dark = dark

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.dark:
            yield from super().__rich_console__(console, options)
            return
        with console.use_theme(LIGHT_INLINE_CODE):
            yield from super().__rich_console__(console, options)


def reply_markdown(text: str, *, dark: bool) -> ReplyMarkdown:
    """A reply's (already inert) text as Markdown, code highlighted for a dark or light theme."""
    return ReplyMarkdown(text, dark=dark)


def code_blocks(markdown: str) -> list[str]:
    """The fenced (and indented) code blocks of a Markdown text, in order."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    return [t.content for t in tokens if t.type in ("fence", "code_block") and t.content.strip()]


def warm_up() -> None:
    """Render a small reply off-screen, so the first real one does not pay for the imports
    (markdown-it, Pygments and its Python lexer). Safe to run in a thread."""
    import io

    from rich.console import Console

    sample = "# Title\n\nSome *text* and `code`.\n\n```python\nprint('hi')\n```\n\n- a\n- b\n"
    console = Console(file=io.StringIO(), width=60, color_system="truecolor")
    console.print(reply_markdown(sample, dark=True))
    code_blocks(sample)
