"""The student's side of the real-server tests: a config, a small persona, and `tutor` runs.

Every run is the real CLI in a child process (``python -m tutor ...``) with the test's own
TUTOR_CONFIG and TUTOR_DATA_DIR (set by the autouse fixture in ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

PERSONA_ID = "small-socratic"

# Short on purpose: with this model's byte-level vocabulary a token is about a byte, and the
# whole request (persona, history, reply reserve) has to fit a 512-token window.
SYSTEM = (
    "You are a Socratic tutor. Never give the answer; ask one short question that helps "
    "the student take the next step."
)
EXAMPLES = [
    {"role": "user", "content": "What is 7 times 8?"},
    {"role": "assistant", "content": "What is 7 times 4, and how does it help?"},
]
REMINDER = "One question; no answers."
REPLY_RESERVE = 64  # the persona's params.max_tokens
SEED = 7  # the same noise every run: a failure can be replayed


class Student:
    """Runs `tutor` the way a student would, against one endpoint."""

    def __init__(self, home: Path, base_url: str, model: str) -> None:
        self.config_file = Path(os.environ["TUTOR_CONFIG"])
        self.data_dir = Path(os.environ["TUTOR_DATA_DIR"])
        self.home = home
        self.base_url = base_url
        self.model = model
        self.write_persona()
        self.write_config()

    def write_config(self, *, context_window: int | None = None) -> None:
        endpoint: dict[str, Any] = {"base_url": self.base_url, "model": self.model}
        if context_window is not None:
            endpoint["context_window"] = context_window
        config = {
            "endpoints": {"local": endpoint},
            "default_endpoint": "local",
            "default_persona": PERSONA_ID,
        }
        self.config_file.write_text(yaml.safe_dump(config), encoding="utf-8")

    def write_persona(self) -> None:
        persona = {
            "extends": "socratic",
            "name": "Socratic tutor (small)",
            "params": {"max_tokens": REPLY_RESERVE, "seed": SEED},
            "system": SYSTEM,
            "examples": EXAMPLES,
            "reminder": REMINDER,
        }
        folder = self.config_file.parent / "personas"
        folder.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(persona, allow_unicode=True, sort_keys=False)
        (folder / f"{PERSONA_ID}.yaml").write_text(text, encoding="utf-8")

    def run(
        self, *args: str, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """``tutor ARGS...``; stdout and stderr exactly as written (no newline translation),
        decoded as UTF-8 with undecodable bytes escaped."""
        done = subprocess.run(
            [sys.executable, "-m", "tutor", *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            timeout=timeout,
            env=os.environ.copy(),
        )
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "surrogateescape"),
            done.stderr.decode("utf-8", "surrogateescape"),
        )

    def ok(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """A run that must succeed; on failure the assertion shows what the student saw."""
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, (
            f"tutor {' '.join(args)[:80]} exited {done.returncode}\n"
            f"stderr: {done.stderr}\nstdout: {done.stdout[-2000:]}"
        )
        return done

    def json(self, *args: str, stdin: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", stdin=stdin).stdout)
