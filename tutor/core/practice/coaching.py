"""Gathering a practice brief for a problem: its files, the student's code, runs and hints."""

from __future__ import annotations

from pathlib import Path

from tutor.core.practice.brief import BriefParts, practice_brief
from tutor.core.practice.cases import read_cases
from tutor.core.practice.folder import submissions
from tutor.core.practice.hints import read_hints
from tutor.core.practice.ladder import NextHint
from tutor.core.practice.problem import Problem
from tutor.core.practice.work import LANGUAGE_OF_SUFFIX, StudentCode
from tutor.core.store import Store

PRACTICE_PERSONA = "algorithm-coach"


def reference_solution(problem: Problem, language: str | None) -> tuple[str, str] | None:
    """An accepted solution as (language, source): in the student's language when the pack
    has one, else Python, else the first in a language tutor knows."""
    found: dict[str, Path] = {}
    for path in submissions(problem.folder).get("accepted", []):
        lang = LANGUAGE_OF_SUFFIX.get(path.suffix.lower())
        if lang:
            found.setdefault(lang, path)
    for choice in (language, "python", *found):
        if choice in found:
            return choice, found[choice].read_text(encoding="utf-8", errors="replace")
    return None


def build_brief(
    problem: Problem,
    store: Store,
    *,
    lang: str,
    code: StudentCode | None,
    requested: NextHint | None = None,
) -> str:
    """The brief for the next turn on ``problem``: statement, tests (hidden ones by name),
    the reference, the student's code, their latest run, hints had and the one asked for."""
    run = store.latest_run(problem.id)
    authored = read_hints(problem.folder)
    hints = [
        (h, authored.text(h.rung, lang) if h.source == "authored" else None)
        for h in store.hints_given(problem.id)
    ]
    language = code.language if code else None
    parts = BriefParts(
        problem=problem,
        lang=lang,
        statement=problem.statement(lang),
        cases=read_cases(problem),
        reference=reference_solution(problem, language),
        code=code.text if code else None,
        code_language=language,
        code_changed_since_run=bool(code and run and run.code_hash != code.hash),
        run=run,
        hints=hints,
        requested=requested,
    )
    return practice_brief(parts)
