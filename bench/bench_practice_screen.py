"""The practice screen on screen after the key: F5 pressed in the app, the clock stopped at the
first capture of the tmux pane that shows the problem open (its title in the practice screen's
header and its code in the editor); beside it, in the same run, the session screen's first
paint (launch to the composer's placeholder, as bench_app_startup measures it).

Run from the repo root: .venv/bin/python bench/bench_practice_screen.py [--runs 11]

Each run is a fresh app in a 100×30 pane (the size the screen is made for), with the built-in
pack and a store in which one problem has been practised (so F5 opens it, and the list has a
◐): launch, wait for the session screen to be ready (the meter counted), F5, wait for the
practice screen with the problem, then F5 again to run the starter and wait for the table (a
second figure: the run key to the verdicts), Esc, Ctrl+Q.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app_setup import READY, TUTOR, Bench, median, spread

PROBLEM = "pair-sum"
TITLE = "practice · Two numbers that add up (pair-sum)"
CODE = "1  def pair_sum("  # the starter's first line, in the editor
FIRST_PAINT = "the tutor"  # the composer's placeholder, in the session screen's first frame
RAN = "passed "  # the run's summary line
LAST = "your last run"  # said of a run made before the screen opened


def practised(bench: Bench) -> None:
    """A store where pair-sum was started (as `tutor practice start` leaves it)."""
    from tutor.core.practice.library import ProblemLibrary
    from tutor.core.practice.work import start
    from tutor.core.store import Store

    problem = ProblemLibrary.load(user_dir=bench.home / "no-user-pack").get(PROBLEM)
    path, _ = start(problem, "python", bench.data / "practice" / PROBLEM)
    with Store.open(bench.store_file()) as store:
        store.note_practice(PROBLEM, work_file=str(path), language="python")


def one_run(bench: Bench) -> tuple[float, float, float]:
    """(launch → first paint, F5 → the practice screen with the problem, F5 → verdicts)."""
    pane = bench.pane
    assert pane is not None
    started = pane.start(list(TUTOR), bench.env(), cwd=bench.home)
    painted = pane.wait_for(FIRST_PAINT, timeout=30)
    pane.wait_for(READY, timeout=60)
    pressed = pane.keys("F5")
    shown, _ = pane.wait_until(lambda s: TITLE in s and CODE in s, 30, "the practice screen")
    ran = pane.keys("F5")
    verdicts, _ = pane.wait_until(lambda s: RAN in s and LAST not in s, 30, "the verdicts")
    pane.keys("Escape")
    pane.wait_for(READY, timeout=30)
    bench.quit_tutor()
    return painted - started, shown - pressed, verdicts - ran


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    bench = Bench(width=100, height=30)
    try:
        import os

        os.environ["TUTOR_DATA_DIR"] = str(bench.data)  # where start() writes and the store is
        practised(bench)
        one_run(bench)  # uncounted: warms the page cache and the problem index
        paints, screens, runs = [], [], []
        for _ in range(args.runs):
            paint, screen, run = one_run(bench)
            paints.append(paint)
            screens.append(screen)
            runs.append(run)
        print(f"session screen, launch → first paint:       {spread(paints)}")
        print(f"practice screen, F5 → the problem on screen: {spread(screens)}")
        print(f"ratio of medians: {median(screens) / median(paints):.2f}× (goal: ≤ 0.5 s)")
        print(f"run key, F5 → the verdicts on screen:        {spread(runs)}")
    finally:
        bench.close()
        shutil.rmtree(bench.home, ignore_errors=True)


if __name__ == "__main__":
    main()
