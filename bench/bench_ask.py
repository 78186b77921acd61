"""`tutor ask` versus a bare `openai` SDK script making the same streamed request, in one run.

    .venv/bin/python bench/bench_ask.py [--runs 9]

The scripted server runs in its own process; both commands run as fresh processes, interleaved,
with stdout to a pipe; the figure is the median wall time of each and their ratio, for a short
reply and for a 4,000-chunk one. tutor runs as a student would: a config naming the endpoint,
a data dir kept between runs (so what it learned about the server is reused), a new session
each time, the default persona.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_server import ScriptedProcess  # noqa: E402

BARE_SDK = """
import asyncio, sys
from openai import AsyncOpenAI

async def main():
    client = AsyncOpenAI(base_url=sys.argv[1], api_key="not-needed", max_retries=0)
    stream = await client.chat.completions.create(
        model="scripted-model",
        messages=[{"role": "user", "content": "What is a hash map?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    async for chunk in stream:
        for choice in chunk.choices:
            if choice.delta.content:
                sys.stdout.write(choice.delta.content)
                sys.stdout.flush()
    await client.close()

asyncio.run(main())
"""


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed: {result.stderr.decode()[-500:]}")
    return took


# tutor's entry point leaves with os._exit after flushing (no interpreter teardown); this variant
# exits the ordinary way, to show what that saves.
SLOW_EXIT = "import sys; from tutor.cli.main import run; sys.exit(run(sys.argv[1:]))"


def compare(
    server: ScriptedProcess, text: str, chunk_size: int, runs: int, env: dict[str, str]
) -> tuple[float, float, float]:
    server.configure(default_reply={"text": text, "chunk_size": chunk_size})
    bare_cmd = [sys.executable, "-c", BARE_SDK, server.base_url]
    ours_cmd = [sys.executable, "-m", "tutor", "ask", "What is a hash map?"]
    slow_cmd = [sys.executable, "-c", SLOW_EXIT, "ask", "What is a hash map?"]
    timed(ours_cmd, env)  # the first run learns about the server, as a first use would
    bare, ours, slow = [], [], []
    for _ in range(runs):
        bare.append(timed(bare_cmd, env))
        ours.append(timed(ours_cmd, env))
        slow.append(timed(slow_cmd, env))
    return statistics.median(bare), statistics.median(ours), statistics.median(slow)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-ask-"))
    server = ScriptedProcess()
    try:
        config = home / "config.yaml"
        config.write_text(
            f"endpoints:\n  local:\n    base_url: {server.base_url}\n    model: scripted-model\n"
        )
        env = dict(os.environ, TUTOR_CONFIG=str(config), TUTOR_DATA_DIR=str(home / "data"))
        env["PYTHONPATH"] = str(ROOT)
        for label, text, size in (
            ("short reply (9 chunks)", "What do you think a hash function gives back?", 5),
            ("4,000-chunk reply", "abcd" * 4000, 4),
        ):
            bare, ours, slow = compare(server, text, size, args.runs, env)
            print(
                f"{label:<24} bare SDK {bare:6.3f} s | "
                f"tutor ask {ours:6.3f} s = {ours / bare:4.2f}x"
                f" | with a full teardown {slow:6.3f} s = {slow / bare:4.2f}x"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
