"""The first words sooner: Enter → the reply's first words on screen, the app against a bare
``openai`` SDK script making the same requests and reading the same streams, in one run.

Each run is one fresh app (``python -m tutor`` in the tmux pane, 110×32) and one fresh bare
SDK process, interleaved. Both make the same three requests in turn: a short reply (the first
message after launch), another short reply (a later message), and a reply of 2,000 chunks.
The bare script sends exactly the messages the app sent (the persona's system text and
examples included, taken from what the server received in the warm-up run), so the SDK does
the same work on the same request; it is timed from ``create()`` to its first chunk and to its
last. The app is timed from Enter sent to the pane to the reply's first words (a word no other
text on screen holds) and to its last line on the tmux screen. Before each message the app is
left idle ``IDLE`` seconds (launch to ready, or the previous reply stored), as a student reads
before typing; the question is typed a key every ``KEY_SECONDS``, seen on screen, then Enter.

Also printed, from the server's own clock: Enter (or ``create()``) → the request received,
which is where the time went before the stream began. ``--app PATH`` (repeatable) runs the app
from other checkouts too, interleaved run by run: a change and the code before it, side by side.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench_app_setup import ROOT, Bench, forget_sessions, median, spread, wait_reply_stored
from bench_app_text import even_chunks, markdown_reply

from tests.scripted_server import Reply

WIDTH, HEIGHT = 110, 32
IDLE = 2.0
KEY_SECONDS = 0.05  # between two keys of the question (a fast typist: 20 characters a second)
LONG_CHUNKS = 2000
CHUNK_CHARS = 7
TURNS = ("first", "later", "long")

BARE_SDK = """
import asyncio, json, sys, time
from openai import AsyncOpenAI

async def main():
    base_url, messages = sys.argv[1], json.loads(sys.argv[2])
    client = AsyncOpenAI(base_url=base_url, api_key="not-needed", max_retries=0)
    for turn in range(3):
        started = time.perf_counter()
        at = time.time()
        stream = await client.chat.completions.create(
            model="scripted-model",
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},
        )
        first = None
        chars = 0
        async for chunk in stream:
            for choice in chunk.choices:
                if choice.delta.content:
                    if first is None:
                        first = time.perf_counter() - started
                    chars += len(choice.delta.content)
        print(json.dumps([at, first, time.perf_counter() - started, chars]), flush=True)
    await client.close()

