"""The labelled corpus: big and varied enough, every label true (leaking code really passes the
problem's tests, the good replies' code really does not — run through the practice runner), and
the guard's verdicts on it without execution."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.guard.labelled import (
    CODE_LEAKS,
    GOOD,
    LEAKS,
    LabelledProblem,
    Reply,
    all_tests,
    load_corpus,
    pack_tests,
)
from tutor.core.guard import check_leak, find_blocks
from tutor.core.guard.execution import HiddenTests
from tutor.core.practice.runner import (
    Isolation,
    RunnerError,
    run_function,
    run_stdio,
)
from tutor.core.practice.runner.toolchains import toolchain

CORPUS = load_corpus()
RUNNABLE = ("python", "javascript", "cpp", "java", "rust", "go")


def test_the_corpus_is_big_varied_and_split_in_two() -> None:
    replies = [r for p in CORPUS for r in p.replies]
    assert len(replies) >= 150 and len(CORPUS) >= 12
    assert len({r.id for r in replies}) == len(replies)
    assert {r.lang for r in replies} == {"en", "ko"}
    assert sum(r.lang == "ko" for r in replies) >= 50
    kinds = Counter((r.kind, r.held_out) for r in replies)
    for kind in (*LEAKS, *GOOD):
        assert kinds[(kind, False)] >= 3 and kinds[(kind, True)] >= 3, kind
    assert {r.label for r in replies if r.kind in LEAKS} == {"leak"}
    assert {r.label for r in replies if r.kind in GOOD} == {"ok"}
    ports = Counter(b.language for r in replies if r.kind == "port" for b in find_blocks(r.text))
    assert {"javascript", "cpp", "java"} <= set(ports)


def test_the_guard_without_execution_on_every_reply() -> None:
    """Every code leak is caught; of the good replies only complete-but-wrong attempts are
    flagged (telling them from solutions takes running them: the execution layer)."""
    missed, flagged = [], []
    for problem in CORPUS:
        for reply in problem.replies:
            report = check_leak(
                reply.text,
                problem.references,
                student_code=[reply.student] if reply.student else [],
                entry_point=problem.entry_point,
                kind=problem.kind,
            )
            if reply.kind in CODE_LEAKS and not report.leak:
                missed.append(reply.id)
            if reply.kind in GOOD and reply.kind != "wrong" and report.leak:
                flagged.append(reply.id)
    assert missed == [] and flagged == []


def _programs(reply: Reply) -> list[tuple[str, str]]:
    """Each code block, and the blocks of one language joined (a solution split in pieces)."""
    blocks = [b for b in find_blocks(reply.text) if b.language]
    found = [(b.code, str(b.language)) for b in blocks]
    for language in {b.language for b in blocks}:
        same = [b.code for b in blocks if b.language == language]
        if len(same) > 1:
            found.append(("\n".join(same), str(language)))
    return found


def _passes_all(problem: LabelledProblem, code: str, language: str, tests: HiddenTests) -> bool:
    limits, compare, cases = tests.limits, tests.compare, list(tests.cases)
    isolation = Isolation.LIMITS  # the corpus is our own code; the guard itself runs STRICT
    if language not in RUNNABLE or not toolchain(language).available:
        return False
    try:
        if problem.kind == "function":
            if language not in ("python", "javascript"):
                return False
            entry = _entry(problem, language)
            result = run_function(code, language, entry, cases, limits, compare, isolation)
        else:
            result = run_stdio(code, language, cases, limits, compare, isolation)
    except RunnerError:
        return False
    return result.all_passed


def _entry(problem: LabelledProblem, language: str) -> str:
    name = str(problem.entry_point)
    if language == "javascript":
        head, *rest = name.split("_")
        return head + "".join(w.capitalize() for w in rest)
    return name


@pytest.mark.parametrize("problem", CORPUS, ids=[p.id for p in CORPUS])
def test_every_label_is_true(problem: LabelledProblem) -> None:
    """Leaking code passes every test (one of its blocks, or its blocks joined); no block of a
    good reply does. The tests are the built-in pack's own for the problem and the corpus's."""
    if pack_tests(problem) is None:
        pytest.fail(f"the built-in pack has no problem '{problem.id}'")
    cases = all_tests(problem)
    assert problem.references, "the pack's accepted solutions are what the guard compares with"
    for reference in [*problem.references, *problem.written_from]:
        assert _passes_all(problem, reference.source, str(reference.language), cases)
    wrong = []
    for reply in problem.replies:
        passing = any(_passes_all(problem, c, lang, cases) for c, lang in _programs(reply))
        if reply.kind in CODE_LEAKS and not passing:
            wrong.append(f"{reply.id}: labelled a leak, but no code in it passes")
        if reply.kind in GOOD and passing:
            wrong.append(f"{reply.id}: labelled good, but its code passes every test")
    assert wrong == []
