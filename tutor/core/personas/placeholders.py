"""``{{name}}`` placeholders: finding them in a persona's texts, checking them, filling them in.

Only ``{{name}}`` (spaces allowed inside the braces) where the name is letters, digits and ``_``
is a placeholder; any other braces are plain text, so code such as ``int a[2][2] = {{1, 2}};``
needs no escaping. Filling is a single pass: a value that itself holds ``{{x}}`` is not filled
again. To write a literal ``{{name}}`` (rare), declare a variable whose default is ``"{{"``,
e.g. ``open: "{{"``, and write ``{{open}}name}}``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from tutor.core.errors import Problem
from tutor.core.personas.problems import field_label, quoted
from tutor.core.yamldoc.reader import KeyPath, YamlDoc

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def names_in(text: str) -> list[str]:
    """The placeholder names in ``text``, each once, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every placeholder replaced by its value (all must be in ``values``)."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def texts_of(fields: Mapping[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """The texts that may hold placeholders, with their path in the file."""
    for key in ("system", "reminder", "greeting"):
        text = fields.get(key)
        if isinstance(text, str):
            yield (key,), text
    for i, turn in enumerate(fields.get("examples") or ()):
        yield ("examples", i, "content"), turn.content


def undeclared(
    doc: YamlDoc, fields: Mapping[str, Any], declared: Mapping[str, str | None]
) -> list[Problem]:
    """A problem for each placeholder in ``fields`` that ``declared`` does not name."""
    problems = []
    for path, text in texts_of(fields):
        for name in names_in(text):
            if name in declared:
                continue
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.7)
            fix = f"did you mean '{{{{{close[0]}}}}}'? If not, add" if close else "add"
            message = (
                f"'{{{{{name}}}}}' in '{field_label(path)}' is not declared"
                f" — {fix} it under 'variables:'"
            )
            problems.append(doc.problem(path, message))
    return problems


def bad_variable_names(doc: YamlDoc, variables: Mapping[str, str | None]) -> list[Problem]:
    """A problem for each declared variable whose name could never be used as a placeholder."""
    return [
        doc.problem(
            ("variables", name),
            f"variable name {quoted(name)} cannot be used as a placeholder"
            " — use letters, digits and '_' (not starting with a digit)",
            key=True,
        )
        for name in variables
        if not VARIABLE_NAME.fullmatch(name)
    ]
