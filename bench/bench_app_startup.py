"""Start-up: from launching the process to its first frame on the tmux screen, the tutor app
against a bare Textual app that paints one label, interleaved in one run.

Both run the same way in the same pane (``respawn-pane``, ``env -i`` with the same variables,
``exec python ...``). The clock starts just before tmux is asked to start the program and stops
at the first capture-pane (polled every 2 ms through a control-mode client) that shows the
program's own text: the label, or the tutor's composer placeholder ("the tutor"), which is in
its first frame. Each app then finishes starting (the tutor: until its meter has counted) and
is quit with Ctrl+Q before the next launch. One launch of each first, not counted, warms the
page cache. Also shown: the tutor from launch to ready (a session open, the meter counted).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bench_app_setup import READY, ROOT, TUTOR, Bench, median, quantile, spread

BARE_TEXTUAL = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("a bare Textual app with one label")

Bare().run()
"""
BARE_TEXT = "a bare Textual app with one label"
TUTOR_TEXT = "the tutor"


def first_frame(
    bench: Bench, argv: list[str], text: str, ready: str, app: Path = ROOT
) -> tuple[float, float]:
    """Seconds to the first frame, and to ``ready`` on screen; then quit."""
    assert bench.pane is not None
    started = bench.pane.start(argv, bench.env(app=app), cwd=bench.home)
    painted = bench.pane.wait_for(text, timeout=30)
    done = bench.pane.wait_for(ready, timeout=30)
    bench.quit_tutor()
    return painted - started, done - started


def startup(runs: int, apps: Sequence[Path] = (ROOT,)) -> None:
    bench = Bench()
    try:
        script = bench.home / "bare_textual.py"
        script.write_text(BARE_TEXTUAL)
        bare_argv = [sys.executable, str(script)]
        first_frame(bench, bare_argv, BARE_TEXT, BARE_TEXT)
        for app in apps:
            first_frame(bench, TUTOR, TUTOR_TEXT, READY, app)
        bare: list[float] = []
        tutor: dict[Path, list[float]] = {app: [] for app in apps}
        ready: dict[Path, list[float]] = {app: [] for app in apps}
        for _ in range(runs):
            bare.append(first_frame(bench, bare_argv, BARE_TEXT, BARE_TEXT)[0])
            for app in apps:
                painted, done = first_frame(bench, TUTOR, TUTOR_TEXT, READY, app)
                tutor[app].append(painted)
                ready[app].append(done)
        print(f"bare Textual app, first frame: {spread(bare)}")
        for app in apps:
            if len(apps) > 1:
                print(f"app from {app}:")
            ratios = sorted(t / b for t, b in zip(tutor[app], bare, strict=True))
            print(f"tutor, first frame:            {spread(tutor[app])}")
            print(
                f"ratio of medians {median(tutor[app]) / median(bare):.2f}× "
                f"(per interleaved pair: median {median(ratios):.2f}×, "
                f"p25 {quantile(ratios, 0.25):.2f}×, p75 {quantile(ratios, 0.75):.2f}×)"
            )
            print(f"tutor, launch to ready (session shown, meter counted): {spread(ready[app])}")
    finally:
        bench.close()
