"""Building the request for the next turn of a 10,000-message session, versus recounting it all.

    .venv/bin/python bench/bench_request.py [--messages 10000] [--runs 15]

Both sides plan the same request with the same counter (o200k_base) and window (128k): the
conversation keeps per-message counts (in memory and in the store), so the next turn counts
only the new message; the floor we compare against recounts every message's text first.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.core.budget.context import Piece, plan_context
from tutor.core.budget.facts import EndpointFacts
from tutor.core.budget.sizing import RequestSizer, sendable
from tutor.core.endpoint.client import ModelClient
from tutor.core.endpoint.spec import EndpointSpec
from tutor.core.personas import PersonaLibrary
from tutor.core.store import Store
from tutor.core.tokens import TiktokenCounter

ENGLISH = "How would you split this problem into a smaller one that you already know how to solve? "
KOREAN = "배열을 정렬한 다음에 두 포인터를 양쪽 끝에서 움직이면 어떤 점이 좋아질까요? "
CODE = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n"


def fill(store: Store, session_id: int, count: int) -> None:
    rng = random.Random(7)
    for i in range(count):
        role = "user" if i % 2 == 0 else "assistant"
        text = rng.choice([ENGLISH, KOREAN, CODE]) * rng.randint(1, 4)
        store.add_message(session_id, role, f"{i}: {text}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-request-"))
    store = Store.open(folder / "s.sqlite3")
    session = store.create_session("socratic", "bench", "gpt-4o")
    fill(store, session.id, args.messages)
    spec = EndpointSpec(
        name="bench", base_url="http://127.0.0.1:9/v1", model="gpt-4o", context_window=128_000
    )
    persona = PersonaLibrary.load().get("socratic").render()
    reserve = 1024
    sizer = RequestSizer(store, ModelClient(spec), EndpointFacts(folder / "f.json"), model="gpt-4o")
    history = store.messages(session.id)
    await sizer.plan(persona, history, reserve)  # first use: counts everything once, stores it

    ours: list[float] = []
    for i in range(args.runs):
        new = store.add_message(session.id, "user", f"next question {i}: {ENGLISH}")
        history.append(new)
        started = time.perf_counter()
        sized = await sizer.plan(persona, history, reserve)
        ours.append(time.perf_counter() - started)
        reply = store.add_message(session.id, "assistant", f"And then? {KOREAN}")
        history.append(reply)  # the session grows as it would: a question, then a reply
    counter = TiktokenCounter("gpt-4o")
    floor: list[float] = []
    for _ in range(max(3, args.runs // 3)):
        started = time.perf_counter()
        sent = sendable(history)
        counts = counter.count_texts_sync([m.content for m in sent])
        fixed = persona.messages()
        fixed_counts = counter.count_texts_sync([m["content"] for m in fixed])
        plan_context(
            persona=[
                Piece(m["role"], m["content"], n) for m, n in zip(fixed, fixed_counts, strict=True)
            ],
            history=[Piece(m.role, m.content, n, m.id) for m, n in zip(sent, counts, strict=True)],
            reminder=None,
            window=128_000,
            reserve=reserve,
        )
        floor.append(time.perf_counter() - started)

    # A fresh process continuing the session: counts come from the store, not from memory.
    cold_sizer = RequestSizer(
        store, ModelClient(spec), EndpointFacts(folder / "f.json"), model="gpt-4o"
    )
    counter_ready = await cold_sizer.counter()
    await counter_ready.count_texts(["warm the encoding"])
    started = time.perf_counter()
    await cold_sizer.plan(persona, store.messages(session.id), reserve)
    cold = time.perf_counter() - started

    ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
    print(
        f"session: {args.messages:,} messages; sent {len(sized.plan.sent_ids):,}, "
        f"dropped {len(sized.plan.dropped_ids):,}, prompt {sized.plan.prompt_tokens:,} tokens"
    )
    print(f"next turn (counts kept):        median {ours_ms:7.2f} ms over {len(ours)} runs")
    print(f"recount the whole history:      median {floor_ms:7.2f} ms over {len(floor)} runs")
    print(f"ratio:                          {floor_ms / ours_ms:7.1f}x faster")
    print(f"new process, counts from store: {cold * 1000:7.2f} ms (store read included)")


if __name__ == "__main__":
    asyncio.run(main())
