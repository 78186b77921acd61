"""A problem folder's layout: statements, starters, submissions, and the hash of its files."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

STATEMENT_FOLDERS = ("statement", "problem_statement")  # the second is Kattis's legacy name
STATEMENT_NAME = re.compile(r"^problem(?:\.([A-Za-z]{2,3}(?:-[A-Za-z]+)?))?\.(md|tex)$")
SUBMISSION_KINDS = ("accepted", "wrong_answer", "time_limit_exceeded", "run_time_error")
_SKIPPED = {"__pycache__", ".git", ".hg", ".svn", ".DS_Store"}


def visible_files(folder: Path) -> list[Path]:
    """The files directly in ``folder``, sorted; hidden ones and caches left out."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if not e.name.startswith(".") and e.is_file()]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]


def statements(folder: Path) -> tuple[dict[str, Path], list[str]]:
    """The statement file per language (``problem.<lang>.md``; ``problem.md`` is English;
    Markdown wins over LaTeX), and notes about what was found."""
    found: dict[str, Path] = {}
    notes: list[str] = []
    for name in STATEMENT_FOLDERS:
        for path in visible_files(folder / name):
            match = STATEMENT_NAME.match(path.name)
            if not match:
                continue
            lang = (match.group(1) or "en").lower()
            if lang not in found or (found[lang].suffix == ".tex" and path.suffix == ".md"):
                found[lang] = path
    if any(p.suffix == ".tex" for p in found.values()):
        notes.append("a statement is in LaTeX: it is shown as its source text")
    return found, notes


_TITLE = re.compile(r"\\problemname\{([^}]*)\}|^#\s+(.+)$", re.MULTILINE)


def title_in_statements(found: dict[str, Path]) -> dict[str, str]:
    """Names read from the statements (``# Title`` or LaTeX's ``\\problemname{Title}``), for
    packages whose problem.yaml gives none."""
    names: dict[str, str] = {}
    for lang, path in found.items():
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            continue
        match = _TITLE.search(head)
        if match:
            names[lang] = (match.group(1) or match.group(2)).strip()
    return names


def starters(folder: Path) -> dict[str, Path]:
    """``starter/<language>.<ext>`` by language (``python``, ``javascript``, ``cpp``, …)."""
    return {p.stem: p for p in visible_files(folder / "starter") if p.suffix}


def submissions(folder: Path) -> dict[str, list[Path]]:
    """The solution files under ``submissions/<kind>/`` by kind (single files only)."""
    out: dict[str, list[Path]] = {}
    for kind in SUBMISSION_KINDS:
        files = [p for p in visible_files(folder / "submissions" / kind) if p.suffix]
        if files:
            out[kind] = files
    return out


def all_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (hidden files, caches and symlinks left out), sorted."""
    out: list[Path] = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") or p in _SKIPPED for p in parts) or path.suffix == ".pyc":
            continue
        if path.is_file() and not path.is_symlink():
            out.append(path)
    return out


def files_hash(folder: Path) -> str:
    """sha256 over every file's relative path and bytes, in path order: the same on any
    machine for the same files, different when any file changes, appears or goes."""
    digest = hashlib.sha256()
    for path in all_files(folder):
        name = path.relative_to(folder).as_posix().encode()
        data = path.read_bytes()
        digest.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def problem_folders(pack: Path, *, checked: bool = True) -> list[Path]:
    """The problem folders of a pack, sorted: its subfolders holding a ``problem.yaml`` — or
    ``pack`` itself when it is one problem's folder. With ``checked`` false, every visible
    subfolder (the caller looks for the problem.yaml itself)."""
    if (pack / "problem.yaml").is_file():
        return [pack]
    try:
        with os.scandir(pack) as entries:
            names = sorted(e.name for e in entries if not e.name.startswith(".") and e.is_dir())
    except OSError:
        return []
    found = (os.path.join(pack, name) for name in names)
    return [Path(p) for p in found if not checked or is_problem(p)]


def is_problem(folder: str | Path) -> bool:
    return os.path.isfile(os.path.join(folder, "problem.yaml"))
