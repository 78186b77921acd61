"""A problem's authored hints (hints.yaml): the rungs of the ladder a pack writes, per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.errors import PackError
from tutor.core.errors import Problem as FileProblem
from tutor.core.practice.checks import FileCheck
from tutor.core.yamldoc.words import shown

TOP_RUNG = 6


@dataclass(frozen=True)
class AuthoredHints:
    """Rung (1–6) → language → text. A rung the pack leaves out is asked of the tutor."""

    by_rung: dict[int, dict[str, str]] = field(default_factory=dict)

    def text(self, rung: int, lang: str) -> str | None:
        """The hint for ``rung`` in ``lang`` (else English, else any), or None."""
        texts = self.by_rung.get(rung, {})
        for choice in (lang, "en", *texts):
            if texts.get(choice):
                return texts[choice]
        return None


def read_hints(folder: Path) -> AuthoredHints:
    """The hints of the problem in ``folder`` (none when it has no hints.yaml)."""
    hints, problems = find_hints(folder)
    if problems:
        raise PackError(problems)
    return hints


def find_hints(folder: Path) -> tuple[AuthoredHints, list[FileProblem]]:
    """The hints that could be read, and the problems of hints.yaml."""
    path = folder / "hints.yaml"
    if not path.is_file():
        return AuthoredHints(), []
    check = FileCheck.read(path)
    data = check.doc.data
    if check.problems:
        return AuthoredHints(), check.problems
    if not isinstance(data, dict) or not isinstance(data.get("hints"), dict):
        check.fail(
            (),
            "hints.yaml must hold 'hints:', a mapping of rungs 1–6 to texts,"
            " e.g. '1: {en: ..., ko: ...}'",
        )
        return AuthoredHints(), check.problems
    check.unknown_keys((), data, ("hints",))
    by_rung: dict[int, dict[str, str]] = {}
    for key, value in data["hints"].items():
        where = ("hints", key)
        rung = int(key) if str(key).isdigit() else 0
        if not 1 <= rung <= TOP_RUNG:
            check.fail(
                where, f"'{key}' is not a rung — the ladder's rungs are 1 to {TOP_RUNG}", key=True
            )
            continue
        if not isinstance(value, str | dict):
            check.fail(
                where, f"rung {rung} must be a text or '{{en: ..., ko: ...}}', got {shown(value)}"
            )
            continue
        texts = check.per_language(where, value)
        if not texts and not check.problems:
            check.fail(where, f"rung {rung} is empty — write the hint or remove the rung")
        by_rung[rung] = texts
    return AuthoredHints(by_rung), check.problems
