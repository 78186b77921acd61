"""Benchmark of the token layer: encoding build times, the pause they cause, characters per token.

Run from the repo root:  .venv/bin/python bench/bench_tokens.py [--runs 7]
Every build is timed in a fresh interpreter (nothing cached); the figures are medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODINGS = ("cl100k_base", "o200k_base")

# Sample texts written for this benchmark: what a tutoring session looks like.
ENGLISH = (
    "Before we write any code, let's make sure we understand the problem. You are given an "
    "array of integers and a target sum, and you need two positions whose values add up to "
    "the target. What would the simplest possible approach look like? Try describing it in "
    "words first, then think about how many pairs it has to check for an array of length n. "
    "Once you have that number, ask yourself whether every one of those checks is necessary, "
    "or whether something you have already seen could answer the question for you."
)
KOREAN = (
    "코드를 쓰기 전에 문제를 제대로 이해했는지부터 확인해 봅시다. 정수 배열과 목표 합이 "
    "주어지고, 더해서 목표 합이 되는 두 위치를 찾아야 합니다. 가장 단순한 방법은 어떤 "
    "모습일까요? 먼저 말로 설명해 보고, 길이가 n인 배열에서 그 방법이 몇 개의 쌍을 확인해야 "
    "하는지 생각해 보세요. 그 수를 구했다면, 그 확인이 정말 모두 필요한지, 아니면 이미 본 "
    "값들이 대신 답해 줄 수 있는지 스스로에게 물어보세요."
)
PYTHON = '''def two_sum(values: list[int], target: int) -> tuple[int, int] | None:
    """Positions of two values adding up to target, or None."""
    seen: dict[int, int] = {}
    for index, value in enumerate(values):
        wanted = target - value
        if wanted in seen:
            return seen[wanted], index
        seen[value] = index
    return None
'''

CHILD = """
import json, sys, threading, time
name, how = sys.argv[1], sys.argv[2]
began = time.perf_counter()
import tutor.core.tokens.bpe as bpe
imported = time.perf_counter() - began
gaps = []
running = True
def tick():
    last = time.perf_counter()
    while running:
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
ticker = threading.Thread(target=tick, daemon=True)
ticker.start()
time.sleep(0.02)
gaps.clear()
began = time.perf_counter()
if how == "naive":
    import base64, gzip, tiktoken
    ranks = {}
    text = gzip.decompress((bpe.DATA_DIR / f"{name}.tiktoken.gz").read_bytes())
    for line in text.splitlines():
        token, rank = line.split()
        ranks[base64.b64decode(token)] = int(rank)
    spec = bpe.BUNDLED[name]
    tiktoken.Encoding(name=name, pat_str=spec.pat_str, mergeable_ranks=ranks,
                      special_tokens=dict(spec.special_tokens))
else:
    bpe.load_encoding(name)
built = time.perf_counter() - began
running = False
ticker.join()
print(json.dumps({"import": imported, "build": built, "stall": max(gaps)}))
"""


def child_run(name: str, how: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, name, how],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per figure")
    runs = parser.parse_args().runs

    samples: dict[tuple[str, str], list[dict[str, float]]] = {}
    for _ in range(runs):  # interleaved, so load on the machine hits every figure alike
        for name in ENCODINGS:
            for how in ("bundled", "naive"):
                samples.setdefault((name, how), []).append(child_run(name, how))

    def median(name: str, how: str, field: str) -> float:
        return statistics.median(run[field] for run in samples[(name, how)])

    print(f"Encoding build, fresh interpreter, median of {runs} (seconds)")
    print(f"{'encoding':<12} {'tutor':>7} {'naive':>7} {'longest pause':>14}")
    for name in ENCODINGS:
        print(
            f"{name:<12} {median(name, 'bundled', 'build'):7.3f} "
            f"{median(name, 'naive', 'build'):7.3f} {median(name, 'bundled', 'stall'):14.3f}"
        )
    print(f"import tutor.core.tokens.bpe: {median('cl100k_base', 'bundled', 'import'):.3f} s")

    sys.path.insert(0, str(ROOT))
    from tutor.core.tokens import load_encoding

    print("\nCharacters per token (sample tutoring texts)")
    print(f"{'text':<8} {'chars':>6} " + " ".join(f"{name:>12}" for name in ENCODINGS))
    for label, text in (("English", ENGLISH), ("Korean", KOREAN), ("Python", PYTHON)):
        ratios = []
        for name in ENCODINGS:
            tokens = len(load_encoding(name).encode_ordinary(text))
            ratios.append(f"{len(text) / tokens:6.2f} ({tokens:3d})")
        print(f"{label:<8} {len(text):6d} " + " ".join(f"{r:>12}" for r in ratios))


if __name__ == "__main__":
    main()
