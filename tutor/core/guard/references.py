"""The accepted solutions a reply is compared with: their code, language and name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.core.errors import UsageError
from tutor.core.guard import languages

MAX_BYTES = 1_000_000


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
