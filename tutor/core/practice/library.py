"""All problems the student can practise: built-in pack, the user's pack, ``--pack`` folders."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from tutor.core.config import paths
from tutor.core.errors import PackError, UsageError
from tutor.core.errors import Problem as FileProblem
from tutor.core.practice.folder import is_problem, problem_folders
from tutor.core.practice.index import ProblemIndex
from tutor.core.practice.problem import Problem
from tutor.core.sources import BUILT_IN

USER = "user"


def builtin_problems_dir() -> Path:
    """The built-in pack's folder (the ``tutor.builtin_problems`` package); in a source
    checkout that is not installed, the top-level ``problems/`` folder."""
    try:
        import tutor.builtin_problems as shipped  # a plain folder package: cheap to import
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "problems"
    return Path(next(iter(shipped.__path__)))


class ProblemLibrary:
    """The problems that loaded (``problems``, by id) and every problem found in their files
    (``trouble``). Later packs override earlier ones by id: built-in, then the user's pack,
    then each ``--pack`` folder. A broken problem is left out (one of the same id from an
    earlier pack stays) and never stops the others from loading."""

    def __init__(self, problems: dict[str, Problem], broken: dict[str, list[FileProblem]]) -> None:
        self.problems = problems
        self.broken = broken

    @property
    def trouble(self) -> list[FileProblem]:
        return [p for found in self.broken.values() for p in found]

    @classmethod
    def load(
        cls,
        extra: Sequence[Path] = (),
        *,
        builtin_dir: Path | None = None,
        user_dir: Path | None = None,
        index: ProblemIndex | None = None,
    ) -> ProblemLibrary:
        """Read every pack; ``extra`` are the ``--pack`` folders (each must exist). With an
        ``index``, problems whose files have not changed since it saw them are not re-read."""
        for folder in extra:
            if not folder.is_dir():
                raise UsageError(
                    f"--pack {folder}: no such folder — give a pack's folder (its"
                    " problems are subfolders with a problem.yaml)"
                )
        layers = [(builtin_dir or builtin_problems_dir(), BUILT_IN)]
        layers.append((user_dir or paths.user_problems_dir(), USER))
        layers += [(folder, str(folder)) for folder in extra]
        problems: dict[str, Problem] = {}
        broken: dict[str, list[FileProblem]] = {}
        for pack, name in layers:
            for folder in problem_folders(pack, checked=index is None):
                problem = index.lookup(str(folder), name) if index else None
                if problem is None:
                    from tutor.core.practice.problem_file import read_problem

                    if index and not is_problem(folder):
                        continue  # a subfolder that is not a problem

                    problem, found = read_problem(folder, name)
                    if problem is None:
                        broken[f"{name}:{folder.name}"] = found
                        continue
                    if index:
                        index.remember(problem)
                problems[problem.id] = problem
        if index:
            index.save()
        return cls(problems, broken)

    def ids(self) -> list[str]:
        """Problem ids, easiest first (no difficulty last), then by id."""
        return sorted(self.problems, key=lambda i: (self.problems[i].difficulty or 9, i))

    def get(self, problem_id: str) -> Problem:
        """The problem ``problem_id``; PackError if only a broken one has that id, UsageError
        (with a "did you mean") if none has."""
        found = self.problems.get(problem_id)
        if found is not None:
            return found
        for key, trouble in self.broken.items():
            if key.rsplit(":", 1)[-1] == problem_id:
                raise PackError(trouble)
        close = difflib.get_close_matches(problem_id, list(self.problems), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"no problem '{problem_id}' — {hint}`tutor practice list` shows them all")
