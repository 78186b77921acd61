"""What `pip install .` ships: every package, the built-in personas, the tokenizer data."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def setuptools_table() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_is_listed_for_the_wheel() -> None:
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tutor").rglob("__init__.py")
    }
    listed = set(setuptools_table()["packages"])
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert "tutor.builtin_personas" in listed
    assert "tutor.builtin_problems" in listed


def test_package_data_covers_personas_tokenizer_data_and_styles() -> None:
    table = setuptools_table()
    assert table["package-dir"]["tutor.builtin_personas"] == "personas"
    data = table["package-data"]
    assert list((ROOT / "personas").glob("*.yaml")), "built-in personas"
    assert data["tutor.builtin_personas"] == ["*.yaml"]
    assert list((ROOT / "tutor/core/tokens/data").glob("*.tiktoken.gz"))
    assert "*.tiktoken.gz" in data["tutor.core.tokens.data"]
    assert list((ROOT / "tutor/ui").glob("*.tcss")) and "*.tcss" in data["tutor.ui"]


def test_the_builtin_problem_pack_ships_with_every_nested_file() -> None:
    table = setuptools_table()
    assert table["package-dir"]["tutor.builtin_problems"] == "problems"
    assert (ROOT / "problems" / "__init__.py").is_file() and (ROOT / "problems/README.md").is_file()
    assert "**/*" in table["package-data"]["tutor.builtin_problems"]


def test_every_library_tutor_imports_is_a_declared_dependency() -> None:
    """A module of tutor that imports a library names it in [project] dependencies (a library
    that only comes along with another one may leave with its next release)."""
    import ast
    import re
    import sys
    from importlib.metadata import packages_distributions

    imported: dict[str, str] = {}
    for path in (ROOT / "tutor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                imported.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    outside = {n: p for n, p in imported.items() if n not in sys.stdlib_module_names | {"tutor"}}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def canonical(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    names = (re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in project["dependencies"])
    declared = {canonical(name) for name in names}
    found = packages_distributions()
    missing = {
        f"{name} (imported by {path})": found.get(name, [name])
        for name, path in outside.items()
        if not any(canonical(d) in declared for d in found.get(name, [name]))
    }
    assert missing == {}, "add these to [project] dependencies in pyproject.toml"
    assert "pydantic" in outside  # the check really walked the code
