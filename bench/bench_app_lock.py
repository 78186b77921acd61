"""Another process holding the store's write lock: do keys still echo and the reply still draw?

In each run a fresh app (``python -m tutor`` in the tmux pane, 110×32) streams a long reply at
a model's pace (numbered words ``w0001 w0002 …``, one a delta, 200 deltas a second, ≈6 s).
Once it is on screen, a second process opens the store file, takes the write lock (``BEGIN
IMMEDIATE``) and holds it ``LOCK_SECONDS``; it reads the reply's stored length when it takes
the lock and before it lets go (equal: the app could write nothing meanwhile — its saves wait
on the store's own thread). While the lock is held a key is typed every ``KEY_EVERY`` seconds;
its echo is the first capture of the screen that shows it in the composer. The reply's
progress is the highest word number on screen at each capture; a *stall* is the time between
two captures that show it growing. Runs without the lock, interleaved, give the same figures
for comparison.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from bench_app_setup import Bench, forget_sessions, median, quantile, wait_reply_stored

from tests.scripted_server import Reply

WIDTH, HEIGHT = 110, 32
WORDS = 1200
LOCK_SECONDS = 3.0
KEY_EVERY = 0.15
KEYS = "abcdefghijklmnop"
PREFIX = "zq"  # typed before the clock starts: no other text on screen holds it
WORD = re.compile(r"w(\d{4})")

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
length = "SELECT coalesce(length(content), 0) FROM messages WHERE role = 'assistant' " \\
    "ORDER BY id DESC LIMIT 1"
conn.execute("BEGIN IMMEDIATE")
print("locked", time.monotonic(), conn.execute(length).fetchone()[0], flush=True)
time.sleep(float(sys.argv[2]))
print("releasing", time.monotonic(), conn.execute(length).fetchone()[0], flush=True)
conn.execute("ROLLBACK")
"""


def reply_text() -> str:
    return " ".join(f"w{n:04d}" for n in range(1, WORDS + 1)) + " (end of the paced reply)"


def one_run(bench: Bench, run: int, locked: bool) -> dict[str, list[float]]:
    """Echo times of the keys typed, and stalls of the reply on screen (inside the window
    of the lock, or of the same moment when there is no lock)."""
    pane = bench.pane
    assert pane is not None
    bench.open_tutor()
    text = reply_text()
    bench.server.script(Reply(chunks=[w + " " for w in text.split(" ")], delay=0.005))
    pane.type(f"count for me (run {run})")
    pane.wait_for(f"(run {run})")
    pane.keys("Enter")
    pane.wait_for("w0050", timeout=30)
    pane.type(PREFIX)
    pane.wait_for(PREFIX)
    locker, stored_at_start = None, ""
    if locked:
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(bench.store_file()), str(LOCK_SECONDS)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert locker.stdout is not None
        _, start_s, stored_at_start = locker.stdout.readline().split()
        start = float(start_s)
    else:
        start = time.monotonic()
    end = start + LOCK_SECONDS
    progress: list[tuple[float, int]] = []
    echoes: list[float] = []
    typed, sent_at = PREFIX, 0.0
    next_key = start + 0.05
    waiting = False
    while time.monotonic() < end + 0.3:
        now = time.monotonic()
        if not waiting and now >= next_key and len(typed) - len(PREFIX) < len(KEYS) and now < end:
            key = KEYS[len(typed) - len(PREFIX)]
            pane.type(key)
            typed, sent_at, waiting = typed + key, time.monotonic(), True
        screen = pane.screen()
        seen = time.monotonic()
        numbers = [int(n) for n in WORD.findall(screen)]
        if numbers:
            progress.append((seen, max(numbers)))
        if waiting and typed in screen:
            echoes.append(seen - sent_at)
            waiting, next_key = False, sent_at + KEY_EVERY
        time.sleep(0.002)
    if locker is not None:
        assert locker.stdout is not None
        _, _, stored_at_end = locker.stdout.readline().split()
        locker.wait()
        if stored_at_end != stored_at_start:
            raise SystemExit("the app wrote while the lock was held: the lock did not hold")
    stalls, last_time, last_number = [], start, -1
    for at, number in progress:
        if number > last_number:
            if last_number >= 0 and start <= at <= end:
                stalls.append(at - last_time)
            last_time, last_number = at, number
    pane.wait_for("(end of the paced reply)", timeout=60)
    wait_reply_stored(bench.store_file())
    bench.quit_tutor()
    forget_sessions(bench.store_file())
    return {"echoes": echoes, "stalls": stalls, "missed": [len(KEYS) - len(echoes)]}


def ms(values: list[float], q: float) -> str:
    return f"{(max(values) if q == 1 else quantile(values, q)) * 1000:.0f}"


def lock(runs: int) -> None:
    bench = Bench(width=WIDTH, height=HEIGHT)
    try:
        one_run(bench, 0, False)  # warm-up
        found: dict[bool, dict[str, list[float]]] = {
            flag: {"echoes": [], "stalls": [], "missed": []} for flag in (True, False)
        }
        for run in range(1, runs + 1):
            for locked in (True, False):
                for name, values in one_run(bench, run, locked).items():
                    found[locked][name] += values
        for locked in (True, False):
            echoes, stalls = found[locked]["echoes"], found[locked]["stalls"]
            what = f"lock held {LOCK_SECONDS:g} s" if locked else "no lock      "
            print(
                f"{what}: {len(echoes)} keys echoed (missed {sum(found[locked]['missed'])}) "
                f"p50 {ms(echoes, 0.5)} ms, p95 {ms(echoes, 0.95)}, max {ms(echoes, 1)} ms "
                f"| reply on screen: grew {len(stalls)} times, longest wait "
                f"{ms(stalls, 1)} ms (p95 {ms(stalls, 0.95)}, median {ms(stalls, 0.5)})"
            )
        print(f"(median echo with the lock: {median(found[True]['echoes']) * 1000:.0f} ms)")
    finally:
        bench.close()
