"""What the `tutor practice` commands share: the packs, the store, your language and your code."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def student_lang(args: argparse.Namespace) -> str:
    from tutor.core.practice.problem import student_language

    return student_language(getattr(args, "lang", None), dict(os.environ))


def library(args: argparse.Namespace, *, warn: bool = True) -> Any:
    """The problems of every pack (broken ones said on stderr, one line each)."""
    from tutor.core.config import paths
    from tutor.core.practice.index import ProblemIndex
    from tutor.core.practice.library import ProblemLibrary

    index = ProblemIndex(paths.data_dir() / "problem-index.json")
    found = ProblemLibrary.load(args.pack, index=index)
    if warn:
        for trouble in found.broken.values():
            more = f" (and {len(trouble) - 1} more)" if trouble[1:] else ""
            print(f"tutor: warning: skipped a broken problem: {trouble[0]}{more}", file=sys.stderr)
    return found


def open_store() -> Any:
    from tutor.core.config import paths
    from tutor.core.store import Store

    return Store.open(paths.store_file())


def student_code(args: argparse.Namespace, problem: Any, store: Any, *, required: bool) -> Any:
    """The student's code: FILE if given, else the file `start` wrote, else the default."""
    from tutor.core.practice.work import default_file, read_code

    given = getattr(args, "file", None)
    if given is None:
        progress = store.problem_progress(problem.id)
        if progress and progress.work_file:
            given = Path(progress.work_file)
        else:
            given = default_file(problem, "python")
        if not required and not given.exists():
            return None
    return read_code(given)
