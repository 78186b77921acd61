"""Rules of the code's shape: each constant has one home, and one helper writes the user's files."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import ROOT


def modules(*folders: str) -> dict[Path, ast.Module]:
    found = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            found[path.relative_to(ROOT)] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def defined_twice(found: dict[Path, ast.Module]) -> dict[str, list[str]]:
    """Each public (upper-case) module-level name assigned in more than one module, with the
    modules that assign it."""
    homes: dict[str, list[str]] = defaultdict(list)
    for path, tree in found.items():
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else ""
                if name.isupper() and not name.startswith("_"):
                    homes[name].append(str(path))
    return {name: places for name, places in homes.items() if len(places) > 1}


def test_every_public_constant_of_the_core_cli_and_app_is_defined_once() -> None:
    """``DEFAULT_PERSONA`` was written in two modules and ``MESSAGE_OVERHEAD`` meant 3 in one and
    4 in another; in the app ``FLUSH_SECONDS`` was the screen's drawing beat in one module and
    the reply log's saving beat in the core: a constant lives in one module and the others
    import it, and two things that differ have two names."""
    found = modules("tutor/core", "tutor/cli", "tutor/ui")
    assert {"tutor/core/store/store.py", "tutor/ui/widgets/reply_stream.py"} <= set(map(str, found))
    assert defined_twice(found) == {}


def test_a_planted_duplicate_is_found() -> None:
    """The rule sees a name defined in a core module again in an app module (plain and
    annotated assignments alike), and not a private name or a class attribute."""
    found = modules("tutor/core", "tutor/cli", "tutor/ui")
    found[Path("tutor/ui/planted.py")] = ast.parse(
        "from typing import Final\n"
        "SAVE_SECONDS: Final = 0.02\n"
        "_PRIVATE = 1\n"
        "class Part:\n    DRAW_SECONDS = 1.0\n"
    )
    found[Path("tutor/ui/planted_too.py")] = ast.parse("_PRIVATE = 2\nIN_MEMORY = 'x'\n")
    assert defined_twice(found) == {
        "SAVE_SECONDS": ["tutor/core/turn/reply_log.py", "tutor/ui/planted.py"],
        "IN_MEMORY": ["tutor/core/store/store.py", "tutor/ui/planted_too.py"],
    }


def test_one_helper_writes_files_atomically() -> None:
    """Temporary-file-and-rename lives in tutor/core/config/private_file.py only."""
    writers = set()
    for path, tree in modules("tutor").items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("mkstemp", "replace", "rename"):
                owner = node.value.id if isinstance(node.value, ast.Name) else ""
                if owner in ("tempfile", "os"):
                    writers.add(str(path))
    assert writers == {"tutor/core/config/private_file.py"}
