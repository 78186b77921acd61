"""Running `tutor` as real child processes for the reliability tests, and watching stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT


def tutor_env(**extra: str) -> dict[str, str]:
    """This process's environment (TUTOR_CONFIG/TUTOR_DATA_DIR from the autouse fixture)."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def tutor_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "tutor", *argv]


def write_config(
    home: Path, base_url: str, *lines: str, timeout: float = 10, stall_timeout: float = 5
) -> Path:
    """A config with one endpoint 'local' at ``base_url``; ``lines`` go under that endpoint."""
    path = home / "config" / "config.yaml"
    body = [
        "default_endpoint: local",
        "endpoints:",
        "  local:",
        f"    base_url: {base_url}",
        "    model: scripted-model",
        "    context_window: 8192",
        f"    timeout: {timeout:g}",
        f"    stall_timeout: {stall_timeout:g}",
        *(f"    {line}" for line in lines),
    ]
    path.write_text("\n".join(body) + "\n")
    return path


@dataclass
class Finished:
    """What one finished `tutor` command did."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_tutor(*argv: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Finished:
    """Run one `tutor` command to its end (60 s at most)."""
    done = subprocess.run(
        tutor_command(*argv),
        input=stdin,
        capture_output=True,
        text=True,
        env=env or tutor_env(),
        timeout=60,
    )
    return Finished(tuple(argv), done.returncode, done.stdout, done.stderr)


@dataclass
class StdoutTap:
    """Reads a child's stdout as it streams and notes when (``time.time()``) each piece came."""

    process: subprocess.Popen[bytes]
    pieces: list[tuple[float, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            data = os.read(fd, 65536)
            if not data:
                return
            self.pieces.append((time.time(), data))

    def join(self, timeout: float = 10) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "stdout never reached its end"

    def shown_by(self, moment: float) -> str:
        """Everything stdout had delivered by ``moment``."""
        data = b"".join(piece for at, piece in list(self.pieces) if at <= moment)
        return data.decode(errors="strict")

    def first_at(self) -> float | None:
        return self.pieces[0][0] if self.pieces else None


def spawn_ask(
    *argv: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], StdoutTap]:
    """Start `tutor ask ...` with its stdout tapped; stderr is piped (read it after it ends)."""
    process = subprocess.Popen(
        tutor_command("ask", *argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env or tutor_env(),
    )
    return process, StdoutTap(process)


def sandbox_env(home: Path, **extra: str) -> dict[str, str]:
    """Every place a child might write (HOME, TMPDIR, XDG dirs) is inside ``home``."""
    box = home / "sandbox"
    places = {"HOME": box, "TMPDIR": box / "tmp", "XDG_CACHE_HOME": box / "cache"}
    places |= {"XDG_STATE_HOME": box / "state", "XDG_CONFIG_HOME": box / "xdg-config"}
    places |= {"XDG_DATA_HOME": box / "xdg-data"}
    for place in places.values():
        place.mkdir(parents=True, exist_ok=True)
    return tutor_env(**{name: str(place) for name, place in places.items()}, **extra)


class Sandbox:
    """Runs tutor commands in the sandbox and keeps everything they printed."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = env
        self.done: list[Finished] = []

    def run(self, *argv: str, expect: int | None = 0) -> Finished:
        finished = run_tutor(*argv, env=self.env)
        self.done.append(finished)
        assert "Traceback" not in finished.err, (argv, finished.err)
        if expect is not None:
            assert finished.code == expect, (argv, finished.code, finished.err)
        return finished
