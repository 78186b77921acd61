"""A real terminal for the app benchmarks: one tmux pane, watched through a control-mode client.

A ``tmux capture-pane`` run as a process costs ~2.5 ms here; asked through a control-mode
client (``tmux -C``) it takes ~30 µs, so the screen can be polled every millisecond or two
without taking a core from the program under test. Each program runs in the same pane
(``respawn-pane``) with exactly the environment given (``env -i``); the pane stays after it
exits so its exit status can be read.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

POLL_SECONDS = 0.002


def tmux_quoted(text: str) -> str:
    """``text`` as one argument of a tmux command line (double-quoted, escapes for \\ " $)."""
    if "\n" in text:
        raise ValueError("a tmux command line cannot hold a newline")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


class WatchedPane:
    """A detached tmux session of ``width`` × ``height`` on its own server; close() ends it."""

    def __init__(self, *, width: int = 120, height: int = 40) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("tmux is not installed (apt-get install tmux; `make test` does it)")
        self.socket = f"tutor-bench-{uuid.uuid4().hex[:8]}"
        self.target = "b"
        self.width, self.height = width, height
        size = ["-x", str(width), "-y", str(height)]
        session = ["new-session", "-d", "-s", "b", *size, "sleep 86400"]
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *session], check=True)
        for option, value in (("status", "off"), ("remain-on-exit", "on")):
            subprocess.run(
                ["tmux", "-L", self.socket, "set-option", "-t", "b", option, value], check=True
            )
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach", "-t", "b"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._answer()  # the block answering the attach itself
        self.command("refresh-client -f no-output")  # no copy of the pane's output for us

    # --- talking to tmux --------------------------------------------------------------

    def _answer(self) -> list[str]:
        assert self._client.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self._client.stdout.readline()
            if not raw:
                raise RuntimeError("the tmux control client went away")
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            if line.startswith("%begin"):
                inside, lines = True, []
            elif inside and line.startswith("%end"):
                return lines
            elif inside and line.startswith("%error"):
                raise RuntimeError("tmux: " + " ".join(lines))
            elif inside:
                lines.append(line)

    def command(self, line: str) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        assert self._client.stdin is not None
        self._client.stdin.write(line.encode() + b"\n")
        self._client.stdin.flush()
        return self._answer()

    # --- programs ---------------------------------------------------------------------

    def start(self, argv: list[str], env: Mapping[str, str], cwd: Path | None = None) -> float:
        """Run ``argv`` in the pane (replacing what ran there); returns the time it was asked."""
        exports = [f"{key}={value}" for key, value in env.items()]
        line = shlex.join(["exec", "env", "-i", *exports, *argv])
        where = f" -c {tmux_quoted(str(cwd))}" if cwd else ""
        started = time.monotonic()
        self.command(f"respawn-pane -k{where} -t b {tmux_quoted(line)}")
        return started

    def keys(self, *names: str) -> float:
        """Send tmux key names (Enter, C-q, Tab); returns the time they were sent."""
        sent = time.monotonic()
        self.command("send-keys -t b " + " ".join(names))
        return sent

    def type(self, text: str) -> None:
        self.command(f"send-keys -t b -l {tmux_quoted(text)}")

    def screen(self) -> str:
        return "\n".join(self.command("capture-pane -p -t b"))

    def info(self, *formats: str) -> list[str]:
        """``display-message -p`` of tmux formats, e.g. ``pane_pid``, ``pane_dead``."""
        shown = "|".join("#{" + name + "}" for name in formats)
        return self.command(f"display-message -p -t b {tmux_quoted(shown)}")[0].split("|")

    def pid(self) -> int:
        """The program's pid (``exec`` makes it the pane's own process)."""
        return int(self.info("pane_pid")[0])

    def exit_status(self) -> int | None:
        """None while the program runs, else its exit status (-N: killed by signal N)."""
        dead, status, signal = self.info("pane_dead", "pane_dead_status", "pane_dead_signal")
        if dead != "1":
            return None
        return int(status) if status else -int(signal or 0)

    def wait_until(
        self, seen: Callable[[str], bool], timeout: float = 30.0, what: str = ""
    ) -> tuple[float, str]:
        """Poll the screen until ``seen(screen)``; the time it was first seen, and the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.screen()
            now = time.monotonic()
            if seen(screen):
                return now, screen
            if now > deadline:
                raise TimeoutError(f"{what or 'the screen'} not seen in {timeout} s:\n{screen}")
            time.sleep(POLL_SECONDS)

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        return self.wait_until(lambda screen: text in screen, timeout, repr(text))[0]

    def wait_exit(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the program did not exit in {timeout} s:\n{self.screen()}")
            time.sleep(0.01)
        return status

    def close(self) -> None:
        if self._client.stdin is not None:
            self._client.stdin.close()
        self._client.wait(timeout=10)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def resident_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB: resident now, and at its peak."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def program_env(home: Path, root: Path, **extra: str) -> dict[str, str]:
    """What a program in the pane gets: the size tmux gives it, a real TERM, isolated dirs."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(root),
    }
    env.update(extra)
    return env
