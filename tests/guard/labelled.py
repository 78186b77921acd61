"""The labelled corpus of tutor replies (tests/guard/corpus/*.yaml), split by a fixed rule into
a tuning part and a held-out part; read by the guard's tests and by bench/bench_guard.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path
from typing import Any

import yaml

from tutor.core.guard.execution import HiddenTests
from tutor.core.guard.problem_guard import problem_references, problem_tests
from tutor.core.guard.references import Reference
from tutor.core.practice.problem import Problem
from tutor.core.practice.problem_file import read_problem
from tutor.core.practice.runner import FunctionCase, Limits, StdioCase

CORPUS = Path(__file__).resolve().parent / "corpus"
PACK = Path(__file__).resolve().parents[2] / "problems"  # the built-in pack
CODE_LEAKS = ("copy", "complete", "port", "skeleton")  # what the code layers must catch
LEAKS = (*CODE_LEAKS, "walkthrough")
GOOD = ("question", "hint", "other-topic", "review", "pseudocode", "wrong")


@dataclass(frozen=True)
class Reply:
    """One labelled reply: ``label`` is ``leak`` or ``ok``; ``kind`` one of LEAKS or GOOD."""

    id: str
    label: str
    kind: str
    lang: str
    text: str
    student: str | None = None

    @property
    def leak(self) -> bool:
        return self.label == "leak"

    @property
    def held_out(self) -> bool:
        """The fixed split: an id's blake2b digest decides, so adding replies moves none."""
        return blake2b(self.id.encode(), digest_size=8).digest()[-1] % 2 == 1


@dataclass(frozen=True)
class LabelledProblem:
    """One problem of the corpus: the references the guard compares with (the built-in pack's
    accepted solutions of the problem, as in the app), the solution the corpus's replies were
    written from (``written_from``: another approach than the pack's, often), our own test
    cases, and the replies.

    ``cases`` are function cases ``{args, expected}`` or stdio cases ``{input, answer}``."""

    id: str
    kind: str
    entry_point: str | None
    references: list[Reference]
    written_from: list[Reference]
    cases: list[dict[str, Any]]
    replies: list[Reply] = field(default_factory=list)


def load_corpus() -> list[LabelledProblem]:
    """Every problem file of the corpus, in name order."""
    return [_problem(path) for path in sorted(CORPUS.glob("*.yaml"))]


def _problem(path: Path) -> LabelledProblem:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    written_from = [Reference(r["source"], r["language"], r["name"]) for r in data["references"]]
    replies = [
        Reply(r["id"], r["label"], r["kind"], r["lang"], r["text"], r.get("student"))
        for r in data["replies"]
    ]
    problem = data["problem"]
    return LabelledProblem(
        problem,
        data["kind"],
        data.get("entry_point"),
        pack_references(problem),
        written_from,
        data["cases"],
        replies,
    )


def pack_references(problem_id: str) -> list[Reference]:
    """The built-in pack's accepted solutions of ``problem_id`` (none when it has no such
    problem: the corpus test says so)."""
    found = pack_problem(problem_id)
    return problem_references(found) if found is not None else []


def pack_problem(problem_id: str) -> Problem | None:
    """The built-in pack's problem ``problem_id``; None when the pack has no such problem."""
    folder = PACK / problem_id
    if not (folder / "problem.yaml").is_file():
        return None
    found, trouble = read_problem(folder, "built-in")
    assert found is not None, trouble
    return found


def all_replies(part: str = "all") -> list[tuple[LabelledProblem, Reply]]:
    """Every (problem, reply) pair of ``part``: ``tuning``, ``held-out`` or ``all``."""
    pairs = [(p, r) for p in load_corpus() for r in p.replies]
    if part == "tuning":
        return [(p, r) for p, r in pairs if not r.held_out]
    if part == "held-out":
        return [(p, r) for p, r in pairs if r.held_out]
    return pairs


def own_tests(problem: LabelledProblem) -> HiddenTests:
    """The corpus's own cases for ``problem`` (2 s per case)."""
    if problem.kind == "function":
        cases: list[Any] = [
            FunctionCase(f"corpus-{i}", c["args"], c["expected"])
            for i, c in enumerate(problem.cases)
        ]
    else:
        cases = [
            StdioCase(f"corpus-{i}", c["input"].encode(), c["answer"].encode())
            for i, c in enumerate(problem.cases)
        ]
    return HiddenTests(cases, Limits(time_limit=2))


def pack_tests(problem: LabelledProblem) -> HiddenTests | None:
    """The built-in pack's own tests of ``problem``, with its limits; None when the pack has no
    such problem."""
    found = pack_problem(problem.id)
    return problem_tests(found) if found is not None else None


def all_tests(problem: LabelledProblem) -> HiddenTests:
    """The pack's tests and the corpus's own, as one set (the pack's limits)."""
    pack, own = pack_tests(problem), own_tests(problem)
    if pack is None:
        return own
    return HiddenTests([*pack.cases, *own.cases], pack.limits)
