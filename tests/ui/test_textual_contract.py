"""What the app relies on in Textual, checked so that a new Textual release fails here, loudly,
naming the part of the app to look at — not in a student's terminal.

pyproject pins the range these pass with (``textual>=8.2.6,<8.3``); whoever widens it runs this
file first. The app uses no private Textual module or attribute; what it still relies on:

- ``widgets/measured_wrap.py``: ``TextArea`` makes its wrapped document by setting the public
  attribute ``wrapped_document`` (the composer turns it into a MeasuredWrap), and changes it
  only through ``wrap`` and ``wrap_range`` (the MeasuredWrap's cached height would go stale);
- ``rendering/kept_render.py``: a ``textual.visual.Visual`` is drawn through ``render_strips``,
  ``get_optimal_width`` and ``get_height``, with these parameters;
- ``practice/grammar.py``: ``TextArea.register_language`` takes a tree-sitter ``Language`` and
  a highlight query (the grammar package's own ``HIGHLIGHTS_QUERY``) and colours the text by its
  captures with the editor's theme;
- every widget of the app: the private attributes it sets are not ones Textual's own base
  classes use (a new one of the same name in Textual would be overwritten silently).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import textual
import textual.visual
from textual.app import App, ComposeResult
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme, WrappedDocument

import tutor
import tutor.ui
from tutor.ui.practice.grammar import grammar, highlight
from tutor.ui.rendering.kept_render import KeptRender, RichBlock
from tutor.ui.widgets.composer import Composer
from tutor.ui.widgets.measured_wrap import MeasuredWrap

SEEN_WITH = f"(seen with Textual {textual.__version__})"


class ComposerOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield Composer(id="composer")


def check_height(composer: Composer, after: str) -> None:
    wrapped = composer.wrapped_document
    assert type(wrapped) is MeasuredWrap, (
        f"measured_wrap.py: after {after}, TextArea's wrapped document is a "
        f"{type(wrapped).__name__}, not the composer's MeasuredWrap: TextArea no longer sets "
        f"`wrapped_document` as the composer expects {SEEN_WITH}"
    )
    textuals_own = WrappedDocument.height.fget(wrapped)  # type: ignore[attr-defined]
    assert wrapped.height == textuals_own, (
        f"measured_wrap.py: after {after}, the cached height is {wrapped.height} but the text "
        f"wraps to {textuals_own} lines: Textual changes its wrapping somewhere other than "
        f"`wrap` and `wrap_range` {SEEN_WITH}"
    )


async def test_the_composers_cached_height_follows_every_kind_of_edit() -> None:
    app = ComposerOnly()
    async with app.run_test(size=(40, 12)) as pilot:
        composer = app.query_one(Composer)
        composer.focus()
        check_height(composer, "mounting")
        composer.insert("def f(xs):\n    return [x * 2 for x in xs]\n" * 3)
        check_height(composer, "inserting lines")
        composer.insert("a line long enough to wrap several times at forty columns " * 4)
        await pilot.pause()
        check_height(composer, "inserting a line that wraps")
        await pilot.press("backspace", "backspace", "ctrl+w", "enter")
        await pilot.pause()
        check_height(composer, "deleting and breaking a line")
        composer.undo()
        composer.undo()
        check_height(composer, "undo")
        composer.redo()
        check_height(composer, "redo")
        await pilot.resize_terminal(25, 12)
        await pilot.pause()
        check_height(composer, "a narrower terminal")
        composer.load_text("새 초안\n" * 5)
        await pilot.pause()
        check_height(composer, "load_text")
        composer.select_all()
        composer.delete(*composer.selection)
        check_height(composer, "deleting everything")


def test_kept_render_draws_through_textuals_visual_api() -> None:
    for name in ("render_strips", "get_optimal_width", "get_height"):
        theirs = inspect.signature(getattr(textual.visual.Visual, name))
        ours = inspect.signature(getattr(KeptRender, name))
        assert list(theirs.parameters) == list(ours.parameters), (
            f"kept_render.py: Textual's Visual.{name} takes {list(theirs.parameters)}, "
            f"KeptRender.{name} takes {list(ours.parameters)} {SEEN_WITH}"
        )
    assert not getattr(KeptRender, "__abstractmethods__", ()), (
        f"kept_render.py: Visual has abstract methods KeptRender lacks: "
        f"{sorted(KeptRender.__abstractmethods__)} {SEEN_WITH}"
    )


async def test_a_rich_block_is_drawn_through_its_kept_render() -> None:
    class Block(App[None]):
        def compose(self) -> ComposeResult:
            yield RichBlock("kept once", id="block")

    app = Block()
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        block = app.query_one(RichBlock)
        assert block.kept.drawn is not None, (
            f"kept_render.py: Textual laid out and painted a RichBlock without asking its "
            f"KeptRender for lines {SEEN_WITH}"
        )
        assert "kept once" in block.kept.lines(*block.kept.drawn)[0].text


def _assigned(cls: type) -> set[str]:
    return set(re.findall(r"self\.(_[A-Za-z0-9_]+)\s*(?::[^=\n]+)?=", inspect.getsource(cls)))


def _textual_names(base: type) -> set[str]:
    try:
        source = inspect.getsource(base)
    except (OSError, TypeError):
        return set()
    found = set(re.findall(r"self\.(_[A-Za-z0-9_]+)", source))
    return found | {name for name in vars(base) if name.startswith("_")}


def test_no_widget_of_the_app_reuses_a_private_name_of_its_textual_bases() -> None:
    clashes: list[str] = []
    for module in pkgutil.walk_packages(tutor.ui.__path__, "tutor.ui."):
        loaded: Any = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ != module.name:
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]
            ours = _assigned(cls) - {"__dict__"}
            for base in bases:
                for clash in sorted(ours & _textual_names(base)):
                    clashes.append(f"{module.name}.{name}.{clash} (also {base.__qualname__})")
    assert not clashes, (
        f"attributes of the app's widgets that Textual's own classes use too {SEEN_WITH}: "
        + ", ".join(clashes)
    )


def _private_textual(node: ast.AST) -> str | None:
    """The private Textual name ``node`` imports or reaches, if any."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("textual.") and "._" in f".{alias.name}":
                return alias.name
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
        module = node.module or ""
        if any(part.startswith("_") for part in module.split(".")):
            return module
        for alias in node.names:
            if alias.name.startswith("_"):
                return f"{module}.{alias.name}"
    if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id == "textual" and not node.attr.endswith("__"):
            return f"textual.{node.attr}"
    return None


