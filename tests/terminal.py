"""A real terminal for end-to-end tests: a tmux session we type into and read the screen of."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Mapping
from pathlib import Path


class TmuxMissing(RuntimeError):
    pass


class Terminal:
    """One detached tmux session running a command at a fixed size, on its own tmux server."""

    def __init__(
        self,
        command: list[str],
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
        width: int = 100,
        height: int = 30,
    ) -> None:
        if shutil.which("tmux") is None:
            raise TmuxMissing(
                "tmux is not installed — `make test` installs it (apt-get install tmux)"
            )
        self.socket = f"tutor-test-{uuid.uuid4().hex[:8]}"
        self.name = "t"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # -u: tmux hands its server's environment on, and pytest's readline sets COLUMNS/LINES
        # there, which would make the app draw at 80x24 whatever the pane's size.
        line = (
            f"env -u COLUMNS -u LINES {exports} {shlex.join(command)}; "
            "echo '[exited '$?']'; sleep 600"
        )
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            *(["-c", str(cwd)] if cwd else []),
            line,
        )
        self._tmux("set-option", "-t", self.name, "status", "off")

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Send tmux key names (``Enter``, ``C-p``, ``Escape``) or literal text with ``-l``."""
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        """The visible screen as plain text (what the student sees)."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def screen_with_escapes(self) -> str:
        """The visible screen with colours as escape sequences (-e)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", self.name)

    def title(self) -> str:
        """The pane title: a program that sends OSC 0/2 changes it."""
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def pid(self) -> int:
        """The pid of the shell running in the pane (the test's command is its child)."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll the screen until ``text`` is on it; return the screen (or fail with it)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on screen after {timeout} s; screen:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment a tutor process in the terminal gets: isolated dirs, a real TERM."""
    root = Path(__file__).resolve().parent.parent
    env = {
        "TUTOR_CONFIG": os.environ["TUTOR_CONFIG"],
        "TUTOR_DATA_DIR": os.environ["TUTOR_DATA_DIR"],
        "PYTHONPATH": str(root),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    env.update(extra)
    return env
