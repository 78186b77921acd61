"""Reads one persona file into a Draft: its checked fields, or every problem found in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tutor.core.errors import Problem
from tutor.core.personas.placeholders import bad_variable_names
from tutor.core.personas.problems import describe_all
from tutor.core.personas.schema import ID_PATTERN, PersonaFile
from tutor.core.rehearsal.files import persona_cases
from tutor.core.rehearsal.spec import Case
from tutor.core.yamldoc.reader import YAML_SUFFIXES as SUFFIXES
from tutor.core.yamldoc.reader import YamlDoc, YamlProblems, parse_yaml, read_yaml


@dataclass(eq=False)
class Draft:
    """One persona file before ``extends`` is resolved.

    ``spec`` is ``None`` when the file has problems of its own; ``id`` is still known (from
    ``id:`` or the file name) so that personas extending it can say why they cannot.
    ``layer`` orders the folders: built-ins 0, the user's folder 1, files being validated 2.
    """

    id: str
    path: str
    source: str
    layer: int
    doc: YamlDoc
    spec: PersonaFile | None = None
    problems: list[Problem] = field(default_factory=list)
    cases: tuple[Case, ...] = ()  # its own rehearsal cases (the 'rehearsals:' key)

    @property
    def ok(self) -> bool:
        return self.spec is not None and not self.problems

    def given(self) -> set[str]:
        """The keys this file itself writes."""
        return set(self.spec.model_fields_set) if self.spec else set()


def persona_files(folder: Path) -> list[Path]:
    """The persona files in ``folder`` (``*.yaml``, ``*.yml``; hidden files skipped), sorted."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted(
        p for p in entries if p.suffix in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def _not_a_mapping(data: object) -> str:
    if data is None:
        return "the file is empty — a persona needs at least 'name:' and 'system:'"
    what = "a list" if isinstance(data, list) else "a single value"
    return f"a persona file must be a mapping of keys such as 'name:' and 'system:', not {what}"


def _turn_order(doc: YamlDoc, spec: PersonaFile) -> list[Problem]:
    """Examples must alternate user, assistant, … and end with the tutor's turn.

    Chat templates of many local models reject any other order.
    """
    turns = spec.examples or []
    for i, turn in enumerate(turns):
        want = "user" if i % 2 == 0 else "assistant"
        if turn.role != want:
            message = (
                f"'examples[{i}].role' must be '{want}' — examples alternate"
                " user, assistant, … starting with the student's turn"
            )
            return [doc.problem(("examples", i, "role"), message)]
    if len(turns) % 2:
        at = ("examples", len(turns) - 1)
        message = "'examples' ends with a user turn — add the tutor's reply after it"
        return [doc.problem(at, message)]
    return []


def read_draft(
    path: Path, layer: int, source: str | None = None, *, text: str | None = None
) -> Draft:
    """Read and check ``path`` on its own; ``source`` defaults to the path. With ``text``,
    that text is checked as if it were the file's content (the file is not read)."""
    label = str(path)
    draft = Draft(
        id=path.stem, path=label, source=source or label, layer=layer, doc=YamlDoc(label, None)
    )
    try:
        if text is None:
            draft.doc = doc = read_yaml(path, label)
        else:  # a lone surrogate (a broken paste) is then said as invalid UTF-8, at its place
            draft.doc = doc = parse_yaml(text.encode("utf-8", "surrogatepass"), label)
    except YamlProblems as exc:
        draft.problems = list(exc.problems)
        return draft
    data = doc.data
    if not isinstance(data, dict):
        draft.problems = [doc.problem((), _not_a_mapping(data))]
        return draft
    if isinstance(data.get("id"), str) and re.match(ID_PATTERN, data["id"]):
        draft.id = data["id"]
    elif "id" not in data and not re.match(ID_PATTERN, path.stem):
        message = (
            f"the file name '{path.stem}' cannot be a persona id — rename the file"
            " (letters, digits, '-', '_', '.') or add 'id: ...'"
        )
        draft.problems.append(doc.problem((), message))
    try:
        spec = PersonaFile.model_validate(data)
    except ValidationError as exc:
        draft.problems += describe_all(doc, exc)
        spec = None
    if isinstance(data.get("variables"), dict):
        draft.problems += bad_variable_names(doc, data["variables"])
    if spec is not None:
        draft.problems += _turn_order(doc, spec)
        draft.spec = spec
    if spec is not None and spec.rehearsals is not None:
        cases, problems = persona_cases(doc, data["rehearsals"])
        draft.cases = tuple(cases)
        draft.problems += problems
    draft.problems.sort(key=lambda p: (p.line, p.col))
    return draft