def test_no_module_of_tutor_imports_a_private_textual_module() -> None:
    """``textual._tree_sitter`` (the practice editor's grammar) was imported once: a private
    module can change or go in any release. Every import in tutor/, at any depth (a function's
    late import too), is of Textual's public API."""
    root = Path(tutor.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _private_textual(node)
            if name is not None:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {name}")
    assert found == [], f"private Textual APIs imported {SEEN_WITH}: " + ", ".join(found)


def test_the_private_import_rule_sees_each_way_of_writing_one() -> None:
    for line in (
        "from textual._tree_sitter import get_language",
        "import textual._context",
        "from textual import _context",
        "from textual.widgets._text_area import X",
        "import textual\ntextual._tree_sitter.get_language('python')",
    ):
        tree = ast.parse(line)
        assert any(_private_textual(node) for node in ast.walk(tree)), line
    for line in ("from textual.widgets import TextArea", "import textual.visual", "x.__class__"):
        tree = ast.parse(line)
        assert not any(_private_textual(node) for node in ast.walk(tree)), line


class PythonEditor(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea.code_editor("def twice(x):\n    return x * 2  # doubled\n", theme="css")


async def test_the_practice_editor_colours_python_through_register_language() -> None:
    found = grammar("python")
    assert found is not None, "tree-sitter-python (a dependency) gave no Language and query"
    app = PythonEditor()
    async with app.run_test(size=(50, 6)) as pilot:
        editor = app.query_one(TextArea)
        highlight(editor, "python")
        await pilot.pause()
        assert editor.language == "python"
        theme = TextAreaTheme.get_builtin_theme("css")
        assert theme is not None
        colours = {
            segment.text.strip(): segment.style.color
            for segment in editor.render_line(1)  # (the cursor sits on line 0)
            if segment.style is not None and segment.text.strip()
        }
        keyword = theme.syntax_styles["keyword"].color
        assert colours.get("return") == keyword, (
            f"grammar.py: after register_language, `return` is drawn in {colours.get('return')}, "
            f"not the theme's keyword colour {keyword} {SEEN_WITH}"
        )
        highlight(editor, "no-such-language")  # a grammar not installed: plain text, no error
        assert editor.language is None
