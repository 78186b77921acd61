"""How long loading the persona library takes: the built-ins plus N user persona files.

Run from the repo root: .venv/bin/python bench/bench_personas.py [--files 20] [--runs 200]

Prints the import time of ``tutor.core.personas`` in a fresh interpreter, the first load in
that interpreter, and the median/p90 of repeated loads in this one (what every ``tutor ask`` pays
once its imports are done).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USER_PERSONA = """\
extends: {parent}
name: Practice persona {i}
description: One of the user's own personas, built on a built-in.
params:
  temperature: 0.{t}
  max_tokens: {reserve}
variables:
  topic: dynamic programming
  deadline: null
system: |
  You coach student {i} on {{{{topic}}}} before {{{{ deadline }}}}. Their level: {{{{level}}}}.
  Ask one question at a time; never give the answer; reply in the student's language.
examples:
  - role: user
    content: Can you explain {{{{topic}}}}?
  - role: assistant
    content: What do you already know about {{{{topic}}}}?
  - role: user
    content: 답을 그냥 알려 주세요.
  - role: assistant
    content: 조금만 더 같이 생각해 봐요. 가장 작은 경우부터 볼까요?
reminder: One question, no answers.
tags: [practice, bench]
"""

FRESH = """
import time, sys
t0 = time.perf_counter()
from tutor.core.personas import PersonaLibrary
t1 = time.perf_counter()
lib = PersonaLibrary.load(user_dir=__import__("pathlib").Path(sys.argv[1]))
t2 = time.perf_counter()
assert not lib.problems, lib.problems
print(t1 - t0, t2 - t1, len(lib.personas))
"""


def write_user_files(folder: Path, count: int) -> None:
    parents = ["socratic", "algorithm-coach", "explainer"]
    for i in range(count):
        text = USER_PERSONA.format(parent=parents[i % 3], i=i, t=i % 10, reserve=600 + i)
        (folder / f"practice-{i:02d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20, help="user persona files to write")
    parser.add_argument("--runs", type=int, default=200, help="repeated loads to time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_user_files(folder, args.files)
        out = subprocess.run(
            [sys.executable, "-c", FRESH, str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        imported, first, count = float(out[0]), float(out[1]), int(out[2])

        from tutor.core.personas import PersonaLibrary

        PersonaLibrary.load(user_dir=folder)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            PersonaLibrary.load(user_dir=folder)
            times.append(time.perf_counter() - start)
    times.sort()
    median = statistics.median(times) * 1000
    p90 = times[int(len(times) * 0.9)] * 1000
    print(f"personas loaded: {count} (3 built-in + {args.files} user files)")
    print(f"import tutor.core.personas (fresh interpreter): {imported * 1000:.0f} ms")
    print(f"first load (fresh interpreter): {first * 1000:.1f} ms")
    print(f"repeated load, {args.runs} runs: median {median:.2f} ms, p90 {p90:.2f} ms")


if __name__ == "__main__":
    main()
