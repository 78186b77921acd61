"""A problem's test cases: tests.yaml (function kind) or data/sample|secret/*.in|.ans (stdio)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tutor.core.errors import PackError
from tutor.core.errors import Problem as FileProblem
from tutor.core.practice.checks import FileCheck
from tutor.core.practice.problem import Case, Problem
from tutor.core.yamldoc.words import shown

CASE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_CASE_KEYS = ("name", "args", "expected", "sample", "description", "hint", "data")
STDIO_CASE_KEYS = ("description", "hint")
KATTIS_CASE_KEYS = ("args", "input_validator_args", "output_validator_args", "full_feedback")
MAX_DATA_BYTES = 20_000_000


def read_cases(problem: Problem) -> list[Case]:
    """Every test of ``problem``, samples first; :class:`PackError` lists what is broken."""
    cases, problems = find_cases(problem)
    if problems:
        raise PackError(problems)
    return cases


def find_cases(problem: Problem) -> tuple[list[Case], list[FileProblem]]:
    """The tests that could be read, and the problems of those that could not."""
    if problem.kind == "function":
        return _function_cases(problem.folder)
    return _stdio_cases(problem.folder)


def _function_cases(folder: Path) -> tuple[list[Case], list[FileProblem]]:
    path = folder / "tests.yaml"
    if not path.is_file():
        message = "tests.yaml is missing — a function problem lists its cases there"
        return [], [FileProblem(str(path), 0, 0, message)]
    check = FileCheck.read(path)
    data = check.doc.data
    if check.problems:
        return [], check.problems
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        check.fail((), "tests.yaml must hold 'cases:', a list of cases with 'name:' and 'args:'")
        return [], check.problems
    check.unknown_keys((), data, ("cases",))
    cases: list[Case] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["cases"]):
        case = _function_case(check, folder, i, raw)
        if case is None:
            continue
        if case.name in seen:
            check.fail(("cases", i, "name"), f"a second case named '{case.name}' — rename one")
            continue
        seen.add(case.name)
        cases.append(case)
    return _samples_first(cases), check.problems


def _function_case(check: FileCheck, folder: Path, i: int, raw: Any) -> Case | None:
    where: tuple[str | int, ...] = ("cases", i)
    if not isinstance(raw, dict):
        check.fail(where, f"each case must be a mapping with 'name:' and 'args:', got {shown(raw)}")
        return None
    before = len(check.problems)
    check.unknown_keys(where, raw, _CASE_KEYS)
    name = None
    if "name" not in raw:
        check.fail(where, "this case has no 'name:' — give it a short one, e.g. 'name: empty-list'")
    else:
        name = check.text((*where, "name"), raw["name"], required=True)
    if name is not None and not CASE_NAME.match(name):
        check.fail(
            (*where, "name"),
            f"'{name}' cannot be a case name — use lowercase letters, digits and '-'",
        )
    args, expected = raw.get("args"), raw.get("expected")
    if "data" in raw:
        if "args" in raw or "expected" in raw:
            check.fail((*where, "data"), "a case takes 'data:' or 'args:'/'expected:', not both")
        else:
            args, expected = _data_file(check, folder, (*where, "data"), raw["data"])
    else:
        for key in ("args", "expected"):
            if key not in raw:
                check.fail(
                    where,
                    f"this case has no '{key}:' — add it (or 'data:' naming a JSON file with both)",
                )
    if "args" in raw and not isinstance(args, list):
        check.fail(
            (*where, "args"),
            f"'args' must be a list of the arguments, got {shown(args)}"
            " — one argument is still a list: 'args: [[1, 2, 3]]'",
        )
    sample = check.flag((*where, "sample"), raw.get("sample"))
    description = check.text((*where, "description"), raw.get("description"))
    hint = check.text((*where, "hint"), raw.get("hint"))
    if len(check.problems) > before or name is None or not isinstance(args, list):
        return None
    return Case(name, sample, check.path, description, hint, args=args, expected=expected)


def _data_file(
    check: FileCheck, folder: Path, where: tuple[str | int, ...], value: Any
) -> tuple[Any, Any]:
    relative = check.text(where, value, required=True)
    if relative is None:
        return None, None
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        check.fail(where, f"'{relative}' is outside the problem's folder — keep data inside it")
        return None, None
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            check.fail(
                where,
                f"'{relative}' is over {MAX_DATA_BYTES // 1_000_000} MB — make the case smaller",
            )
            return None, None
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        check.fail(where, f"cannot read '{relative}': {exc.strerror or exc} — check the path")
        return None, None
    except UnicodeDecodeError:
        check.fail(where, f"'{relative}' is not UTF-8 text — save it as UTF-8 JSON")
        return None, None
    except json.JSONDecodeError as exc:
        check.problems.append(
            FileProblem(str(path), exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")
        )
        return None, None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("args"), list)
        or "expected" not in data
    ):
        message = 'must be a JSON object {"args": [...], "expected": ...}'
        check.problems.append(FileProblem(str(path), 1, 1, message))
        return None, None
    return data["args"], data["expected"]


def _stdio_cases(folder: Path) -> tuple[list[Case], list[FileProblem]]:
    found: list[Case] = []
    problems: list[FileProblem] = []
    for group in ("sample", "secret"):
        root = folder / "data" / group
        for path in sorted(root.rglob("*.in")) if root.is_dir() else []:
            name = path.relative_to(root).with_suffix("").as_posix()
            answer = path.with_suffix(".ans")
            if not answer.is_file():
                message = f"{path.name} has no {answer.name} — add the expected output next to it"
                problems.append(FileProblem(str(path), 0, 0, message))
                continue
            details = _stdio_details(path.with_suffix(".yaml"), problems)
            try:
                given, wanted = path.read_bytes(), answer.read_bytes()
            except OSError as exc:
                message = f"cannot read it: {exc.strerror or exc} — check its permissions"
                problems.append(FileProblem(str(exc.filename or path), 0, 0, message))
                continue
            found.append(
                Case(
                    name=name,
                    sample=group == "sample",
                    source=str(path),
                    description=details.get("description"),
                    hint=details.get("hint"),
                    input=given,
                    answer=wanted,
                )
            )
    return _unique_names(found), problems


def _stdio_details(path: Path, problems: list[FileProblem]) -> dict[str, str]:
    if not path.is_file():
        return {}
    check = FileCheck.read(path)
    data = check.doc.data
    out: dict[str, str] = {}
    if isinstance(data, dict):
        check.unknown_keys((), data, STDIO_CASE_KEYS, KATTIS_CASE_KEYS)
        for key in STDIO_CASE_KEYS:
            text = check.text((key,), data.get(key))
            if text:
                out[key] = text
    elif data is not None and not check.problems:
        check.fail((), "a case's .yaml must be a mapping with 'description:' and 'hint:'")
    problems.extend(check.problems)
    return out


def _unique_names(cases: list[Case]) -> list[Case]:
    """Kattis packages often have sample/1 and secret/1: name those 'sample/1', 'secret/1'."""
    from dataclasses import replace

    counts: dict[str, int] = {}
    for case in cases:
        counts[case.name] = counts.get(case.name, 0) + 1
    return [
        replace(c, name=("sample/" if c.sample else "secret/") + c.name)
        if counts[c.name] > 1
        else c
        for c in cases
    ]


def _samples_first(cases: list[Case]) -> list[Case]:
    return [c for c in cases if c.sample] + [c for c in cases if not c.sample]
