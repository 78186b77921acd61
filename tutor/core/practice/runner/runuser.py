"""The user a run's code runs as: a uid and gid of its own when tutor runs as root, else us.

Root is not bound by ``RLIMIT_NPROC``, so as root every run gets an unused uid (no passwd
entry) from a range of its own, held by a lock file for as long as the run lasts: the process
limit then counts only that run, and whatever it leaves behind is found by its uid.
"""

from __future__ import annotations

import fcntl
import functools
import os
import pwd
import secrets
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.practice.runner.failures import RunnerError
from tutor.core.practice.runner.leftovers import sweep_uid, uids_in

FIRST_UID = 1_900_000_000
UID_COUNT = 1 << 12  # lock files are kept (one per uid): few enough


@dataclass
class RunUser:
    """A uid/gid claimed for one run; ``release`` kills what is left of it and frees it."""

    uid: int
    gid: int
    _lock_fd: int = field(repr=False, default=-1)
    clean: bool = True  # False once a child started; True again after a sweep found nothing

    def release(self) -> None:
        if self._lock_fd >= 0:
            if not self.clean:
                sweep_uid(self.uid)
            os.close(self._lock_fd)
            self._lock_fd = -1


@functools.cache
def _lock_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "tutor-run-users"
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise RunnerError(f"{folder} is not a folder owned by root — remove it and run again")
    return folder


def claim_run_user() -> RunUser | None:
    """A fresh uid for one run when we are root; ``None`` (run as ourselves) otherwise."""
    if os.geteuid() != 0:
        return None
    folder = _lock_folder()
    _sweep_abandoned(folder)
    for _ in range(200):
        uid = FIRST_UID + secrets.randbelow(UID_COUNT)
        if _has_account(uid):
            continue  # someone's real account: never borrow it
        fd = _lock(folder, uid)
        if fd is not None:
            return RunUser(uid, uid, fd)
    raise RunnerError("no free user id for running code — too many runs at once; try again")


def _lock(folder: Path, uid: int) -> int | None:
    """The lock of ``uid`` (an open file held with ``flock``), or None when a run holds it."""
    try:
        fd = os.open(folder / str(uid), os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:  # someone removed the folder since
        folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(folder / str(uid), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _sweep_abandoned(folder: Path) -> None:
    """Kill what runs of a tutor that died (SIGKILL, a crash) left behind: processes of our
    uids whose lock nobody holds."""
    for uid in uids_in(FIRST_UID, UID_COUNT):
        fd = _lock(folder, uid)
        if fd is not None:
            sweep_uid(uid)
            os.close(fd)


@functools.lru_cache(maxsize=UID_COUNT)
def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def can_reach(path: str, user: RunUser | None) -> bool:
    """Whether ``user`` (``None``: us) can run the file at ``path``: every folder on the way
    to it (and to what its symlinks point at) must let others through."""
    if user is None:
        return os.access(path, os.X_OK)
    return others_can_reach(path)


def others_can_reach(path: str) -> bool:
    """Whether a user with no rights of its own here (a run's uid) can run ``path``."""
    for candidate in {os.path.abspath(path), os.path.realpath(path)}:
        parts = Path(candidate).parts
        for i in range(1, len(parts)):
            if not _others_may(str(Path(*parts[:i])), stat.S_IXOTH):
                return False
    return _others_may(os.path.realpath(path), stat.S_IXOTH)


def _others_may(path: str, bit: int) -> bool:
    try:
        return bool(os.stat(path).st_mode & bit)
    except OSError:
        return False
