"""How a child is confined in LIMITS mode: the exec wrapper that sets its limits, its user and
(where the kernel allows) an empty network namespace — tiny util-linux programs when present
(`unshare`, `setpriv`, `prlimit`), a Python wrapper otherwise. Never ``preexec_fn``: the app
has threads."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

from tutor.core.practice.runner.rlimits import Rlimits
from tutor.core.practice.runner.runuser import RunUser

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The wrapper used when util-linux's programs are missing: limits, then the user, then exec.
WRAPPER = """
import json, os, resource, sys
spec = json.loads(sys.argv[1])
for name, pair in spec["limits"].items():
    try:
        resource.setrlimit(getattr(resource, name), tuple(pair))
    except (AttributeError, ValueError, OSError):
        pass
if spec["uid"] is not None:
    os.setgroups([])
    os.setgid(spec["gid"])
    os.setuid(spec["uid"])
try:
    import ctypes
    ctypes.CDLL(None).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
except Exception:
    pass
os.execv(sys.argv[3], sys.argv[3:])
"""
# A shell as the first process of a new PID namespace: it waits for the command and exits
# with its status (128 + N for signal N); when it ends, every process in the namespace dies.
INIT = '"$@"; exit $?'


@dataclass(frozen=True)
class Confinement:
    """The argv prefix to put before a command, and what it means for the result."""

    prefix: list[str]
    shell_status: bool  # exit statuses above 128 mean "killed by signal status - 128"
    network_cut: bool


@functools.cache
def tool(name: str) -> str | None:
    """A system program (util-linux, bubblewrap) by name, looked for in the system folders."""
    return shutil.which(name, path=SYSTEM_PATH)


@functools.cache
def namespaces_work(root: bool) -> bool:
    """Whether `unshare` can give a child an empty network namespace here (and, not as root,
    a user and PID namespace of its own). Some systems forbid it (Ubuntu ≥ 23.10's AppArmor)."""
    unshare = tool("unshare")
    if unshare is None:
        return False
    flags = ["-n"] if root else ["-c", "-n", "-p", "--fork", "--kill-child"]
    try:
        done = subprocess.run(
            [unshare, *flags, "--", "true"],
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def process_limit(rl: Rlimits) -> int:
    """The process limit to set: ``rl.processes``, plus what we run already when the limit
    would count all of our processes (not root, and no user namespace of the run's own)."""
    root = os.geteuid() == 0
    if root or (tool("unshare") is not None and namespaces_work(root)):
        return rl.processes
    return rl.processes + _own_processes()


def _own_processes() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.scandir("/proc"):
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                count += 1
        except OSError:
            continue
    return count


def child_can_set_limits(user: RunUser | None) -> bool:
    """Whether a harness may set its own limits (saving the `prlimit` exec): when the wrapper
    would be util-linux's, so that the user and namespaces are still set before it starts."""
    return bool(tool("prlimit") and (tool("setpriv") or user is None))


def limits_confinement(
    user: RunUser | None, rl: Rlimits, *, as_user: bool = True, child_sets_limits: bool = False
) -> Confinement:
    """The wrapper for one child: ``user`` set (as root) and ``as_user`` → it runs as that
    user; otherwise as us (a compiler that user cannot reach). ``child_sets_limits``: the
    child is a harness that sets ``rl`` itself before any of the student's code runs."""
    root = os.geteuid() == 0
    unshare, setpriv, prlimit = tool("unshare"), tool("setpriv"), tool("prlimit")
    cut = unshare is not None and namespaces_work(root)
    drop = user is not None and as_user
    processes = process_limit(rl)
    prefix: list[str] = []
    shell_status = False
    if cut and unshare and root:
        prefix += [unshare, "-n", "--"]
    elif cut and unshare:
        # our own user namespace: the process limit counts only this run, and the PID
        # namespace takes every process of the run with it when it ends
        prefix += [
            unshare,
            "-c",
            "-n",
            "-p",
            "--fork",
            "--kill-child",
            "--",
            tool("sh") or "/bin/sh",
            "-c",
            INIT,
            "sh",
        ]
        shell_status = True
    if prlimit and (setpriv or not drop):
        if drop:
            assert user is not None and setpriv is not None
            prefix += [setpriv, f"--reuid={user.uid}", f"--regid={user.gid}", "--clear-groups"]
            prefix += ["--no-new-privs", "--"]
        if not child_sets_limits:
            prefix += [prlimit, *rl.prlimit_flags(processes), "--"]
    else:
        spec = {
            "limits": rl.as_pairs(processes),
            "uid": user.uid if drop and user else None,
            "gid": user.gid if drop and user else None,
        }
        prefix += [sys.executable, "-I", "-S", "-c", WRAPPER, json.dumps(spec), "--"]
    return Confinement(prefix, shell_status, cut)
