"""What the persona editor's check costs: the work done in a thread after each pause in typing.

Run from the repo root: .venv/bin/python bench/bench_editor.py [--runs 50]

For three texts — the scaffold of a new persona, the built-in socratic, and a large persona (120
example turns, ~60 KB) — it times ``PersonaChecker.check`` (read the YAML with positions,
validate, resolve ``extends`` against the built-ins and 20 user files), then the always-sent
cost counted with tiktoken (o200k_base, built beforehand), and the longest pause a ticking
thread saw while the check ran in another thread: the stall the editor's event loop can see
(the check holds the GIL for parts of its work), beside the same figure for a thread that
sleeps as long as a check takes: what the machine's load alone does to the ticks.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_personas import USER_PERSONA  # noqa: E402
from tutor.core.budget.persona_cost import persona_cost  # noqa: E402
from tutor.core.personas import builtin_personas_dir  # noqa: E402
from tutor.core.personas.editing import PersonaChecker  # noqa: E402
from tutor.core.personas.scaffold import scaffold  # noqa: E402
from tutor.core.tokens.counter import TiktokenCounter  # noqa: E402


def large_persona(turns: int = 120) -> str:
    lines = ["name: Large", "system: |"]
    lines += [f"  Rule {i}: ask one question at a time about step {i}." for i in range(60)]
    lines.append("examples:")
    for i in range(turns // 2):
        lines.append("  - role: user")
        lines.append(f"    content: 학생의 질문 {i} — can you just give me the answer to part {i}?")
        lines.append("  - role: assistant")
        lines.append(f"    content: What have you tried for part {i}, and where did it stop?")
    return "\n".join(lines) + "\n"


def timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def longest_pause(call: Callable[[], object]) -> float:
    """The longest gap between the ticks of a thread that sleeps 1 ms between ticks, while
    ``call`` runs in this thread (as a check runs beside the editor's event loop)."""
    stop = threading.Event()
    gaps: list[float] = []

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.01)  # ticking already
    gaps.clear()
    call()
    stop.set()
    ticker.join()
    return max(gaps, default=0.0)


def ms(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1]
    return f"{statistics.median(values) * 1000:.1f} ms (p90 {p90 * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    texts = {
        "scaffold": scaffold("graph-tutor"),
        "socratic (built-in)": (builtin_personas_dir() / "socratic.yaml").read_text("utf-8"),
        "large (120 turns)": large_persona(),
    }
    counter = TiktokenCounter("gpt-4o-mini")
    counter.encoding()
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder)
        for i in range(20):
            parent = ("socratic", "explainer", "algorithm-coach")[i % 3]
            text = USER_PERSONA.format(parent=parent, i=i, t=i % 10, reserve=400 + i)
            (user / f"p{i}.yaml").write_text(text, encoding="utf-8")
        checker = PersonaChecker(user / "edited.yaml", user_dir=user)
        print(f"{'text':<22} {'chars':>7}  {'check':<22} {'cost (tiktoken)':<22} longest pause")
        for name, text in texts.items():
            checked = checker.check(text)
            assert checked.ok, checked.problems
            persona = checked.persona
            assert persona is not None
            checks = timed(lambda t=text: checker.check(t), args.runs)
            costs = timed(lambda p=persona: asyncio.run(persona_cost(p, counter)), args.runs)
            pauses = [longest_pause(lambda t=text: checker.check(t)) for _ in range(args.runs)]
            idle = statistics.median(checks)  # the same time spent sleeping: the machine's own
            control = [longest_pause(lambda s=idle: time.sleep(s)) for _ in range(args.runs)]
            print(
                f"{name:<22} {len(text):>7,}  {ms(checks):<22} {ms(costs):<22} "
                f"{statistics.median(pauses) * 1000:.1f} ms (max {max(pauses) * 1000:.1f}; "
                f"sleeping instead: {statistics.median(control) * 1000:.1f}, "
                f"max {max(control) * 1000:.1f})"
            )


if __name__ == "__main__":
    main()
