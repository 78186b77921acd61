"""Fixtures for the app's tests: a config pointing at the scripted server, waiting, reading."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT
from tests.scripted_server import ScriptedServer
from tests.transcripts import Said, transcript
from tutor.core.config import paths
from tutor.core.store import SessionInfo, Store

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

    from tutor.ui.app import TutorApp

CLOSED_PORTS = (("Ollama", 1), ("llama.cpp", 2), ("LM Studio", 3), ("vLLM", 4))
FIXED_NOW = 1795000000.0  # 2026-11-18 (UTC): the clock the sidebar sees in tests


@pytest.fixture(autouse=True)
def quiet_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real local server is ever probed; retries and persona checks are quick."""
    monkeypatch.setattr("tutor.core.endpoint.probe.LOCAL_SERVERS", CLOSED_PORTS)
    monkeypatch.setattr("tutor.core.endpoint.client.RETRY_DELAYS", (0.05, 0.05, 0.05))
    monkeypatch.setattr("tutor.ui.session.persona_watch.PERSONA_CHECK_SECONDS", 0.2)
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()


def write_config(server: ScriptedServer, **extra: Any) -> Path:
    """A config with one endpoint, ``local``, at the scripted server."""
    path = paths.config_file()
    lines = ["endpoints:", "  local:", f"    base_url: {server.base_url}"]
    lines.append("    model: " + str(extra.pop("model", "scripted-model")))
    lines += [f"    {key}: {json.dumps(value)}" for key, value in extra.pop("endpoint", {}).items()]
    lines += [f"{key}: {json.dumps(value)}" for key, value in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def configured(server: ScriptedServer) -> ScriptedServer:
    write_config(server)
    return server


@pytest.fixture
def store() -> Iterator[Store]:
    """The same store file the app opens (a second connection, as another process would)."""
    opened = Store.open(paths.store_file())
    yield opened
    opened.close()


def import_example(store: Store, name: str) -> SessionInfo:
    """One of the example transcripts in ``sessions/`` (two-sum-ko, recursion-socratic)."""
    data = json.loads((ROOT / "sessions" / f"{name}.json").read_text(encoding="utf-8"))
    return store.import_json(data, source=name)


def session_json(title: str, pairs: list[tuple[str, str]], *, start: float = FIXED_NOW) -> dict:
    """A transcript with fixed times: ``pairs`` of (student, tutor) texts, a minute apart."""
    said: list[Said] = []
    for index, (student, tutor) in enumerate(pairs):
        at = start + index * 60
        said += [("user", student, at), ("assistant", tutor, at + 5)]
    return transcript(title, said, start=start)


def screen_text(app: App[Any]) -> str:
    """What the terminal would show right now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(app: App[Any], widget: Any) -> str:
    """The text on screen inside ``widget``'s region, lines joined by spaces, runs collapsed."""
    region = widget.region
    lines = app.screen._compositor.render_strips()[region.y : region.bottom]
    cropped = [strip.crop(region.x, region.right).text for strip in lines]
    return " ".join(" ".join(cropped).split())


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str = "", timeout: float = 10.0
) -> None:
    """Let the app run until ``condition()`` holds; fail with the screen shown if it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until the app is connected, a session is open and the meter has counted."""
    app: TutorApp = pilot.app  # type: ignore[assignment]

    def meter_counted() -> bool:
        screen = app.screen
        meter = screen.query("#meter")
        return bool(meter) and " tokens · " in str(meter.first().render())

    await until(pilot, meter_counted, "the app to connect and count")
    main = app.screen
    main.query_one("#composer").cursor_blink = False  # type: ignore[attr-defined]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` into the focused widget, one key per character (newlines as Ctrl+J)."""
    keys = ["ctrl+j" if ch == "\n" else "space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


async def open_palette(pilot: Pilot[Any]) -> None:
    """Ctrl+P, then wait until the command palette is up with its input focused and its first
    list of commands shown, as a student sees it before typing (a paste or keys sent before
    that would go elsewhere on a busy machine, or be searched before the palette's commands
    are in: its own first listing then replaces that search)."""
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    app = pilot.app

    def listed() -> bool:
        screen = app.screen
        if not isinstance(screen, CommandPalette) or not isinstance(app.focused, CommandInput):
            return False
        return screen.query_one(CommandList).option_count > 0

    await until(pilot, listed, "the command palette and its first list of commands")


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste ``text`` into the focused widget, as a terminal delivers a paste (one event)."""
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def wait_idle(pilot: Pilot[Any]) -> None:
    """Wait for the reply to finish (no turn worker running) and the screen to settle."""
    app = pilot.app
    await until(
        pilot,
        lambda: not any(w.group == "turn" and w.is_running for w in app.workers),
        "the turn to finish",
    )
    await pilot.pause(0.05)


async def send_from_composer(
    pilot: Pilot[Any], server: ScriptedServer, text: str, reply: str
) -> list[dict[str, Any]]:
    """Script ``reply``, paste ``text`` into the composer and send it; wait for the reply to
    end. Returns the messages of the request the server received."""
    server.script(reply)
    pilot.app.screen.query_one("#composer").focus()
    await paste(pilot, text)
    await pilot.press("enter")
    await wait_idle(pilot)
    return server.chat_requests()[-1]["messages"]


def main_screen(app: App[Any]) -> Any:
    """The MainScreen (even while a dialog is on top of it)."""
    return next(screen for screen in app.screen_stack if screen.id == "main")
