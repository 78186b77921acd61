"""Importing a problem folder (ours or a Kattis package) into the user's pack, after checking it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from tutor.core.config import paths
from tutor.core.errors import UsageError
from tutor.core.practice.folder import all_files
from tutor.core.practice.problem import PROBLEM_ID_PATTERN
from tutor.core.practice.validate import ProblemReport, check_problem, exit_code


def id_for(folder: Path) -> str:
    """A problem id made from a folder name: lowercase, runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:64]


def check_import(source: Path, problem_id: str | None, *, trust: bool) -> tuple[str, ProblemReport]:
    """The id the problem gets and what validate found, its solutions run in strict isolation."""
    if not (source / "problem.yaml").is_file():
        raise UsageError(
            f"{source}: not a problem folder (it has no problem.yaml) — give the"
            " folder of one problem"
        )
    chosen = problem_id or id_for(source)
    if not PROBLEM_ID_PATTERN.match(chosen):
        raise UsageError(
            f"'{chosen}' cannot be a problem id — choose one with --id (lowercase"
            " letters, digits and '-')"
        )
    return chosen, check_problem(source, strict=True, trust=trust, problem_id=chosen)


def copy_in(
    source: Path, problem_id: str, *, replace: bool = False, user_dir: Path | None = None
) -> tuple[Path, int]:
    """Copy the problem's files (symlinks and hidden files left out) to ``<user pack>/<id>``;
    returns the folder and how many files were copied. Never half-written: the copy is made
    beside the target and renamed into place."""
    pack = user_dir or paths.user_problems_dir()
    target = pack / problem_id
    if target.exists() and not replace:
        raise UsageError(
            f"your pack already has '{problem_id}' ({target}) — pass --replace to"
            " overwrite it, or --id to import it under another id"
        )
    temporary = pack / f".{problem_id}.importing-{os.getpid()}"
    files = all_files(source)
    try:
        for path in files:
            destination = temporary / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        old = pack / f".{problem_id}.replaced-{os.getpid()}"
        if target.exists():
            target.rename(old)
        temporary.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise UsageError(
            f"cannot copy into {pack}: {exc.strerror or exc} — check that you can write there"
        ) from None
    return target, len(files)


__all__ = ["check_import", "copy_in", "exit_code", "id_for"]
