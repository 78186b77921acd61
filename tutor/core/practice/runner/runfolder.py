"""A run's fresh temporary folder: ``program/`` (the code, read-only to it) and ``work/`` (its
working folder, empty for each test), removed afterwards whatever the code did to it."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from tutor.core.practice.runner.runuser import RunUser


class RunFolder:
    """``root`` holds ``program`` (ours; the code reads and runs it) and ``work`` (the run's
    user owns it: the code's working folder, its HOME and TMPDIR)."""

    def __init__(self, user: RunUser | None) -> None:
        self.user = user
        self.root = Path(tempfile.mkdtemp(prefix="tutor-run-"))
        # the run's user may pass through the root, never list it or write in it
        self.root.chmod(0o711)
        self.program = self.root / "program"
        self.program.mkdir(mode=0o755)
        self.work = self.root / "work"
        self.fresh_work()

    def write(self, name: str, data: bytes, executable: bool = False) -> Path:
        """A file of the program (the code, a harness, a job)."""
        path = self.program / name
        self._writable(True)
        path.write_bytes(data)
        path.chmod(0o755 if executable else 0o644)
        self._writable(False)
        return path

    def adopt(self, names: list[str]) -> None:
        """Move what a compiler wrote in ``work`` into ``program``, out of the code's reach."""
        self._writable(True)
        for name in names:
            target = self.program / name
            (self.work / name).rename(target)  # one folder to another of the run: a move
            for path in [target, *target.rglob("*")] if target.is_dir() else [target]:
                if self.user is not None:
                    os.chown(path, 0, 0, follow_symlinks=False)
                if not path.is_symlink():
                    path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
        self._writable(False)

    def fresh_work(self) -> None:
        """An empty working folder owned by the run's user."""
        if self.work.exists():
            _remove(self.work)
        self.work.mkdir(mode=0o700)
        if self.user is not None:
            os.chown(self.work, self.user.uid, self.user.gid)

    def remove(self) -> None:
        _remove(self.root)

    def _writable(self, yes: bool) -> None:
        if self.user is None:  # as ourselves: read-only keeps the code from deleting itself
            self.program.chmod(0o755 if yes else 0o555)


def _remove(path: Path) -> None:
    """Remove a folder even where the code took away permissions (we own it or are root)."""

    def retry(function: object, name: str, _: object) -> None:
        parent = os.path.dirname(name)
        for folder in (parent, name):
            if not os.path.islink(folder):
                with contextlib.suppress(OSError):
                    os.chmod(folder, stat.S_IRWXU)
        if os.path.isdir(name) and not os.path.islink(name):
            shutil.rmtree(name, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)

    shutil.rmtree(path, onerror=retry)
