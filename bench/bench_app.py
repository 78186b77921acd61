"""The app's performance in a real terminal (tmux), each comparison made inside one run.

    .venv/bin/python bench/bench_app.py stream [--runs 7]    # 2,000 and 4,000 chunks, fast
    .venv/bin/python bench/bench_app.py pace [--runs 3]      # 200 deltas a second
    .venv/bin/python bench/bench_app.py open [--runs 9]      # 300- and 5,000-message sessions
    .venv/bin/python bench/bench_app.py startup [--runs 15]  # first paint vs a bare Textual app
    .venv/bin/python bench/bench_app.py first [--runs 7]     # Enter → first words, vs the SDK
    .venv/bin/python bench/bench_app.py lock [--runs 3]      # the store locked by another process

How each is measured is in the docstring of its module (bench_app_stream, bench_app_open,
bench_app_startup, bench_app_first,
bench_app_lock); the figures are in bench/README.md ("The app").
"""

from __future__ import annotations

import argparse
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_RUNS = {"stream": 7, "pace": 3, "open": 9, "startup": 15, "first": 7, "lock": 3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=[*DEFAULT_RUNS, "all"])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--flush", type=float, default=None, help="pace: the drawing beat, s")
    parser.add_argument("--idle", type=float, default=2.0, help="first: seconds before each Enter")
    parser.add_argument(
        "--app",
        action="append",
        type=Path,
        help="a checkout to run the app from (repeatable; interleaved run by run)",
    )
    args = parser.parse_args()
    apps = [app.resolve() for app in args.app] if args.app else [ROOT]
    load = os.getloadavg()[0]
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load {load:.2f}")
    for what in DEFAULT_RUNS if args.what == "all" else [args.what]:
        runs = args.runs or DEFAULT_RUNS[what]
        print(f"--- {what}")
        if what == "stream":
            from bench_app_stream import stream

            stream(runs, apps=apps)
        elif what == "pace":
            from bench_app_stream import pace

            pace(runs, flush=args.flush, apps=apps)
        elif what == "open":
            from bench_app_open import open_sessions

            open_sessions(runs, apps=apps)
        elif what == "lock":
            from bench_app_lock import lock

            lock(runs)
        elif what == "first":
            from bench_app_first import first_words

            first_words(runs, idle=args.idle, apps=apps)
        else:
            from bench_app_startup import startup

            startup(runs, apps=apps)


if __name__ == "__main__":
    main()
