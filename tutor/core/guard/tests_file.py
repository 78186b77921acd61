"""Hidden tests from files: a practice-format tests.yaml, or a folder of NAME.in/NAME.ans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.core.errors import FileProblems, Problem
from tutor.core.guard.execution import HiddenTests
from tutor.core.practice.runner import FunctionCase, StdioCase
from tutor.core.yamldoc.reader import YamlProblems, read_yaml

MAX_CASE_BYTES = 20_000_000


class TestsFileError(FileProblems):
    """A tests file or folder that cannot be used (every problem found, with its position)."""

    __test__ = False  # not a pytest class


def read_tests(path: Path, kind: str) -> HiddenTests:
    """The cases in ``path``: a tests.yaml for function problems, a folder for stdio ones (a
    problem folder holding ``tests.yaml`` or ``data/`` works as well)."""
    if kind == "function":
        file = path / "tests.yaml" if path.is_dir() else path
        return HiddenTests(_function_cases(file))
    return HiddenTests(_stdio_cases(path))


def _function_cases(file: Path) -> list[FunctionCase]:
    try:
        doc = read_yaml(file)
    except YamlProblems as exc:
        raise TestsFileError(exc.problems) from None
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        message = (
            "a tests file holds 'cases:', a list of {name, args, expected} — see problems/README.md"
        )
        raise TestsFileError([doc.problem((), message)])
    cases, problems = [], []
    for i, raw in enumerate(data["cases"]):
        where: tuple[str | int, ...] = ("cases", i)
        if not isinstance(raw, dict):
            problems.append(
                doc.problem(where, "each case is a mapping with 'args:' and 'expected:'")
            )
            continue
        name = str(raw.get("name") or f"case-{i + 1}")
        if "data" in raw:
            loaded = _data_file(file.parent, str(raw["data"]), doc.problem((*where, "data"), ""))
            if isinstance(loaded, Problem):
                problems.append(loaded)
                continue
            args, expected = loaded
        elif isinstance(raw.get("args"), list) and "expected" in raw:
            args, expected = raw["args"], raw["expected"]
        else:
            message = (
                "this case needs 'args:' (a list) and 'expected:', or 'data:' naming a JSON file"
            )
            problems.append(doc.problem(where, message))
            continue
        cases.append(FunctionCase(name, args, expected))
    if problems:
        raise TestsFileError(problems)
    if not cases:
        raise TestsFileError([doc.problem(("cases",), "the file has no cases — add some")])
    return cases


def _data_file(folder: Path, relative: str, at: Problem) -> tuple[Any, Any] | Problem:
    path = folder / relative
    try:
        if path.stat().st_size > MAX_CASE_BYTES:
            return Problem(at.path, at.line, at.col, f"'{relative}' is over 20 MB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Problem(at.path, at.line, at.col, f"cannot read '{relative}': {exc}")
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("args"), list)
        or "expected" not in data
    ):
        message = f'\'{relative}\' must be a JSON object {{"args": [...], "expected": ...}}'
        return Problem(at.path, at.line, at.col, message)
    return data["args"], data["expected"]


def _stdio_cases(path: Path) -> list[StdioCase]:
    folder = path / "data" if (path / "data").is_dir() else path
    if not folder.is_dir():
        message = "a stdio problem's tests are a folder of NAME.in and NAME.ans files"
        raise TestsFileError([Problem(str(path), 0, 0, message)])
    cases, problems = [], []
    for given in sorted(folder.rglob("*.in")):
        answer = given.with_suffix(".ans")
        if not answer.is_file():
            message = f"{given.name} has no {answer.name} — add the expected output next to it"
            problems.append(Problem(str(given), 0, 0, message))
            continue
        name = given.relative_to(folder).with_suffix("").as_posix()
        cases.append(StdioCase(name, given.read_bytes(), answer.read_bytes()))
    if problems:
        raise TestsFileError(problems)
    if not cases:
        raise TestsFileError([Problem(str(folder), 0, 0, "no NAME.in files found in the folder")])
    return cases
