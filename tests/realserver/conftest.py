"""Fixtures for the real-server tests: a llama.cpp server with a tiny model, and a proxy.

The server (``python -m llama_cpp.server``) runs once for the whole test session on a free
127.0.0.1 port with a 512-token window; each test gets its own recording proxy in front of it.
``strict_server`` is a second one, for one module, whose chat template refuses system messages;
``roomy_server`` another with a 4,096-token window, for requests as long as a simulated
student's (its instructions alone are about a thousand of this model's byte-sized tokens).
"""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.realserver.proxy import RecordingProxy
from tests.realserver.tiny_model import CHAT_TEMPLATE, STRICT_CHAT_TEMPLATE, write_tiny_model

WINDOW = 512
ROOMY_WINDOW = 4096
MODEL_ID = "tiny-random"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class RealServer:
    """A running llama-cpp-python server and what it took to start it."""

    root_url: str
    model: str
    window: int
    model_file: Path
    log_file: Path
    write_seconds: float
    start_seconds: float

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    def prompt_tokens(self, request: dict[str, Any]) -> int:
        """What the server counts for a recorded chat request's prompt (asked directly,
        without streaming, for one token: llama-cpp-python reports usage only then)."""
        body = {k: v for k, v in request.items() if k not in ("stream", "stream_options")}
        body["max_tokens"] = 1
        sent = urllib.request.Request(
            f"{self.base_url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(sent, timeout=30) as reply:
            return int(json.loads(reply.read())["usage"]["prompt_tokens"])

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_file.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="session")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealServer]:
    """Write the tiny model, start the server on it, wait for ``/v1/models``; stop it after."""
    yield from _serve(tmp_path_factory.mktemp("realserver"), CHAT_TEMPLATE)


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealServer]:
    """The same model with a template that refuses system messages (as Gemma's does)."""
    yield from _serve(tmp_path_factory.mktemp("strictserver"), STRICT_CHAT_TEMPLATE)


@pytest.fixture(scope="module")
def roomy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealServer]:
    """The same model with a 4,096-token window."""
    yield from _serve(tmp_path_factory.mktemp("roomyserver"), CHAT_TEMPLATE, ROOMY_WINDOW)


def _serve(folder: Path, template: str, window: int = WINDOW) -> Iterator[RealServer]:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail(
            "llama-cpp-python is not installed in this environment, and the real-server tests "
            "need it — run `make test` (it installs the dev extra, llama-cpp-python[server])",
            pytrace=False,
        )
    started = time.perf_counter()
    model_file = write_tiny_model(folder / "tiny-random.gguf", template)
    write_seconds = time.perf_counter() - started
    port = _free_port()
    log_file = folder / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_file),
        "--model_alias",
        MODEL_ID,
        "--n_ctx",
        str(window),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log_file.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    server = RealServer(
        root_url=f"http://127.0.0.1:{port}",
        model=MODEL_ID,
        window=window,
        model_file=model_file,
        log_file=log_file,
        write_seconds=write_seconds,
        start_seconds=0.0,
    )
    try:
        started = time.perf_counter()
        while not _answers(f"{server.root_url}/v1/models"):
            if process.poll() is not None or time.perf_counter() - started > START_TIMEOUT:
                pytest.fail(
                    f"the llama-cpp-python server did not come up (exit code {process.poll()}); "
                    f"its output ends with:\n{server.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.1)
        ready = RealServer(**{**server.__dict__, "start_seconds": time.perf_counter() - started})
        yield ready
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def proxy(real_server: RealServer) -> Iterator[RecordingProxy]:
    """A recording proxy in front of the real server, fresh for each test."""
    with RecordingProxy(real_server.root_url) as running:
        yield running
