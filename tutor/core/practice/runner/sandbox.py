"""One run's place: its user, its folder, how each of its children is confined and started,
and the clean-up that leaves nothing behind."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from tutor.core.practice.runner.availability import strict_sandbox
from tutor.core.practice.runner.confine import (
    Confinement,
    child_can_set_limits,
    limits_confinement,
    namespaces_work,
)
from tutor.core.practice.runner.failures import LanguageUnavailable
from tutor.core.practice.runner.leftovers import sweep_uid
from tutor.core.practice.runner.model import Isolation
from tutor.core.practice.runner.process import Child
from tutor.core.practice.runner.rlimits import Rlimits
from tutor.core.practice.runner.runfolder import RunFolder
from tutor.core.practice.runner.runuser import RunUser, claim_run_user, others_can_reach
from tutor.core.practice.runner.strict import (
    Places,
    private_homes,
    roots_inside,
    strict_confinement,
)
from tutor.core.practice.runner.toolchains import DEFAULT_PATH, Toolchain


class Sandbox:
    """Use as a context manager: the folder is removed and the user released on exit."""

    def __init__(self, isolation: Isolation, chain: Toolchain) -> None:
        self.isolation = isolation
        self.chain = chain
        self.strict = strict_sandbox() if isolation is Isolation.STRICT else None
        self.notes: list[str] = []
        # said before any child starts (each start says it again, from its own wrapper)
        self.network_cut = self.strict is not None or namespaces_work(os.geteuid() == 0)
        homes = private_homes()
        self.user: RunUser | None = claim_run_user()
        try:
            self.folder = RunFolder(self.user)
        except BaseException:
            self._release_user()
            raise
        self.places = Places(
            homes=homes,
            toolchain_roots=roots_inside(homes, chain.roots),
            run_root=str(self.folder.root),
            program=str(self.folder.program),
            work=str(self.folder.work),
        )

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.folder.remove()
        finally:
            self._release_user()

    def _release_user(self) -> None:
        if self.user is not None:
            self.user.release()

    # --- programs and children ---------------------------------------------------------------

    def program(self, role: str) -> tuple[str, bool]:
        """The toolchain program for ``role`` and whether it runs as the run's user (a compiler
        that user cannot reach runs as us, under the same limits — LIMITS mode only)."""
        path = self.chain.program(role)
        if self.user is None or others_can_reach(path):
            return path, True
        real = os.path.realpath(path)
        kept = self.places.toolchain_roots if self.strict is not None else ()
        if any(real.startswith(root + "/") for root in kept):
            return path, True  # STRICT's private home keeps the toolchain's folder visible
        if role == "compile" and self.isolation is Isolation.LIMITS:
            self.notes.append(
                f"compiled as you: {path} is in a folder the run's own user cannot enter"
            )
            return path, False
        raise LanguageUnavailable(
            f"{path} is in a folder other users cannot enter, and tutor runs code as a user of"
            f" its own when you are root — install {self.chain.title} system-wide"
        )

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """A clean environment: none of the student's keys or config."""
        folders = [os.path.dirname(p) for p in self.chain.programs.values()]
        path = os.pathsep.join(dict.fromkeys([*folders, *DEFAULT_PATH.split(os.pathsep)]))
        work = str(self.folder.work)
        env = {"PATH": path, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": work, "TMPDIR": work}
        return env | (extra or {})

    def confinement(
        self, rl: Rlimits, as_user: bool, cwd: str, child_sets_limits: bool = False
    ) -> Confinement:
        if self.strict is not None:
            return strict_confinement(self.strict, self.user, self.places, rl, cwd)
        return limits_confinement(
            self.user, rl, as_user=as_user, child_sets_limits=child_sets_limits
        )

    def harness_sets_limits(self) -> bool:
        """Whether a harness should set its own limits (LIMITS with util-linux's wrapper)."""
        return self.strict is None and child_can_set_limits(self.user)

    def start(
        self,
        argv: list[str] | Callable[[int, int], list[str]],
        rl: Rlimits,
        *,
        stdin: int,
        output_cap: int,
        seconds: float,
        as_user: bool = True,
        env: dict[str, str] | None = None,
        keep_fds: tuple[int, ...] = (),
        child_sets_limits: bool = False,
    ) -> Child:
        """Start ``argv`` confined, in the working folder, with ``seconds`` of wall time.
        A callable ``argv`` gets the numbers of the harness's channel and ack pipes."""
        cwd = str(self.folder.work)
        confined = self.confinement(rl, as_user, cwd, child_sets_limits)
        self.network_cut = confined.network_cut
        if self.user is not None:
            self.user.clean = False
        command: list[str] | Callable[[int, int], list[str]]
        if callable(argv):
            command = lambda channel, ack: [*confined.prefix, *argv(channel, ack)]  # noqa: E731
        else:
            command = [*confined.prefix, *argv]
        return Child(
            command,
            env=self.env(env),
            cwd=cwd,
            stdin=stdin,
            output_cap=output_cap,
            deadline=time.monotonic() + seconds,
            shell_status=confined.shell_status,
            sweep=self.sweep,
            keep_fds=keep_fds,
        )

    def sweep(self) -> None:
        """Kill what a child left behind outside its process group (as root: by its uid)."""
        if self.user is not None:
            self.user.clean = sweep_uid(self.user.uid) == 0
