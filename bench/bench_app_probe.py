"""The tutor app with clocks in it, run by ``bench_app.py pace`` in a real terminal (tmux).

    python bench/bench_app_probe.py OUT.json [DRAW_SECONDS]

It is the ordinary ``TutorApp`` (same config, store and endpoint as ``tutor``) with four
records taken on ``time.monotonic()`` (one clock for every process on the machine), written
to OUT.json when the app exits:

- ``arrivals``: each reply delta as the app receives it (time, characters, which reply);
- ``draws``: each time a streaming reply hands its text to the screen (time, characters drawn,
  which reply);
- ``frames``: each time a frame is written to the terminal (after the write);
- ``ticks``: a 10 ms timer on the app's event loop (when it was due, when it ran).

A delta is on screen at the first frame written after the first draw that holds it. The optional
DRAW_SECONDS replaces the streaming reply's drawing beat (``reply_stream.DRAW_SECONDS``), to
compare beats in one run.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: the checkout the bench runs the app from

from textual.app import App  # noqa: E402

from tutor.ui.app import TutorApp  # noqa: E402
from tutor.ui.widgets.reply_stream import ReplyStream  # noqa: E402

TICK_SECONDS = 0.01
records: dict[str, list[Any]] = {"arrivals": [], "draws": [], "frames": [], "ticks": []}


def _instrument() -> None:
    clock = time.monotonic
    add, flush, display = ReplyStream.add, ReplyStream.flush, App._display

    def timed_add(self: ReplyStream, text: str) -> None:
        records["arrivals"].append((clock(), len(text), id(self)))
        add(self, text)

    def timed_flush(self: ReplyStream) -> None:
        flush(self)
        records["draws"].append((clock(), len(self.text), id(self)))

    def timed_display(self: App[Any], screen: Any, renderable: Any) -> None:
        writes = renderable is not None and not self._batch_count
        display(self, screen, renderable)
        if writes:
            records["frames"].append(clock())

    ReplyStream.add = timed_add  # type: ignore[method-assign]
    ReplyStream.flush = timed_flush  # type: ignore[method-assign]
    App._display = timed_display  # type: ignore[method-assign]


async def _tick() -> None:
    """Due every 10 ms from the start; a tick missed entirely is skipped (as Textual's are)."""
    start = time.monotonic()
    count = 0
    while True:
        count += 1
        due = start + count * TICK_SECONDS
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        now = time.monotonic()
        records["ticks"].append((due, now))
        count = max(count, int((now - start) / TICK_SECONDS))


class ProbedApp(TutorApp):
    """TutorApp plus the timer (Textual calls this on_mount as well as TutorApp's)."""

    def on_mount(self) -> None:
        self._ticker = asyncio.get_running_loop().create_task(_tick())


def main() -> None:
    out = Path(sys.argv[1])
    if len(sys.argv) > 2:
        import tutor.ui.widgets.reply_stream as reply_stream

        reply_stream.DRAW_SECONDS = float(sys.argv[2])
    _instrument()
    app = ProbedApp()
    app.run()
    out.write_text(json.dumps(records))


if __name__ == "__main__":
    main()
