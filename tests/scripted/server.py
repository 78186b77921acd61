"""`ScriptedServer`: an OpenAI-compatible server on 127.0.0.1 that answers from a script."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from tests.scripted import flavours
from tests.scripted.handler import ScriptedHTTPServer
from tests.scripted.replies import Reply

DEFAULT_TEXT = "What do you think the next step is?"
_SETTINGS = (
    "flavour",
    "window",
    "train_window",
    "models",
    "require_key",
    "reject_stream_options",
    "default_reply",
)


@dataclass
class Recorded:
    """One request as the server received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any
    at: float  # time.time() when it was read

    def to_dict(self) -> dict[str, Any]:
        """JSON form (body as UTF-8 text, undecodable bytes replaced)."""
        values = dict(self.__dict__)
        values["body"] = self.body.decode(errors="replace")
        return values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recorded:
        """Back from ``to_dict``."""
        return cls(**(data | {"body": str(data["body"]).encode()}))


class ScriptedServer:
    """Serves scripted replies; records every request; optionally a llama.cpp, vLLM... look-alike.

    Settings (plain attributes, changeable while running, or via ``configure``):
    ``flavour`` (see `flavours.FLAVOURS`), ``window`` (context size enforced and reported; None:
    no limit), ``train_window`` (trained size some servers report beside it; None: = window),
    ``models``, ``require_key`` (every /v1 route wants ``Authorization: Bearer <key>``),
    ``reject_stream_options`` (400 for any request carrying ``stream_options``),
    ``default_reply`` (used when the script is empty). Requests to ``/_control/*`` are
    answered but not recorded.
    """

    def __init__(
        self,
        *,
        flavour: str = "openai",
        window: int | None = None,
        train_window: int | None = None,
        models: list[str] | None = None,
        require_key: str | None = None,
        reject_stream_options: bool = False,
        default_reply: Reply | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.flavour = flavour
        self.window = window
        self.train_window = train_window
        self.models = list(models or ["scripted-model"])
        self.require_key = require_key
        self.reject_stream_options = reject_stream_options
        self.default_reply = default_reply or Reply(text=DEFAULT_TEXT)
        self.tokenize_gate: threading.Event | None = None  # set: tokenize routes wait for it
        self.hold = threading.Event()  # set: a reply held mid-stream (``hold_after``) goes on
        self.configure()  # validates
        self._initial = self.config()
        self.queue: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.connections: set[socket.socket] = set()
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ScriptedHTTPServer((host, port), self)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def start(self) -> ScriptedServer:
        """Serve in a background thread (the port is bound already)."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut every open connection (stalled answers end at once)."""
        self.closing.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        for sock in list(self.connections):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, *replies: Reply | str) -> None:
        """Queue replies, one per chat request (a bare string is ``Reply(text=...)``)."""
        with self._lock:
            self.queue.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    def next_reply(self) -> Reply:
        """The next scripted reply, or the default one when the script is used up."""
        with self._lock:
            return self.queue.popleft() if self.queue else self.default_reply

    def record(self, *fields: Any) -> None:
        """Keep one received request (called by the handler before it answers)."""
        with self._lock:
            self.requests.append(Recorded(*fields))

    def chat_requests(self) -> list[dict[str, Any]]:
        """Bodies of the ``POST /v1/chat/completions`` requests received, oldest first."""
        return [
            r.json
            for r in list(self.requests)
            if (r.method, r.path) == ("POST", "/v1/chat/completions") and isinstance(r.json, dict)
        ]

    def model_entries(self) -> list[dict[str, Any]]:
        """``/v1/models`` ``data`` in the current flavour's shape."""
        return [
            flavours.model_entry(self.flavour, name, self.window, self.train_window)
            for name in self.models
        ]

    def configure(self, **settings: Any) -> None:
        """Change settings by name; ``default_reply`` may be a dict (JSON form of a Reply)."""
        unknown = set(settings) - set(_SETTINGS)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        if isinstance(settings.get("default_reply"), dict):
            settings["default_reply"] = Reply.from_dict(settings["default_reply"])
        flavour = settings.get("flavour", self.flavour)
        if flavour not in flavours.FLAVOURS:
            raise ValueError(f"flavour must be one of {flavours.FLAVOURS}, not {flavour!r}")
        if not settings.get("models", self.models):
            raise ValueError("models must name at least one model")
        for name, value in settings.items():
            setattr(self, name, list(value) if name == "models" else value)

    def config(self) -> dict[str, Any]:
        """The current settings in JSON form."""
        values = {name: getattr(self, name) for name in _SETTINGS}
        values["default_reply"] = self.default_reply.to_dict()
        return values

    def reset(self) -> None:
        """Back to the settings it started with; empty script; no recorded requests."""
        with self._lock:
            self.queue.clear()
            self.requests.clear()
        self.configure(**self._initial)
