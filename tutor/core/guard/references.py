"""The accepted solutions a reply is compared with: their code, language and name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tutor.core.errors import UsageError
from tutor.core.guard import languages
from tutor.core.guard.shape import READS
from tutor.core.yamldoc.reader import MAX_BYTES


@dataclass(frozen=True)
class Reference:
    """One accepted solution. ``language`` is tutor's name for it (python, javascript, cpp,
    java, rust, go, or any language Pygments knows); ``name`` says which one in reasons."""

    source: str
    language: str | None
    name: str = "the reference"

    @staticmethod
    def read(path: Path | str) -> Reference:
        """The solution in ``path``; its extension tells the language."""
        file = Path(path)
        language = languages.from_path(file)
        if language is None:
            raise UsageError(
                f"{file}: cannot tell the language of a solution from its extension"
                " — name it .py, .js, .cpp, .java, .rs, .go (or another language's extension)"
            )
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise UsageError(f"{file}: cannot read the solution: {exc.strerror or exc}") from None
        if len(raw) > MAX_BYTES:
            raise UsageError(f"{file}: a solution over 1 MB is not a solution — check the path")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(f"{file}: not UTF-8 text — save the solution as UTF-8") from None
        return Reference(text, language, file.name)


_DEFINED = re.compile(
    r"^(?:def\s+(\w+)\s*\(|function\s+(\w+)\s*\(|(?:const|let|var)\s+(\w+)\s*=\s*(?:function|\())",
    re.MULTILINE,
)


def problem_shape(references: Sequence[Reference]) -> tuple[str | None, str]:
    """The entry point and kind the references imply: a solution that reads its input is a
    stdio program; otherwise the top-level function no other one calls is the entry point."""
    if not references or any(READS.search(r.source) for r in references):
        return None, "stdio"
    for reference in references:
        defined = [next(n for n in names if n) for names in _DEFINED.findall(reference.source)]
        called = [name for name in defined if len(re.findall(rf"\b{name}\b", reference.source)) > 1]
        entries = [name for name in defined if name not in called] or defined
        if entries:
            return _snake(entries[0]), "function"
    return None, "function"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)
