"""Whether each isolation can be had on this machine, and which STRICT sandbox is used
(bubblewrap where it works, else `unshare`; ``TUTOR_STRICT_SANDBOX`` picks one)."""

from __future__ import annotations

import functools
import os
import subprocess
import threading

from tutor.core.practice.runner.confine import namespaces_work, tool
from tutor.core.practice.runner.failures import IsolationUnavailable
from tutor.core.practice.runner.model import Isolation
from tutor.core.practice.runner.rlimits import Rlimits
from tutor.core.practice.runner.runfolder import RunFolder
from tutor.core.practice.runner.runuser import claim_run_user
from tutor.core.practice.runner.strict import (
    Places,
    StrictSandbox,
    private_homes,
    strict_confinement,
)

CHOICE = "TUTOR_STRICT_SANDBOX"
NEEDS = {
    StrictSandbox.BWRAP: ("bwrap", "prlimit", "setpriv", "unshare", "sh", "mount"),
    StrictSandbox.UNSHARE: ("unshare", "setpriv", "prlimit", "sh", "mount", "mkdir"),
}
_probing = threading.Lock()


@functools.cache
def _probe(sandbox: StrictSandbox, euid: int) -> str | None:
    """Run ``true`` in the sandbox; ``None`` when it worked, else why not (one line)."""
    missing = [name for name in NEEDS[sandbox] if tool(name) is None]
    if missing:
        what = "bubblewrap (apt install bubblewrap)" if "bwrap" in missing else "util-linux"
        return f"{', '.join(missing)} not found — install {what}"
    user = claim_run_user()
    folder = RunFolder(user)
    try:
        homes = private_homes()
        places = Places(homes, (), str(folder.root), str(folder.program), str(folder.work))
        rl = Rlimits(5, 6, None, 1 << 20, 64, 64, None)
        confined = strict_confinement(sandbox, user, places, rl, str(folder.work))
        done = subprocess.run(
            [*confined.prefix, "true"],
            capture_output=True,
            text=True,
            timeout=30,
            cwd=folder.work,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return f"{sandbox} could not start: {err}"
    finally:
        folder.remove()
        if user is not None:
            user.release()
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"{sandbox} failed here ({said}) — the kernel may forbid user namespaces"
    return None


def probe(sandbox: StrictSandbox) -> str | None:
    with _probing:
        return _probe(sandbox, os.geteuid())


def strict_sandbox() -> StrictSandbox:
    """The STRICT sandbox to use; ``IsolationUnavailable`` when none works here."""
    wanted = os.environ.get(CHOICE, "").strip().lower()
    if wanted:
        try:
            choice = StrictSandbox(wanted)
        except ValueError:
            raise IsolationUnavailable(
                f"{CHOICE}={wanted} is not a STRICT sandbox — use bwrap or unshare"
            ) from None
        why = probe(choice)
        if why is not None:
            raise IsolationUnavailable(f"strict isolation is unavailable: {why}")
        return choice
    reasons = []
    for choice in StrictSandbox:
        why = probe(choice)
        if why is None:
            return choice
        reasons.append(why)
    raise IsolationUnavailable("strict isolation is unavailable: " + "; ".join(reasons))


def isolation_available(isolation: Isolation) -> tuple[bool, str]:
    """Whether ``isolation`` works here, and one line saying how (or why not)."""
    if isolation is Isolation.STRICT:
        try:
            choice = strict_sandbox()
        except IsolationUnavailable as err:
            return False, str(err)
        how = "bubblewrap" if choice is StrictSandbox.BWRAP else "unshare"
        return True, f"strict: {how} — new user, mount, network and PID namespaces, empty home"
    root = os.geteuid() == 0
    who = "a user id of its own per run" if root else "you"
    cut = namespaces_work(root)
    network = "network cut" if cut else "network NOT cut (this kernel forbids the namespace)"
    return (
        True,
        f"limits: CPU, memory, files, processes and output limited; runs as {who}; {network}",
    )
