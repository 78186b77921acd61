"""The code editor's grammars: a tree-sitter ``Language`` and its highlight query, taken from
the grammar package's public API (``tree_sitter_python.language()``, ``HIGHLIGHTS_QUERY``),
loaded once — in a thread, before the practice screen opens — and registered on each editor
through TextArea's public ``register_language``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widgets import TextArea
    from tree_sitter import Language


@dataclass(frozen=True)
class Grammar:
    """A language the editor highlights: the parser's language and what to colour."""

    language: Language
    highlights: str


_LOADED: dict[str, Grammar | None] = {}
_LOCK = threading.Lock()


def grammar(name: str) -> Grammar | None:
    """The grammar of ``name`` (``python``: the package ``tree_sitter_python``), built once;
    None when tree-sitter or that grammar is not installed or has no highlight query."""
    with _LOCK:
        if name not in _LOADED:
            _LOADED[name] = _load(name)
        return _LOADED[name]


def _load(name: str) -> Grammar | None:
    try:
        from tree_sitter import Language

        module = import_module(f"tree_sitter_{name}")
        highlights = module.HIGHLIGHTS_QUERY
        language = Language(module.language())
    except (ImportError, AttributeError, OSError, TypeError, ValueError):
        return None
    return Grammar(language, highlights) if isinstance(highlights, str) else None


def highlight(editor: TextArea, name: str) -> None:
    """Highlight ``editor``'s text as ``name`` when its grammar is installed, else plain text."""
    found = grammar(name)
    if found is None:
        editor.language = None
        return
    editor.register_language(name, found.language, found.highlights)
    editor.language = name
