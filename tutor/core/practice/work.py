"""The student's work folder: where `practice start` puts the starter, and reading their code."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tutor.core.config import paths
from tutor.core.errors import UsageError
from tutor.core.practice.problem import Problem
from tutor.core.practice.runner.toolchains import EXTENSIONS

# Work file names per language; Java's must match its public class.
FILE_NAMES = {"java": "Main.java"}
# A stdio problem without a Python starter (a Kattis package) starts from this.
EMPTY_STDIO_PROGRAM = (
    "import sys\n\n\ndef main():\n    data = sys.stdin.read().split()\n\n\nmain()\n"
)
# The runner's table of file extensions, the one place that says which language a file is in.
LANGUAGE_OF_SUFFIX = EXTENSIONS


@dataclass(frozen=True)
class StudentCode:
    """The student's file as read now: its text, language, hash and when it was last saved."""

    path: Path
    text: str
    language: str
    saved_at: float

    @property
    def hash(self) -> str:
        return code_hash(self.text)


def code_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def language_of(path: Path) -> str:
    """The language of a source file by its extension; UsageError for one tutor cannot run."""
    language = LANGUAGE_OF_SUFFIX.get(path.suffix.lower())
    if language is None:
        known = ", ".join(sorted(LANGUAGE_OF_SUFFIX))
        raise UsageError(
            f"{path}: tutor does not know the language of '{path.suffix or path.name}' files"
            f" — use one of {known}"
        )
    return language


def default_file(problem: Problem, language: str, folder: Path | None = None) -> Path:
    """``<folder>/solution.<ext>`` (Java: ``Main.java``); the folder defaults to
    ``<data dir>/practice/<problem id>/``."""
    starter = problem.starters.get(language)
    suffix = (
        starter.suffix
        if starter
        else next((s for s, lang in LANGUAGE_OF_SUFFIX.items() if lang == language), ".txt")
    )
    name = FILE_NAMES.get(language, "solution" + suffix)
    return (folder if folder is not None else paths.practice_dir() / problem.id) / name


def start(problem: Problem, language: str, folder: Path | None = None) -> tuple[Path, bool]:
    """Write the starter for ``language`` into the work folder; an existing file is never
    overwritten. Returns the path and whether it was written now."""
    starter = problem.starters.get(language)
    if starter is None and not (problem.kind == "stdio" and language == "python"):
        have = ", ".join(sorted(problem.starters)) or "none"
        raise UsageError(f"'{problem.id}' has no {language} starter — starters: {have}")
    path = default_file(problem, language, folder)
    if path.exists():
        return path, False
    text = starter.read_text(encoding="utf-8") if starter else EMPTY_STDIO_PROGRAM
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # 'x': never replaces a file
            out.write(text)
    except FileExistsError:
        return path, False
    except OSError as exc:
        raise UsageError(
            f"cannot write {path}: {exc.strerror or exc} — pick another folder with --dir"
        ) from None
    return path, True


def read_code(path: Path) -> StudentCode:
    """The student's file; UsageError when it is missing or not text."""
    try:
        text = path.read_text(encoding="utf-8")
        saved = path.stat().st_mtime
    except FileNotFoundError:
        raise UsageError(
            f"no file {path} — `tutor practice start ID` writes one to begin with"
        ) from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text — save it as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return StudentCode(path, text, language_of(path), saved)
