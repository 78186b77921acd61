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
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from bench_app_setup import (
    ROOT,
    Bench,
    forget_sessions,
    median,
    quantile,
    spread,
    wait_reply_stored,
)
from bench_app_text import even_chunks, markdown_reply

from tests.scripted_server import Reply

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


def app_reply(bench: Bench, marker: str, run: int, app: Path = ROOT) -> float:
    """Send a message in a fresh app; seconds from Enter to the reply's last line on screen."""
    assert bench.pane is not None
    bench.open_tutor(app=app)
    question = f"재귀를 설명해 주세요 (run {run})"
    bench.pane.type(question)
    bench.pane.wait_for(f"(run {run})")
    sent = bench.pane.keys("Enter")
    shown = bench.pane.wait_for(marker, timeout=120)
    wait_reply_stored(bench.store_file())
    bench.quit_tutor()
    forget_sessions(bench.store_file())
    return shown - sent


def stream(
    runs: int, counts: tuple[int, ...] = (2000, 4000), apps: Sequence[Path] = (ROOT,)
) -> None:
    bench = Bench()
    try:
        for count in counts:
            marker = f"(end of reply {count})"
            text = markdown_reply(
                count * CHUNK_CHARS, last_line=f"Which step comes first? {marker}"
            )
            bench.server.configure(default_reply={"chunks": even_chunks(text, count)})
            for app in apps:
                app_reply(bench, marker, 0, app)  # warm-up: files cached, the server learned
            bare: list[float] = []
            found: dict[Path, list[float]] = {app: [] for app in apps}
            for run in range(1, runs + 1):
                bare.append(bare_sdk(bench, len(text)))
                for app in apps:
                    found[app].append(app_reply(bench, marker, run, app))
            size = len(text.encode())
            for app in apps:
                where = f" (app from {app})" if len(apps) > 1 else ""
                print(
                    f"{count:,} chunks ({len(text):,} chars, {size / 1024:.1f} KiB), {runs} runs"
                    f"{where}: bare SDK {spread(bare)} | app, Enter to last line on screen "
                    f"{spread(found[app])} = {median(found[app]) / median(bare):.2f}× the bare SDK"
                )
    finally:
        bench.close()


def delta_lags(records: dict[str, Any]) -> list[list[float]]:
    """Per reply, per delta: seconds from its arrival to the first frame written after the
    first draw that held it."""
    frames = records["frames"]
    replies: dict[int, list[float]] = {}
    for reply in dict.fromkeys(r for _, _, r in records["arrivals"]):
        arrivals = [(t, n) for t, n, r in records["arrivals"] if r == reply]
        draws = [(t, n) for t, n, r in records["draws"] if r == reply]
        ends = list(accumulate(n for _, n in arrivals))
        drawn = [n for _, n in draws]  # only grows
        lags = replies.setdefault(reply, [])
        for (at, _), end in zip(arrivals, ends, strict=True):
            draw_time = draws[bisect_left(drawn, end)][0]
            lags.append(frames[bisect_left(frames, draw_time)] - at)
    return list(replies.values())


def late_ticks(records: dict[str, Any], reply: int) -> list[float]:
    """How late the 10 ms timer ran while the ``reply``-th reply (0-based) arrived."""
    ids = list(dict.fromkeys(r for _, _, r in records["arrivals"]))
    times = [t for t, _, r in records["arrivals"] if r == ids[reply]]
    return [now - due for due, now in records["ticks"] if times[0] <= due <= times[-1]]


def ms(values: list[float], q: float) -> str:
    return f"{(max(values) if q == 1 else quantile(values, q)) * 1000:.0f}"


def pace(
    runs: int,
    replies: int = 3,
    chars: int = 6000,
    flush: float | None = None,
    apps: Sequence[Path] = (ROOT,),
) -> None:
    """``replies`` paced replies in one app per run; figures for the first and the last.
    With several ``apps`` (checkouts), their runs are interleaved."""
    bench = Bench()
    try:
        lags: dict[Path, dict[int, list[float]]] = {a: {0: [], replies - 1: []} for a in apps}
        late: dict[Path, dict[int, list[float]]] = {a: {0: [], replies - 1: []} for a in apps}
        for run in range(1, runs + 1):
            for number, app in enumerate(apps):
                out = bench.home / f"probe-{run}-{number}.json"
                records = paced_app(bench, run, replies, chars, flush, app, out)
                per_reply = delta_lags(records)
                for index in lags[app]:
                    lags[app][index] += per_reply[index]
                    late[app][index] += late_ticks(records, index)
                rate = len(per_reply[0]) / (
                    records["arrivals"][len(per_reply[0]) - 1][0] - records["arrivals"][0][0]
                )
                where = f" (app from {app})" if len(apps) > 1 else ""
                print(
                    f"run {run}{where}: {replies} replies of {len(per_reply[0])} deltas at "
                    f"{rate:.0f}/s;"
                    + "".join(
                        f" reply {i + 1}: on screen p95 {ms(lags_i, 0.95)} max {ms(lags_i, 1)}"
                        f" ms, timer late p95 {ms(late_ticks(records, i), 0.95)}"
                        f" max {ms(late_ticks(records, i), 1)} ms;"
                        for i, lags_i in enumerate(per_reply)
                    )
                )
        for app in apps:
            if len(apps) > 1:
                print(f"app from {app}:")
            for index in lags[app]:
                got, tardy = lags[app][index], late[app][index]
                within = sum(lag <= 0.1 for lag in got) / len(got)
                print(
                    f"reply {index + 1} of each app, {len(got)} deltas: arrival → on screen "
                    f"p50 {ms(got, 0.5)} ms, p95 {ms(got, 0.95)}, p99 {ms(got, 0.99)}, "
                    f"max {ms(got, 1)} ms ({within:.1%} within 100 ms); 10 ms timer late "
                    f"p50 {ms(tardy, 0.5)} ms, p95 {ms(tardy, 0.95)}, p99 {ms(tardy, 0.99)}, "
                    f"max {ms(tardy, 1)} ms ({len(tardy)} ticks)"
                )
    finally:
        bench.close()


def paced_app(
    bench: Bench,
    run: int,
    replies: int,
    chars: int,
    flush: float | None,
    app: Path,
    out: Path,
) -> dict[str, Any]:
    """One app with clocks in it (``bench_app_probe``), ``replies`` paced replies; its records."""
    beat = [] if flush is None else [str(flush)]
    bench.open_tutor([sys.executable, str(PROBE), str(out), *beat], app=app)
    assert bench.pane is not None
    for turn in range(1, replies + 1):
        marker = f"(end of paced reply {turn})"
        text = markdown_reply(chars, seed=turn, last_line=f"Which case breaks it? {marker}")
        bench.server.script(Reply(text=text, chunk_size=4, delay=0.005))
        bench.pane.type(f"다음 단계는? (run {run}, turn {turn})")
        bench.pane.wait_for(f"(run {run}, turn {turn})")
        bench.pane.keys("Enter")
        bench.pane.wait_for(marker, timeout=120)
        wait_reply_stored(bench.store_file())
    bench.quit_tutor()
    forget_sessions(bench.store_file())
    records: dict[str, Any] = json.loads(out.read_text())
    return records
