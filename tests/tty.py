"""Running a command with stdout and stderr on pseudo-terminals, as a student's terminal has them.

Each stream gets its own pty, so what went where stays apart; the bytes are read as the child
wrote them (the pty's line discipline turns "\\n" into "\\r\\n", which is undone here).
"""

from __future__ import annotations

import os
import select
import subprocess
from dataclasses import dataclass


@dataclass
class OnTerminal:
    """What a command printed on its terminal, as raw bytes, and how it exited."""

    code: int
    out: bytes
    err: bytes

    @property
    def text(self) -> str:
        """stdout and stderr together, decoded."""
        return (self.out + self.err).decode("utf-8", errors="strict")


def run_on_terminal(argv: list[str], env: dict[str, str], timeout: float = 60) -> OnTerminal:
    """Run ``argv`` with stdin from /dev/null and stdout, stderr each on a fresh pty."""
    out_master, out_slave = os.openpty()
    err_master, err_slave = os.openpty()
    try:
        child = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out_slave, stderr=err_slave, env=env
        )
    finally:
        os.close(out_slave)
        os.close(err_slave)
    got = {out_master: b"", err_master: b""}
    open_fds = set(got)
    try:
        while open_fds:
            ready, _, _ = select.select(list(open_fds), [], [], timeout)
            if not ready:
                child.kill()
                raise TimeoutError(f"{argv} printed nothing for {timeout} s")
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:  # EIO: the child closed its end
                    data = b""
                if data:
                    got[fd] += data
                else:
                    open_fds.discard(fd)
        code = child.wait(timeout=timeout)
    finally:
        os.close(out_master)
        os.close(err_master)
    return OnTerminal(
        code, got[out_master].replace(b"\r\n", b"\n"), got[err_master].replace(b"\r\n", b"\n")
    )
