"""STRICT isolation, for code nobody here wrote: new user, mount, network and PID namespaces,
an empty private home and an empty working folder — bubblewrap where installed, else
`unshare` with a tmpfs over the home. ``TUTOR_STRICT_SANDBOX=bwrap|unshare`` picks one."""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
from dataclasses import dataclass
from enum import StrEnum

from tutor.core.practice.runner.confine import INIT, Confinement, tool
from tutor.core.practice.runner.failures import IsolationUnavailable
from tutor.core.practice.runner.rlimits import Rlimits
from tutor.core.practice.runner.runuser import RunUser

TEMP_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")
FIRST_FD, LAST_FD = 3, 9  # what a POSIX shell can open by number
BWRAP_NAMESPACES = [
    "--unshare-user",
    "--unshare-ipc",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--disable-userns",
    "--die-with-parent",
    "--as-pid-1",  # the code is the namespace's first process: its CPU time reaches our wait4
]


class StrictSandbox(StrEnum):
    BWRAP = "bwrap"
    UNSHARE = "unshare"


@dataclass(frozen=True)
class Places:
    """What a STRICT child sees: ``homes`` become empty; ``toolchain_roots`` inside them stay
    visible, read-only; ``program`` (read-only) and ``work`` are the run's own folders."""

    homes: tuple[str, ...]
    toolchain_roots: tuple[str, ...]
    run_root: str
    program: str
    work: str


def private_homes() -> tuple[str, ...]:
    """The folders STRICT empties: our home (from the password database and from $HOME)."""
    return _homes(os.geteuid(), os.environ.get("HOME", ""))


@functools.cache
def _homes(euid: int, home: str) -> tuple[str, ...]:
    import pwd

    found = set()
    with contextlib.suppress(KeyError):
        found.add(pwd.getpwuid(euid).pw_dir)
    if home:
        found.add(home)
    return tuple(sorted(h for h in map(os.path.realpath, found) if h != "/" and os.path.isdir(h)))


def roots_inside(homes: tuple[str, ...], roots: tuple[str, ...]) -> tuple[str, ...]:
    """The toolchain folders that a private home would hide."""
    inside = {
        os.path.realpath(r)
        for r in roots
        if any(os.path.realpath(r).startswith(h.rstrip("/") + "/") for h in homes)
    }
    return tuple(sorted(inside))


def _stage(places: Places, keep_run: bool, mask_temp: bool, tail: str) -> str:
    """A shell script, run with mount rights in a new mount namespace: hide the homes (and
    the temp folders), then bind back what must stay (opened first, so it can be found)."""
    keep = [(r, True) for r in places.toolchain_roots]
    if keep_run:
        keep.append((places.run_root, False))
    if len(keep) > LAST_FD - FIRST_FD + 1:
        raise IsolationUnavailable(
            f"{len(keep)} toolchain folders inside the home — STRICT can keep at most"
            f" {LAST_FD - FIRST_FD} visible; install the toolchain outside your home"
        )
    fds = list(range(FIRST_FD, FIRST_FD + len(keep)))
    q = shlex.quote
    lines = ["set -e"]
    if keep:
        lines.append(
            "exec " + " ".join(f"{fd}< {q(path)}" for fd, (path, _) in zip(fds, keep, strict=False))
        )
    private = "nosuid,nodev"
    if mask_temp:  # the unshare sandbox: every mount read-only, as bubblewrap's --ro-bind / /
        lines.append(
            "for m in $(cut -d' ' -f5 /proc/self/mountinfo); do case $m in /proc*|/sys*|/dev*)"
            " ;; *) mount -o remount,bind,ro $m 2>/dev/null || true;; esac; done"
        )
    for home in places.homes:
        lines.append(f"mount -t tmpfs -o mode=0755,size=16m,{private} tutor-home {q(home)}")
    if mask_temp:
        for folder in TEMP_FOLDERS:
            if os.path.isdir(folder):
                lines.append(f"mount -t tmpfs -o mode=1777,size=64m,{private} tutor-tmp {folder}")
    for fd, (path, read_only) in zip(fds, keep, strict=False):
        lines.append(f"mkdir -p {q(path)}")
        lines.append(f"mount -c --bind /proc/self/fd/{fd} {q(path)}")
        mode = "ro" if read_only else "rw"  # a bind copies its source's (now read-only) flags
        lines.append(f"mount -c -o remount,bind,{mode} {q(path)}")
    if keep:
        lines.append("exec " + " ".join(f"{fd}<&-" for fd in fds))
    lines.append(tail)
    return "\n".join(lines)


def _bwrap(places: Places, inside_homes: bool, cwd: str) -> list[str]:
    bwrap = tool("bwrap")
    assert bwrap is not None
    argv = [bwrap, *BWRAP_NAMESPACES, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    if inside_homes:
        for home in places.homes:
            argv += ["--tmpfs", home]
        for root in places.toolchain_roots:
            argv += ["--ro-bind", root, root]
    for folder in TEMP_FOLDERS[:2]:
        argv += ["--tmpfs", folder]
    argv += ["--ro-bind", places.program, places.program, "--bind", places.work, places.work]
    return [*argv, "--chdir", cwd, "--"]


def _drop_to(user: RunUser) -> list[str]:
    setpriv = tool("setpriv")
    assert setpriv is not None
    return [
        setpriv,
        f"--reuid={user.uid}",
        f"--regid={user.gid}",
        "--clear-groups",
        "--no-new-privs",
        "--",
    ]


def strict_confinement(
    sandbox: StrictSandbox, user: RunUser | None, places: Places, rl: Rlimits, cwd: str
) -> Confinement:
    """The argv prefix of a STRICT child (the limits are set last, right before the code)."""
    prlimit, unshare, sh = tool("prlimit"), tool("unshare"), tool("sh")
    assert prlimit is not None and unshare is not None and sh is not None
    limits = [prlimit, *rl.prlimit_flags(), "--"]
    if sandbox is StrictSandbox.BWRAP and user is None:
        return Confinement([*_bwrap(places, True, cwd), *limits], True, True)
    if sandbox is StrictSandbox.BWRAP:
        assert user is not None
        # as root: hide the home with root's mount rights, then bubblewrap as the run's user
        stage = _stage(places, keep_run=False, mask_temp=False, tail='exec "$@"')
        outer = [unshare, "-m", "--propagation", "private", "--", sh, "-c", stage, "sh"]
        return Confinement(
            [*outer, *_drop_to(user), *_bwrap(places, False, cwd), *limits], True, True
        )
    stage = _stage(places, keep_run=True, mask_temp=True, tail=f"cd {shlex.quote(cwd)}\n{INIT}")
    spaces = [
        "-m",
        "-n",
        "-p",
        "--fork",
        "--kill-child",
        "--mount-proc",
        "--propagation",
        "private",
    ]
    if user is not None:
        outer = [unshare, *spaces, "--", sh, "-c", stage, "sh"]
        inner = [*_drop_to(user), unshare, "-U", "-c", "--"]
    else:
        outer = [unshare, "-U", "-r", *spaces, "--", sh, "-c", stage, "sh"]
        setpriv = tool("setpriv")
        assert setpriv is not None
        inner = [setpriv, "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"]
    return Confinement([*outer, *inner, *limits], True, True)
