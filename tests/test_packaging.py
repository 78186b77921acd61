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
