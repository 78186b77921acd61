"""Screenshots at a fixed size: the main screen, first run, the persona picker, an error row.

Regenerate after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.scripted_server import Fault, Reply, ScriptedServer
from tests.ui.conftest import FIXED_NOW, ready, screen_text, session_json, type_text, until
from tests.ui.conftest import wait_idle as turn_done
from tutor.core.store import Store
from tutor.ui.app import TutorApp
from tutor.ui.dialogs.persona_picker import PersonaPicker

SIZE = (100, 30)
SNAPSHOT_CONFIG = "/tmp/tutor-snapshots/config.yaml"  # shown on the first-run screen

PAIRS = [
    ("How do I reverse a linked list?", "Before any code: what does each node point to *now*?"),
    (
        "Each node points to the next one.",
        "Right. Suppose you walk the list once:\n\n```python\nnode = head\nwhile node:\n"
        "    node = node.next\n```\n\nWhat would you need to **remember** at each step?",
    ),
]


def app_at_fixed_time() -> TutorApp:
    return TutorApp(clock=lambda: FIXED_NOW)


@pytest.fixture
def conversation(configured: ScriptedServer, store: Store) -> ScriptedServer:
    store.import_json(session_json("Reversing a linked list", PAIRS), source="snapshot")
    store.import_json(
        session_json("재귀 복습", [("왜 끝나요?", "언제 멈출까요?")], start=FIXED_NOW - 86400 * 3),
        source="snapshot",
    )
    return configured


def test_main_screen(conversation: ScriptedServer, snap_compare: Any) -> None:
    async def settle(pilot: Any) -> None:
        await ready(pilot)
        await until(pilot, lambda: "remember" in screen_text(pilot.app), "the conversation")

    assert snap_compare(app_at_fixed_time(), terminal_size=SIZE, run_before=settle)


def test_error_row(conversation: ScriptedServer, snap_compare: Any) -> None:
    conversation.script(
        Reply(text="You would need the previous node and ", chunk_size=4, fault=Fault(drop_after=4))
    )

    async def fail(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("ctrl+s")  # the sidebar would show today's date: hide it
        await type_text(pilot, "the previous one?")
        await pilot.press("enter")
        await turn_done(pilot)
        await until(pilot, lambda: "Retry" in screen_text(pilot.app), "the error row")

    assert snap_compare(app_at_fixed_time(), terminal_size=SIZE, run_before=fail)


def test_persona_picker(configured: ScriptedServer, snap_compare: Any) -> None:
    async def pick(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(pilot.app.screen, PersonaPicker), "the picker")
        await until(pilot, lambda: "counting" not in screen_text(pilot.app), "the costs")

    assert snap_compare(app_at_fixed_time(), terminal_size=SIZE, run_before=pick)


def test_first_run_screen(
    server: ScriptedServer, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_CONFIG", SNAPSHOT_CONFIG)

    async def first_run(pilot: Any) -> None:
        await until(pilot, lambda: "No model server answered" in screen_text(pilot.app), "it")
        await type_text(pilot, "http://127.0.0.1:11434/v1")
        await pilot.press("tab")
        await type_text(pilot, "sk-secret")

    assert snap_compare(app_at_fixed_time(), terminal_size=SIZE, run_before=first_run)