asyncio.run(main())
"""


def short_reply(tag: str) -> Reply:
    """A short reply whose first delta is ``tag``, a word that is nowhere else on screen."""
    return Reply(chunks=[f"{tag} ", "what do you think ", "the base case ", "should return?"])


def long_reply(tag: str) -> tuple[Reply, str]:
    marker = f"(end of reply {tag})"
    text = markdown_reply(LONG_CHUNKS * CHUNK_CHARS, last_line=f"Which step comes first? {marker}")
    chunks = even_chunks(text, LONG_CHUNKS)
    chunks[0] = f"{tag} " + chunks[0]
    return Reply(chunks=chunks), marker


def replies(run: int, who: str) -> tuple[list[Reply], list[str], str]:
    tags = [f"Zq{who}{run}x{i}" for i in range(3)]
    long, marker = long_reply(tags[2])
    return [short_reply(tags[0]), short_reply(tags[1]), long], tags, marker


def server_clock_offset() -> float:
    """time.time() − time.monotonic() now (the server records time.time())."""
    return time.time() - time.monotonic()


def bare_sdk(bench: Bench, run: int, messages: list[dict[str, str]]) -> list[list[float]]:
    """[request sent (time.time), first chunk (s), last chunk (s), characters] per turn."""
    scripted, _, _ = replies(run, "s")
    bench.server.script(*scripted)
    out = subprocess.run(
        [sys.executable, "-c", BARE_SDK, bench.server.base_url, json.dumps(messages)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [json.loads(line) for line in out]


def chat_arrivals(bench: Bench) -> list[float]:
    return [r.at for r in bench.server.requests() if r.path == "/v1/chat/completions"]


def app_turns(
    bench: Bench, run: int, idle: float, app: Path = ROOT
) -> list[tuple[float, float, float]]:
    """Per turn: (Enter → first words, Enter → last line, Enter → request at the server)."""
    assert bench.pane is not None
    scripted, tags, marker = replies(run, "a")
    bench.open_tutor(app=app)
    found: list[tuple[float, float, float]] = []
    for turn, (reply, tag) in enumerate(zip(scripted, tags, strict=True)):
        time.sleep(idle)
        bench.server.script(reply)
        before = len(chat_arrivals(bench))
        question = f"재귀를 설명해 주세요 (run {run}, turn {turn})"
        for character in question:  # as a fast typist would: what a key starts has its time
            bench.pane.type(character)
            time.sleep(KEY_SECONDS)
        bench.pane.wait_for(f"(run {run}, turn {turn})")
        offset = server_clock_offset()
        sent = bench.pane.keys("Enter")
        first = bench.pane.wait_for(tag, timeout=60)
        last = bench.pane.wait_for(marker if turn == 2 else "should return?", timeout=120)
        wait_reply_stored(bench.store_file())
        arrived = chat_arrivals(bench)[before] - offset
        found.append((first - sent, last - sent, arrived - sent))
    bench.quit_tutor()
    forget_sessions(bench.store_file())
    return found


def first_words(runs: int, idle: float = IDLE, apps: Sequence[Path] = (ROOT,)) -> None:
    """``apps``: checkouts to run the app from (this one by default), interleaved run by run."""
    bench = Bench(width=WIDTH, height=HEIGHT)
    try:
        for app in apps:  # warm-up: files cached, the server's window learned
            app_turns(bench, 0, idle, app)
        messages = [
            {"role": m["role"], "content": m["content"]}
            for m in bench.server.chat_requests()[0]["messages"]
        ]
        sdk: dict[str, list[list[float]]] = {t: [] for t in TURNS}
        found = {app: {t: [] for t in TURNS} for app in apps}
        for run in range(1, runs + 1):
            before = len(chat_arrivals(bench))
            for turn, figures in zip(TURNS, bare_sdk(bench, run, messages), strict=True):
                sdk[turn].append(figures)
            arrivals = chat_arrivals(bench)[before:]
            for turn, at in zip(TURNS, arrivals, strict=True):
                sdk[turn][-1][0] = at - sdk[turn][-1][0]  # create() → request at the server
            for app in apps:
                for turn, figures in zip(TURNS, app_turns(bench, run, idle, app), strict=True):
                    found[app][turn].append(figures)
        print(
            f"{runs} runs, pane {WIDTH}×{HEIGHT}, idle {idle:g} s before each message; "
            f"the request: {len(messages)} messages, "
            f"{sum(len(m['content']) for m in messages):,} characters"
        )
        for app in apps:
            print(f"app from {app}:")
            report(sdk, found[app])
    finally:
        bench.close()


def report(
    sdk: dict[str, list[list[float]]], app: dict[str, list[tuple[float, float, float]]]
) -> None:
    for turn in TURNS:
        bare_first = [f[1] for f in sdk[turn]]
        app_first = [f[0] for f in app[turn]]
        gap = median(app_first) - median(bare_first)
        print(
            f"{turn:>7}: first words — bare SDK {spread(bare_first)} | app {spread(app_first)}"
            f" | gap {gap * 1000:+.0f} ms"
        )
        print(
            f"         request at the server — bare SDK {spread([f[0] for f in sdk[turn]])}"
            f" | app {spread([f[2] for f in app[turn]])}"
        )
        if turn == "long":
            bare_last = [f[2] for f in sdk[turn]]
            app_last = [f[1] for f in app[turn]]
            print(
                f"         {LONG_CHUNKS:,} chunks, last — bare SDK {spread(bare_last)} | app "
                f"{spread(app_last)} = {median(app_last) / median(bare_last):.2f}× the bare SDK"
            )
