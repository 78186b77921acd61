"""`tutor practice list` over a generated pack of 1,000 problems, versus `python -c pass`.

    .venv/bin/python bench/bench_practice_list.py [--runs 15] [--problems 1000]

Writes a pack of N problems in our format (problem.yaml with names in two languages,
difficulty, concepts, limits; statements en/ko; a starter; tests.yaml; hints.yaml) into a
temporary folder, with a store that holds progress on a tenth of them. Then runs, as fresh
processes interleaved: ``python -m tutor practice list --pack DIR`` (stdout to a pipe);
``python -c pass``; ``tutor sessions list --limit 1`` (what any tutor command costs: the
interpreter, the CLI, the store); and the list again with its index deleted first (every
problem.yaml parsed). The figures are the medians of each, wall-clock and CPU (user + system,
less disturbed by other work on the machine), and the list's time minus start-up. Modules are
compiled once (``PYTHONPYCACHEPREFIX`` in the temporary folder), as in an installed tutor.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ("hashing", "two-pointers", "binary-search", "heap", "dp", "graphs", "strings")

PROBLEM = """name: {{en: Problem number {i}, ko: {i}번 문제}}
difficulty: {level}
concepts: [{concept}, math]
kind: function
entry_point: solve_{i}
source: generated for the benchmark
credits: tutor authors
license: CC-BY-4.0
limits:
  time_limit: 2
  memory: 256
compare:
  unordered: false
"""


def write_pack(folder: Path, count: int) -> None:
    for i in range(count):
        problem = folder / f"problem-{i:04d}"
        for part in ("statement", "starter", "submissions/accepted"):
            (problem / part).mkdir(parents=True)
        level = i % 5 + 1
        concept = CONCEPTS[i % len(CONCEPTS)]
        (problem / "problem.yaml").write_text(PROBLEM.format(i=i, level=level, concept=concept))
        (problem / "statement" / "problem.en.md").write_text(f"# Problem {i}\n\nAdd one.\n")
        (problem / "statement" / "problem.ko.md").write_text(f"# {i}번 문제\n\n하나 더해요.\n")
        (problem / "starter" / "python.py").write_text(f"def solve_{i}(x):\n    pass\n")
        (problem / "submissions" / "accepted" / "a.py").write_text(
            f"def solve_{i}(x):\n    return x + 1\n"
        )
        cases = "".join(f"  - {{name: c{k}, args: [{k}], expected: {k + 1}}}\n" for k in range(12))
        (problem / "tests.yaml").write_text("cases:\n" + cases)
        (problem / "hints.yaml").write_text(
            "hints:\n  1: {en: What goes in?, ko: 무엇이 들어와요?}\n"
        )


def write_progress(data: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tutor.core.store import Store

    with Store.open(data / "sessions.sqlite3") as store:
        for i in range(0, count, 10):
            pid = f"problem-{i:04d}"
            store.note_practice(pid)
            store.record_run(
                pid, "h", language="python", code_hash=str(i), passed=i % 13, total=12, results=[]
            )


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{argv} failed: {result.stderr.decode()[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return took, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--problems", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pack, data, config = Path(tmp, "pack"), Path(tmp, "data"), Path(tmp, "config")
        data.mkdir()
        config.mkdir()
        write_pack(pack, args.problems)
        write_progress(data, args.problems)
        env = dict(os.environ, TUTOR_DATA_DIR=str(data), TUTOR_CONFIG=str(config / "c.yaml"))
        env["PYTHONPATH"] = str(ROOT)
        # Compiled modules as an installed tutor has them, kept out of the source tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp, "pycache"))
        listing = [sys.executable, "-m", "tutor", "practice", "list", "--pack", str(pack)]
        bare = [sys.executable, "-c", "pass"]
        floor = [sys.executable, "-m", "tutor", "sessions", "list", "--limit", "1"]
        out = subprocess.run(listing, env=env, capture_output=True, text=True, check=True).stdout
        shown = len(out.splitlines()) - 1
        timed(listing, env)  # warm the page cache (and write the index)
        index = data / "problem-index.json"
        lists, colds, starts, floors = [], [], [], []
        for _ in range(args.runs):
            lists.append(timed(listing, env))
            starts.append(timed(bare, env))
            floors.append(timed(floor, env))
            index.unlink()  # the next one reads every problem.yaml (and writes the index)
            colds.append(timed(listing, env))
        load = os.getloadavg()[0]
    print(f"problems listed: {shown} (+ the built-in pack's); load average {load:.1f}")
    for label, at in (("wall", 0), ("cpu", 1)):
        listed, cold, started, least = (
            statistics.median(t[at] for t in ts) for ts in (lists, colds, starts, floors)
        )
        print(
            f"{label}: practice list {listed:.3f} s (no index: {cold:.3f} s) · python -c pass"
            f" {started:.3f} s · list minus start-up {listed - started:.3f} s · goal ≤ 0.300 s ·"
            f" `tutor sessions list` {least:.3f} s (practice's own share {listed - least:.3f} s)"
        )


if __name__ == "__main__":
    main()
