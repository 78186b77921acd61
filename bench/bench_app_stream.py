"""Streaming benchmarks: a long reply as fast as the server can send it, and a model-like pace.

``stream``: the app (``python -m tutor``, unmodified) in tmux; the clock starts when Enter is
sent to the pane and stops when the reply's last line is on the tmux screen (capture-pane
polled every 2 ms). Each run is a fresh app in a new session. Interleaved with it, a bare
``openai`` script reads the same stream (timed from the request to its last chunk).

``pace``: the app with clocks in it (``bench_app_probe.py``) in tmux, a reply sent at 200
deltas a second; per delta, the time from its arrival in the app to the first frame written
to the terminal that shows it; and how late a 10 ms timer on the event loop ran meanwhile.
"""

from __future__ import annotations

import json
import subprocess
import sys
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path
from typing import Any

from bench_app_setup import Bench, forget_sessions, median, quantile, spread, wait_reply_stored
from bench_app_text import even_chunks, markdown_reply

BARE_SDK = """
import asyncio, sys, time
from openai import AsyncOpenAI

async def main():
    client = AsyncOpenAI(base_url=sys.argv[1], api_key="not-needed", max_retries=0)
    started = time.perf_counter()
    stream = await client.chat.completions.create(
        model="scripted-model",
        messages=[{"role": "user", "content": "Explain recursion"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    parts = []
    async for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                parts.append(choice.delta.content)
    took = time.perf_counter() - started
    await client.close()
    print(took, len("".join(parts)))

asyncio.run(main())
"""
PROBE = Path(__file__).resolve().parent / "bench_app_probe.py"
CHUNK_CHARS = 7  # 2,000 chunks ≈ 14,000 characters ≈ 16 KiB (the peers: 17 KB)


def bare_sdk(bench: Bench, chars: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", BARE_SDK, bench.server.base_url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if int(out[1]) != chars:
        raise SystemExit(f"the bare SDK read {out[1]} characters, not {chars}")
    return float(out[0])


def app_reply(bench: Bench, marker: str, run: int) -> float:
    """Send a message in a fresh app; seconds from Enter to the reply's last line on screen."""
    assert bench.pane is not None
    bench.open_tutor()
    question = f"재귀를 설명해 주세요 (run {run})"
    bench.pane.type(question)
    bench.pane.wait_for(f"(run {run})")
    sent = bench.pane.keys("Enter")
    shown = bench.pane.wait_for(marker, timeout=120)
    wait_reply_stored(bench.store_file())
    bench.quit_tutor()
    forget_sessions(bench.store_file())
    return shown - sent


def stream(runs: int, counts: tuple[int, ...] = (2000, 4000)) -> None:
    bench = Bench()
    try:
        for count in counts:
            marker = f"(end of reply {count})"
            text = markdown_reply(
                count * CHUNK_CHARS, last_line=f"Which step comes first? {marker}"
            )
            bench.server.configure(default_reply={"chunks": even_chunks(text, count)})
            app_reply(bench, marker, 0)  # warm-up: files cached, the server learned
            bare, app = [], []
            for run in range(1, runs + 1):
                bare.append(bare_sdk(bench, len(text)))
                app.append(app_reply(bench, marker, run))
            size = len(text.encode())
            print(
                f"{count:,} chunks ({len(text):,} chars, {size / 1024:.1f} KiB), {runs} runs: "
                f"bare SDK {spread(bare)} | app, Enter to last line on screen {spread(app)}"
                f" = {median(app) / median(bare):.1f}× the bare SDK"
            )
    finally:
        bench.close()


def delta_lags(records: dict[str, Any]) -> list[float]:
    """For each delta: seconds from its arrival to the first frame written after a draw of it."""
    arrived = [t for t, _ in records["arrivals"]]
    ends = list(accumulate(n for _, n in records["arrivals"]))
    draw_times = [t for t, _ in records["draws"]]
    drawn = [n for _, n in records["draws"]]
    frames = records["frames"]
    lags = []
    for at, end in zip(arrived, ends, strict=True):
        draw = bisect_left(drawn, end)  # drawn counts only grow
        frame = bisect_left(frames, draw_times[draw])
        lags.append(frames[frame] - at)
    return lags


def pace(runs: int, chars: int = 6000) -> None:
    text = markdown_reply(chars, seed=5, last_line="Which case breaks it? (end of paced reply)")
    bench = Bench()
    try:
        bench.server.configure(default_reply={"text": text, "chunk_size": 4, "delay": 0.005})
        lags: list[float] = []
        lateness: list[float] = []
        for run in range(1, runs + 1):
            out = bench.home / f"probe-{run}.json"
            argv = [sys.executable, str(PROBE), str(out)]
            bench.open_tutor(argv)
            assert bench.pane is not None
            bench.pane.type(f"다음 단계는? (run {run})")
            bench.pane.wait_for(f"(run {run})")
            bench.pane.keys("Enter")
            seen = bench.pane.wait_for("(end of paced reply)", timeout=120)
            wait_reply_stored(bench.store_file())
            bench.quit_tutor()
            forget_sessions(bench.store_file())
            records = json.loads(out.read_text())
            run_lags = delta_lags(records)
            first, last = records["arrivals"][0][0], records["arrivals"][-1][0]
            late = [now - due for due, now in records["ticks"] if first <= due <= last]
            rate = (len(run_lags) - 1) / (last - first)
            print(
                f"run {run}: {len(run_lags)} deltas at {rate:.0f}/s; on screen after "
                f"p50 {median(run_lags) * 1000:.0f} ms, p95 {quantile(run_lags, 0.95) * 1000:.0f},"
                f" max {max(run_lags) * 1000:.0f} ms; timer late p95 "
                f"{quantile(late, 0.95) * 1000:.1f} ms, max {max(late) * 1000:.1f}; last line in "
                f"tmux {(seen - last) * 1000:.0f} ms after the last delta"
            )
            lags += run_lags
            lateness += late
        within = sum(lag <= 0.1 for lag in lags) / len(lags)
        print(
            f"all {len(lags)} deltas: arrival → on screen p50 {median(lags) * 1000:.0f} ms, "
            f"p95 {quantile(lags, 0.95) * 1000:.0f}, p99 {quantile(lags, 0.99) * 1000:.0f}, "
            f"max {max(lags) * 1000:.0f} ms; {within:.1%} within 100 ms"
        )
        print(
            f"10 ms timer lateness while streaming ({len(lateness)} ticks): p50 "
            f"{median(lateness) * 1000:.1f} ms, p95 {quantile(lateness, 0.95) * 1000:.1f}, "
            f"p99 {quantile(lateness, 0.99) * 1000:.1f}, max {max(lateness) * 1000:.1f} ms"
        )
    finally:
        bench.close()
