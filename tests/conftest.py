"""Shared fixtures: every test runs with its config and data pointed at a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TUTOR_CONFIG/TUTOR_DATA_DIR at a temp dir and hide the developer's own env."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "data").mkdir(parents=True)
    monkeypatch.setenv("TUTOR_CONFIG", str(home / "config" / "config.yaml"))
    monkeypatch.setenv("TUTOR_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("TUTOR_EXPORTS_DIR", str(home / "exports"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "TUTOR_MODEL", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return home


# --- scripted OpenAI-compatible server (tests/scripted_server.py) ---------------------------

from collections.abc import Iterator  # noqa: E402

from tests.scripted_server import ScriptedServer  # noqa: E402


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A fresh scripted server on 127.0.0.1, started for this test and stopped after it."""
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def server_url(server: ScriptedServer) -> str:
    """The scripted server's OpenAI base URL (``http://127.0.0.1:PORT/v1``)."""
    return server.base_url
