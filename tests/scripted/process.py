"""Drive a scripted server from outside: over its ``/_control`` routes, or as a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.scripted.replies import Reply
from tests.scripted.server import Recorded

SCRIPT = Path(__file__).resolve().parent.parent / "scripted_server.py"


class ScriptedRemote:
    """The control routes of a scripted server at ``root_url`` (in this process or another)."""

    def __init__(self, root_url: str) -> None:
        self.root_url = root_url.rstrip("/")

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def _call(self, method: str, route: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            f"{self.root_url}/_control/{route}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as exc:
            raise ValueError(exc.read().decode(errors="replace")) from exc

    def script(self, *replies: Reply | str) -> int:
        """Queue replies; returns how many are now waiting."""
        items = [(Reply(text=r) if isinstance(r, str) else r).to_dict() for r in replies]
        return int(self._call("POST", "script", items)["queued"])

    def configure(self, **settings: Any) -> dict[str, Any]:
        """Change settings (flavour, window, models, require_key, default_reply...)."""
        if isinstance(settings.get("default_reply"), Reply):
            settings["default_reply"] = settings["default_reply"].to_dict()
        return dict(self._call("POST", "config", settings))

    def requests(self) -> list[Recorded]:
        """Every request the server has recorded."""
        return [Recorded.from_dict(item) for item in self._call("GET", "requests")]

    def chat_requests(self) -> list[dict[str, Any]]:
        """Bodies of the chat-completion requests received."""
        wanted = ("POST", "/v1/chat/completions")
        return [r.json for r in self.requests() if (r.method, r.path) == wanted]

    def release(self) -> list[int]:
        """Let a held reply go on; returns ``open_on_arrival`` so far."""
        return list(self._call("POST", "release", {})["open_on_arrival"])

    def reset(self) -> None:
        """Empty script and records; settings back to how the server started."""
        self._call("POST", "reset", {})


class ScriptedProcess(ScriptedRemote):
    """``python tests/scripted_server.py`` in a child process; stop it with ``stop()``."""

    def __init__(self, *args: str) -> None:
        command = [sys.executable, str(SCRIPT), "--port", "0", *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        first = self.process.stdout.readline().strip()
        if not first.isdigit():
            self.process.kill()
            raise RuntimeError(f"scripted server did not start (printed {first!r})")
        self.port = int(first)
        super().__init__(f"http://127.0.0.1:{self.port}")

    def stop(self) -> None:
        """Terminate the child and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> ScriptedProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
