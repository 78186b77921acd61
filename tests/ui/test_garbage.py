"""The app keeps the garbage collector off its long-lived objects without leaking dead ones."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from tests.scripted_server import ScriptedServer
from tests.ui.conftest import import_example, main_screen, ready
from tutor.core.store import Store
from tutor.ui import garbage
from tutor.ui.app import TutorApp
from tutor.ui.widgets.turns import Turn


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Each test starts and ends with nothing frozen and no mark from an earlier test."""
    gc.unfreeze()
    garbage._Mark.frozen_after_pass = None
    yield
    gc.unfreeze()
    garbage._Mark.frozen_after_pass = None


class Node:
    """An object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_a_dead_frozen_cycle_is_reclaimed_once_the_frozen_set_has_grown_enough(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(garbage, "RECLAIM_AFTER", 5_000)
    assert garbage.settle() is False  # the first call only takes the mark
    node = Node()
    dead = weakref.ref(node)
    garbage.settle()  # it is frozen now, as a finished turn would be
    del node
    assert garbage.settle() is False and dead() is not None  # frozen: not collected yet
    kept = [[i] for i in range(6_000)]  # more long-lived objects, frozen by the next settle
    assert garbage.settle() is False and dead() is not None
    assert garbage.settle() is True  # the frozen set grew past the threshold: a full pass
    assert dead() is None
    assert len(kept) == 6_000


async def test_turns_of_sessions_switched_away_from_are_freed(
    configured: ScriptedServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(garbage, "RECLAIM_AFTER", 20_000)
    first = import_example(store, "recursion-socratic")
    second = import_example(store, "two-sum-ko")
    app = TutorApp()
    async with app.run_test(size=(110, 34)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        turns = [weakref.ref(t) for t in screen.query(Turn)]
        assert turns
        frozen = []
        for i in range(24):
            await screen.open_session(first.id if i % 2 else second.id)
            await pilot.pause(0.02)
            frozen.append(gc.get_freeze_count())
        assert all(t() is None for t in turns), "the first session's turns are still alive"
        assert frozen[-1] < frozen[0] + 3 * 20_000  # bounded, not ~3,500 more a switch forever
