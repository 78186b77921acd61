"""Keeping the cyclic garbage collector off the app's long-lived objects, without leaking them.

The collector's full passes walk every object not frozen, and they come every ~0.5 s while a
reply streams. A finished turn stays on screen with all its drawn lines (Textual keeps seven
small caches per line), so each long reply made every later pass slower: by the third 6 KB
reply in one app they stalled the event loop for 80–130 ms. So after each turn and each
session opened, ``settle`` collects the young garbage and freezes what is left.

But frozen objects are never collected, and some of them die later: the turns a regenerate
or an edit replaces, every turn of a session the student switches away from (~3,500 objects,
~0.5 MB a switch, measured). So once the frozen set has grown by ``RECLAIM_AFTER`` objects
since the last full pass, ``settle`` unfreezes everything first: one full pass (0.1–0.2 s
here, at a quiet moment — a turn just ended or a session was just drawn) reclaims them.

This is the one module that freezes (``gc.freeze`` is process-wide: it also holds Textual's
objects); ``tests/ui/test_garbage.py`` checks that what dies after being frozen is reclaimed.
"""

from __future__ import annotations

import gc

RECLAIM_AFTER = 100_000  # frozen objects added since the last full pass


class _Mark:
    frozen_after_pass: int | None = None


def keep_loaded() -> None:
    """What is loaded now (the app's modules, the SDK's) lives as long as the app: keep the
    collector's full passes off it (each one over it stalled the screen ~0.1 s). It counts
    toward ``RECLAIM_AFTER`` like any other frozen object."""
    gc.freeze()


def settle() -> bool:
    """Collect, then freeze what is left; True when this was a full pass over everything."""
    full = (
        _Mark.frozen_after_pass is not None
        and gc.get_freeze_count() - _Mark.frozen_after_pass > RECLAIM_AFTER
    )
    if full:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    if full or _Mark.frozen_after_pass is None:
        _Mark.frozen_after_pass = gc.get_freeze_count()
    return full
