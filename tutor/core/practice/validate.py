"""Checking a pack: its files, and its solutions run against its tests (`practice validate`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tutor.core.errors import TutorError, UsageError
from tutor.core.practice.cases import find_cases
from tutor.core.practice.folder import problem_folders, submissions
from tutor.core.practice.hints import find_hints
from tutor.core.practice.library import BUILT_IN, builtin_problems_dir
from tutor.core.practice.problem import Case, Problem
from tutor.core.practice.problem_file import read_problem
from tutor.core.practice.running import run_code
from tutor.core.practice.work import LANGUAGE_OF_SUFFIX

if TYPE_CHECKING:
    from tutor.core.practice.runner import TestResult

Severity = Literal["broken", "refused", "failed", "note"]
MUST_FAIL = ("wrong_answer", "time_limit_exceeded", "run_time_error")
TRUST_MEANS = (
    "--trust runs them with only the limits your own code gets: they could read your files"
    " and reach the network"
)


@dataclass(frozen=True)
class Finding:
    """One thing validate found. ``broken`` (a file) and ``refused`` (code not run) exit 2;
    ``failed`` (a solution did not behave) exits 3; a ``note`` is for the author only."""

    severity: Severity
    text: str


@dataclass
class ProblemReport:
    """What validate found about one problem folder, and what it ran (``checked``)."""

    folder: Path
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    isolation: str | None = None  # how its solutions ran: "strict", "limits", None (not run)

    def add(self, severity: Severity, text: str) -> None:
        self.findings.append(Finding(severity, text))

    @property
    def ok(self) -> bool:
        return all(f.severity == "note" for f in self.findings)


def exit_code(reports: Sequence[ProblemReport]) -> int:
    """2 when a file is broken or code was not run, 3 when a solution failed a check, else 0."""
    severities = {f.severity for r in reports for f in r.findings}
    if severities & {"broken", "refused"}:
        return 2
    return 3 if "failed" in severities else 0


def validate(paths: Sequence[Path], *, trust: bool = False) -> Iterator[ProblemReport]:
    """Check every problem under ``paths`` (packs or problem folders), one report each, as
    they are done. Solutions of packs not shipped with tutor run in strict isolation."""
    builtin = builtin_problems_dir().resolve()
    probe = functools.cache(_strict_status)  # asked once per validate, when first needed
    for path in paths:
        folders = problem_folders(path)
        if not folders:
            raise UsageError(
                f"{path}: no problem here — give a problem's folder (with a"
                " problem.yaml) or a pack of them"
            )
        for folder in folders:
            shipped = folder.resolve().is_relative_to(builtin)
            yield check_problem(folder, strict=not shipped, trust=trust, probe=probe)


def check_problem(
    folder: Path,
    *,
    strict: bool,
    trust: bool,
    problem_id: str | None = None,
    probe: Callable[[], tuple[bool, str]] | None = None,
) -> ProblemReport:
    """Every check of one problem folder; its solutions run only when its files are sound.
    ``probe`` says whether strict isolation works here (default: ask the runner)."""
    report = ProblemReport(folder)
    pack = BUILT_IN if not strict else str(folder.parent)
    problem, trouble = read_problem(folder, pack, problem_id)
    for item in trouble:
        report.add("broken", str(item))
    if problem is None:
        return report
    cases = _check_files(problem, report)
    report.findings += [Finding("note", note) for note in problem.notes]
    if not report.ok:
        report.add("note", "solutions not run: fix the files above first")
        return report
    isolated = strict and _strict_available(report, trust, probe or _strict_status)
    if strict and not isolated and not trust:
        return report
    report.isolation = "strict" if isolated else "limits"
    _check_solutions(problem, cases, report, strict=isolated)
    return report


def _check_files(problem: Problem, report: ProblemReport) -> list[Case]:
    where = problem.folder
    if "en" not in problem.statements:
        report.add("broken", f"{where / 'statement'}: no English statement — add problem.en.md")
    if problem.kind == "function" and "python" not in problem.starters:
        report.add("broken", f"{where / 'starter'}: no Python starter — add starter/python.py")
    elif not problem.starters:
        report.add("note", "no starter: students start from an empty program that reads stdin")
    cases, trouble = find_cases(problem)
    report.findings += [Finding("broken", str(t)) for t in trouble]
    if not trouble and not cases:
        report.add("broken", f"{where}: no tests — add {_test_place(problem)}")
    elif not trouble and not any(c.sample for c in cases):
        report.add(
            "broken",
            f"{where}: no sample test — mark one shown to the student ({_sample_place(problem)})",
        )
    report.findings += [Finding("broken", str(t)) for t in find_hints(where)[1]]
    if not submissions(where).get("accepted"):
        report.add(
            "broken",
            f"{where / 'submissions' / 'accepted'}: no accepted solution — add"
            " the reference solution there",
        )
    return cases


def _strict_status() -> tuple[bool, str]:
    from tutor.core.practice.runner import Isolation, isolation_available

    return isolation_available(Isolation.STRICT)


def _strict_available(
    report: ProblemReport, trust: bool, probe: Callable[[], tuple[bool, str]]
) -> bool:
    """Whether strict isolation works here; when it does not, say so and what --trust does."""
    available, reason = probe()
    if available:
        return True
    if trust:
        report.add("note", f"ran the solutions without strict isolation (--trust): {reason}")
    else:
        report.add("refused", f"solutions not run — {reason}; {TRUST_MEANS}")
    return False


def _check_solutions(
    problem: Problem, cases: list[Case], report: ProblemReport, *, strict: bool
) -> None:
    found = submissions(problem.folder)
    budget = problem.time_limit / 3
    for kind in ("accepted", *MUST_FAIL):
        for path in found.get(kind, []):
            name = f"{kind}/{path.name}"
            language = LANGUAGE_OF_SUFFIX.get(path.suffix.lower())
            if language is None:
                report.add("note", f"{name}: not run — tutor does not run '{path.suffix}' files")
                continue
            source = path.read_text(encoding="utf-8", errors="replace")
            try:
                result = run_code(
                    problem, source, language, cases, strict=strict, file_name=path.name
                )
            except TutorError as exc:
                report.add("note", f"{name}: not run — {exc}")
                continue
            failed = [t for t in result.results if str(t.verdict).lower() != "passed"]
            slowest = max(result.results, key=lambda t: t.seconds, default=None)
            took = f"slowest {slowest.seconds:.2f} s on '{slowest.name}'" if slowest else "no tests"
            report.checked.append(f"{name}: {result.passed}/{result.total} passed, {took}")
            if kind == "accepted":
                _accepted(report, name, result.compile_error, failed, slowest, budget)
            elif not failed and not result.compile_error:
                report.add(
                    "failed",
                    f"{name} passes every test — add a test that catches"
                    f" its mistake, or move it out of {kind}/",
                )
            elif kind == "time_limit_exceeded" and failed and not _out_of_time(failed):
                first = failed[0]
                report.add(
                    "failed",
                    f"{name} fails '{first.name}' by {first.verdict.label}, never by time — a"
                    " too-slow solution must run out of time on some test: add a larger test,"
                    " or move it to wrong_answer/",
                )


def _out_of_time(failed: list[TestResult]) -> bool:
    return any(t.verdict.value == "time_limit" for t in failed)


def _accepted(
    report: ProblemReport,
    name: str,
    compiled: str | None,
    failed: list[TestResult],
    slowest: TestResult | None,
    budget: float,
) -> None:
    if compiled:
        first = compiled.strip().splitlines()[0] if compiled.strip() else "compile error"
        report.add("failed", f"{name} does not compile: {first}")
        return
    for test in failed:
        why = f" ({test.message})" if test.message else ""
        verdict = str(test.verdict).lower().replace("_", " ")
        report.add("failed", f"{name} fails '{test.name}': {verdict}{why}")
    if not failed and slowest is not None and slowest.seconds > budget:
        seconds = slowest.seconds
        report.add(
            "failed",
            f"{name} took {seconds:.2f} s on '{slowest.name}',"
            f" over a third of the time limit ({budget * 3:g} s) — raise the limit or"
            " make the solution faster",
        )


def _test_place(problem: Problem) -> str:
    return "cases to tests.yaml" if problem.kind == "function" else "data/sample/*.in|.ans"


def _sample_place(problem: Problem) -> str:
    return "'sample: true' in tests.yaml" if problem.kind == "function" else "data/sample/"
