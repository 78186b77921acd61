"""The student's work file on the practice screen (no Textual): the file `tutor practice start`
writes, opened (started from the starter when there is none yet), saved whole, and noticed when
something else — their own editor — saved it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.core.practice.work import StudentCode, read_code, start

if TYPE_CHECKING:
    from tutor.core.practice.problem import Problem
    from tutor.core.store import Store

LANGUAGE = "python"  # what a problem opened here for the first time starts in

Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@dataclass
class WorkFile:
    """One problem's file; ``stamp`` is its time and size as last read or written here."""

    path: Path
    language: str
    stamp: Stamp = None

    @classmethod
    def open(cls, problem: Problem, store: Store) -> tuple[WorkFile, StudentCode]:
        """The file the student works in for ``problem`` — the one `start` wrote (here or in
        the CLI), else a new one from the starter — read now. Blocking: call it in a thread;
        raises UsageError (no starter, unreadable file)."""
        progress = store.problem_progress(problem.id)
        path = Path(progress.work_file) if progress and progress.work_file else None
        if path is None or not path.exists():
            path, _ = start(problem, LANGUAGE)
        code = read_code(path)
        work = cls(path, code.language, _stamp(path))
        moments = [code.saved_at, time.time()]
        store.note_practice(problem.id, moments, work_file=str(path), language=code.language)
        return work, code

    def code(self, text: str, saved_at: float | None = None) -> StudentCode:
        """``text`` as the student's code in this file."""
        return StudentCode(self.path, text, self.language, saved_at or time.time())

    def save(self, text: str) -> StudentCode:
        """Write ``text`` over the file, whole or not at all. Blocking; raises OSError."""
        from tutor.core.config.private_file import write_private

        write_private(self.path, text)
        self.stamp = _stamp(self.path)
        return self.code(text)

    def saved_elsewhere(self) -> StudentCode | None:
        """The file as another program saved it since it was last read or written here, or
        None when it has not changed. Blocking; raises UsageError when it cannot be read."""
        now = _stamp(self.path)
        if now is None or now == self.stamp:
            return None
        code = read_code(self.path)
        self.stamp = now
        return code
