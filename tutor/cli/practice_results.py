"""How `tutor practice run` shows a run: samples in full, hidden tests by name and verdict only."""

from __future__ import annotations

from typing import Any

from tutor.cli import output

_MAX_SHOWN = 400  # characters of a sample's input, expected or got


def _cut(text: str, limit: int = _MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words(verdict: Any) -> str:
    return str(verdict).lower().replace("_", " ")


def _input_of(problem: Any, case: Any) -> str:
    if case.input is not None:
        return case.input.decode("utf-8", "replace")
    args = ", ".join(repr(a) for a in case.args or [])
    return f"{problem.entry_point('python')}({args})"


def _expected_of(case: Any) -> str:
    if case.answer is not None:
        return case.answer.decode("utf-8", "replace")
    return repr(case.expected)


def print_run(problem: Any, code: Any, result: Any, cases: list[Any], first_solve: bool) -> None:
    by_name = {c.name: c for c in cases}
    if result.compile_error:
        print("your code did not compile:")
        print(output.shown(result.compile_error.rstrip()))
    for test in result.results:
        case = by_name.get(test.name)
        sample = case is not None and case.sample
        verdict = _words(test.verdict)
        if sample:
            print(f"sample '{test.name}': {verdict} ({test.seconds:.2f} s)")
        else:
            about = f" ({case.description})" if case and case.description else ""
            print(f"hidden '{test.name}'{output.shown(about)}: {verdict}")
        if verdict == "passed":
            continue
        if sample and case is not None:
            _sample_details(problem, case, test)
        elif case is not None and case.hint:
            print(f"    hint: {output.shown(case.hint)}")
    network = "network cut" if result.network_cut else "network NOT cut"
    print(f"\npassed {result.passed} of {result.total} tests · {code.language} · {network}")
    for note in result.notes:
        print(f"note: {output.shown(note)}")
    if first_solve:
        print(
            f"solved — every test passes. `tutor practice ask {problem.id}` to talk over"
            " its complexity, or pick the next problem with `tutor practice list`"
        )


def _sample_details(problem: Any, case: Any, test: Any) -> None:
    rows = [("input", _input_of(problem, case)), ("expected", _expected_of(case))]
    if test.got is not None:
        rows.append(("got", test.got))
    if test.message:
        at = f" (line {test.line})" if test.line else ""
        rows.append((f"why{at}", test.message))
    if test.printed:
        rows.append(("printed", test.printed))
    for label, text in rows:
        shown = output.shown(_cut(text.rstrip("\n")))
        if "\n" in shown:
            print(f"    {label}:")
            print("\n".join("      " + line for line in shown.splitlines()))
        else:
            print(f"    {label}: {shown}")
    if case.hint:
        print(f"    hint: {output.shown(case.hint)}")


def run_json(
    problem: Any, code: Any, result: Any, cases: list[Any], first_solve: bool
) -> dict[str, Any]:
    """The run for scripts: samples with input, expected and got; hidden tests with their
    name, description and verdict (and the pack's hint when they failed) only."""
    by_name = {c.name: c for c in cases}
    tests = []
    for test in result.results:
        case = by_name.get(test.name)
        row: dict[str, Any] = {
            "name": test.name,
            "sample": bool(case and case.sample),
            "verdict": str(test.verdict).lower(),
            "seconds": round(test.seconds, 4),
            "description": case.description if case else None,
        }
        if case is not None and case.sample:
            row.update(
                input=_input_of(problem, case),
                expected=_expected_of(case),
                got=test.got,
                message=test.message,
                line=test.line,
                printed=test.printed,
            )
        if row["verdict"] != "passed" and case is not None and case.hint:
            row["hint"] = case.hint
        tests.append(row)
    return {
        "problem": problem.id,
        "file": str(code.path),
        "language": code.language,
        "passed": result.passed,
        "total": result.total,
        "all_passed": result.all_passed,
        "solved_now": first_solve,
        "compile_error": result.compile_error,
        "network_cut": result.network_cut,
        "notes": list(result.notes),
        "tests": tests,
    }
