"""The problems the practice screen lists (no Textual): every pack, the student's progress on
each, and the filters by concept, difficulty, status and words of the title."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.core.practice.library import ProblemLibrary

if TYPE_CHECKING:
    from tutor.core.practice.problem import Problem
    from tutor.core.store import ProblemProgress, Store

STATUS_MARKS = {"solved": "✓", "tried": "◐", "new": " "}


def read_library() -> ProblemLibrary:
    """The problems of every pack; problems whose files did not change since the index saw
    them are not parsed again. Blocking."""
    from tutor.core.config import paths
    from tutor.core.practice.index import ProblemIndex

    return ProblemLibrary.load(index=ProblemIndex(paths.data_dir() / "problem-index.json"))


@dataclass(frozen=True)
class Filters:
    """What the list shows: None (or "") lets everything through."""

    concept: str | None = None
    difficulty: int | None = None
    status: str | None = None
    words: str = ""


@dataclass(frozen=True)
class Listed:
    """One row of the list: the problem, its title in the student's language, and whether the
    student solved it, tried it, or never touched it."""

    problem: Problem
    title: str
    status: str

    @property
    def mark(self) -> str:
        return STATUS_MARKS[self.status]


class Catalogue:
    """The problems of every pack, easiest first, with the student's progress."""

    def __init__(
        self, library: ProblemLibrary, progress: dict[str, ProblemProgress], lang: str
    ) -> None:
        self.library = library
        self.progress = progress
        self.lang = lang

    @classmethod
    async def gather(cls, store: Store, lang: str) -> Catalogue:
        """Every pack, read in a thread through the problem index (as `tutor practice list`
        reads them), and the progress, read on the store's thread."""
        library = await asyncio.to_thread(read_library)
        return cls(library, await store.later(store.all_progress), lang)

    def with_progress(self, progress: dict[str, ProblemProgress]) -> Catalogue:
        return Catalogue(self.library, progress, self.lang)

    def status(self, problem_id: str) -> str:
        found = self.progress.get(problem_id)
        return found.status if found is not None else "new"

    def listed(self, filters: Filters = Filters()) -> list[Listed]:
        """The problems that pass ``filters``, easiest first."""
        words = filters.words.casefold().split()
        rows = []
        for problem_id in self.library.ids():
            problem = self.library.problems[problem_id]
            status = self.status(problem_id)
            if filters.concept and filters.concept not in problem.concepts:
                continue
            if filters.difficulty and problem.difficulty != filters.difficulty:
                continue
            if filters.status and status != filters.status:
                continue
            title = problem.title(self.lang)
            if words:
                said = " ".join((title, problem_id, *problem.concepts)).casefold()
                if not all(word in said for word in words):
                    continue
            rows.append(Listed(problem, title, status))
        return rows

    def concepts(self) -> list[str]:
        """Every concept some problem practises, sorted."""
        return sorted({c for p in self.library.problems.values() for c in p.concepts})

    def difficulties(self) -> list[int]:
        return sorted({p.difficulty for p in self.library.problems.values() if p.difficulty})

    def last_practised(self) -> str | None:
        """The problem the student was on last (one still in the packs), if any."""
        known = [p for p in self.progress.values() if p.problem_id in self.library.problems]
        return max(known, key=lambda p: p.last_active_at).problem_id if known else None

    def trouble(self) -> list[str]:
        """One line per broken problem left out of the list."""
        lines = []
        for found in self.library.broken.values():
            more = f" (and {len(found) - 1} more)" if found[1:] else ""
            lines.append(f"skipped a broken problem: {found[0]}{more}")
        return lines
