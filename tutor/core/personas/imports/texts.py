"""Other tools' texts made fit for a persona: literal braces kept literal, ids and names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tutor.core.personas.imports.imported import Imported
from tutor.core.personas.placeholders import PLACEHOLDER

_NAMED = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_NOT_ID = re.compile(r"[^a-z0-9_]+")


class Braces:
    """Keeps a ``{{name}}`` that another tool means as plain text from becoming a placeholder.

    A persona fills every ``{{name}}``; the way to write one as it is (personas/README.md,
    "Placeholders") is a variable whose value is ``{{``: ``{{open}}name}}`` reads ``{{name}}``.
    The variable is called ``open`` unless the texts already use that name.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        taken = {a or b for text in texts for a, b in _NAMED.findall(text)}
        self.name = "open"
        n = 2
        while self.name in taken:
            self.name, n = f"open{n}", n + 1
        self.used = False

    def literal(self, text: str, keep: Iterable[str] = ()) -> str:
        """``text`` with every placeholder written to stay as it is, except those in ``keep``."""
        kept = set(keep)

        def escape(match: re.Match[str]) -> str:
            if match.group(1) in kept:
                return match.group(0)
            self.used = True
            return "{{" + self.name + "}}" + match.group(0)[2:]

        return PLACEHOLDER.sub(escape, text)

    def declare(self, made: Imported) -> None:
        """Add the variable to ``made`` if any text needed it, with a note saying why."""
        if not self.used:
            return
        made.variables[self.name] = "{{"
        made.notes.append(
            f"'{{{{{self.name}}}}}' writes a literal '{{{{': the {made.kind} has '{{{{...}}}}'"
            " that is plain text, not a placeholder."
        )


def id_from(text: str) -> str | None:
    """A persona id made from a file or character name, or ``None`` if nothing is left of it
    (a name in Hangul, say: then the user gives one with ``--id``)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = _NOT_ID.sub("-", plain.lower()).strip("-_")[:64].strip("-_")
    return made or None


def counted(number: int, word: str) -> str:
    """``1 line``, ``2 lines``."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def title(persona_id: str) -> str:
    """A readable name from an id: ``extract_wisdom`` → ``Extract wisdom``."""
    words = re.sub(r"[-_.]+", " ", persona_id).strip()
    return (words[:1].upper() + words[1:]) if words else persona_id


def tidy(text: str) -> str:
    """``text`` without blank lines at its start and spaces at its end."""
    return text.strip("\n").rstrip()
