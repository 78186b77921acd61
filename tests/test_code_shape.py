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


def test_every_public_constant_of_the_core_and_cli_is_defined_once() -> None:
    """``DEFAULT_PERSONA`` was written in two modules and ``MESSAGE_OVERHEAD`` meant 3 in one and
    4 in another: a constant lives in one module and the others import it."""
    homes: dict[str, list[str]] = defaultdict(list)
    for path, tree in modules("tutor/core", "tutor/cli").items():
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else ""
                if name.isupper() and not name.startswith("_"):
                    homes[name].append(str(path))
    assert {"DEFAULT_PERSONA", "MESSAGE_OVERHEAD", "FRAMING_TOKENS"} <= set(homes)
    twice = {name: places for name, places in homes.items() if len(places) > 1}
    assert twice == {}


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
