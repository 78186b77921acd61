"""Finding and killing processes a run left behind (daemons that left its process group)."""

from __future__ import annotations

import os
import signal
import time


def _alive_pids_of(uid: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile
        if state not in (b"Z", b"X"):  # a zombie is dead already; its parent reaps it
            pids.append(int(entry.name))
    return pids


def uids_in(first: int, count: int) -> set[int]:
    """The uids in ``[first, first + count)`` that own a process now."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                uid = entry.stat().st_uid
            except OSError:
                continue
            if first <= uid < first + count:
                found.add(uid)
    return found


def processes_of(uid: int) -> list[int]:
    """The live processes whose owner is ``uid`` (zombies are not counted)."""
    return _alive_pids_of(uid)


def sweep_uid(uid: int, patience: float = 5.0) -> int:
    """SIGKILL every process of ``uid`` until none is left; how many were killed.

    The process limit bounds how many there can be, so a fork bomb cannot outrun this.
    """
    killed = 0
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        pids = _alive_pids_of(uid)
        if not pids:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.002)
    return killed
