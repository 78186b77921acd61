"""Benchmark of the answer-leak guard on the labelled corpus (tests/guard/corpus/): per kind, how
many leaks it catches and how many good replies it flags — without execution, with execution
(strict isolation, the corpus's own cases), and with the judge when an endpoint is given — and
how long checking a 150-line reply against three references takes without execution.

Run from the repo root:
  .venv/bin/python bench/bench_guard.py                   # the held-out part
  .venv/bin/python bench/bench_guard.py --part tuning     # the part the thresholds were set on
  .venv/bin/python bench/bench_guard.py --endpoint local  # also ask the judge (that endpoint)
  .venv/bin/python bench/bench_guard.py --timing-only --runs 400
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from tests.guard.labelled import (  # noqa: E402
    CODE_LEAKS,
    GOOD,
    LabelledProblem,
    Reply,
    all_replies,
    load_corpus,
    own_tests,
    pack_tests,
)
from tutor.core.guard import (  # noqa: E402
    HiddenTests,
    Reference,
    check_leak,
    check_leak_async,
    execution_available,
    find_blocks,
)
from tutor.core.guard.lexing import forget_tokens, tokenize  # noqa: E402


def hidden_tests(problem: LabelledProblem) -> HiddenTests:
    """What the guard runs reply code against: the built-in pack's tests of the problem."""
    return pack_tests(problem) or own_tests(problem)


def verdicts(pairs: list[tuple[LabelledProblem, Reply]], *, execute: bool) -> list[bool]:
    return [
        check_leak(
            reply.text,
            problem.references,
            student_code=[reply.student] if reply.student else [],
            tests=hidden_tests(problem) if execute else None,
            entry_point=problem.entry_point,
            kind=problem.kind,
        ).leak
        for problem, reply in pairs
    ]


def table(pairs: list[tuple[LabelledProblem, Reply]], results: dict[str, list[bool]]) -> None:
    modes = list(results)
    print(f"{'kind':14}{'replies':>8}  " + "  ".join(f"{m:>24}" for m in modes))
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, (_, reply) in enumerate(pairs):
        by_kind[reply.kind].append(i)
    groups = [
        ("code leaks, caught", CODE_LEAKS),
        ("walkthroughs, caught", ("walkthrough",)),
        ("good replies, flagged", GOOD),
    ]
    for title, kinds in groups:
        print(f"-- {title}")
        for kind in kinds:
            rows = by_kind.get(kind, [])
            cells = [f"{sum(results[m][i] for i in rows):>3}/{len(rows)}" for m in modes]
            print(f"{kind:14}{len(rows):>8}  " + "  ".join(f"{c:>24}" for c in cells))
        rows = [i for k in kinds for i in by_kind.get(k, [])]
        cells = []
        for m in modes:
            hit = sum(results[m][i] for i in rows)
            cells.append(f"{hit}/{len(rows)} = {100 * hit / max(len(rows), 1):.1f}%")
        print(f"{'all':14}{len(rows):>8}  " + "  ".join(f"{c:>24}" for c in cells))


@functools.cache
def corpus_texts() -> list[str]:
    return [r.text for p in load_corpus() for r in p.replies if "```" in r.text]


def long_reply(salt: int) -> str:
    """About 150 lines as a long tutor reply holds them: the corpus's replies one after the
    other (English and Korean prose, code blocks in four languages), a different mix for each
    ``salt``."""
    lines: list[str] = []
    texts = corpus_texts()
    for text in texts[salt % 7 :: 7]:
        lines += text.splitlines()
        if len(lines) >= 150:
            break
    return "\n".join(lines[:150]) + "\n"


def timing(runs: int) -> None:
    problem = next(p for p in load_corpus() if p.id == "maze-steps")  # Python and C++ solutions
    port = next(r for r in problem.replies if r.id.endswith("port-java-en"))
    java = port.text.split("```java\n", 1)[1].split("```", 1)[0]
    references = [*problem.references, Reference(java, "java", "Main.java")]
    assert len(references) == 3
    check_leak(long_reply(-1), references, entry_point=None, kind="stdio")  # warm up
    wall, cpu, sizes = [], [], []
    for salt in range(runs):
        reply = long_reply(salt)
        sizes.append(sum(len(tokenize(b.code, b.language)) for b in find_blocks(reply)))
        forget_tokens()  # nothing of the reply is cached (the references' fingerprints are)
        started, started_cpu = time.perf_counter(), time.thread_time()
        check_leak(reply, references, entry_point=None, kind="stdio")
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    lines = long_reply(0).count("\n")
    print(
        f"checking a {lines}-line reply ({min(sizes)}–{max(sizes)} code tokens) against "
        f"{len(references)} references, no execution, {runs} runs "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):"
    )
    for name, samples in (("wall clock", wall), ("CPU time", cpu)):
        samples.sort()
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(
            f"  {name}: median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms,"
            f" max {samples[-1]:.1f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("held-out", "tuning", "all"), default="held-out")
    parser.add_argument("--endpoint", metavar="NAME|URL", help="also ask the judge there")
    parser.add_argument("--model", metavar="M", help="the judge's model")
    parser.add_argument("--runs", type=int, default=200, help="timing runs")
    parser.add_argument("--timing-only", action="store_true")
    parser.add_argument("--no-execution", action="store_true", help="skip the slow mode")
    args = parser.parse_args()
    if not args.timing_only:
        pairs = all_replies(args.part)
        print(f"corpus: {len(pairs)} replies ({args.part} part)")
        results = {"fingerprints and shape": verdicts(pairs, execute=False)}
        on, why = execution_available()
        if args.no_execution or not on:
            print(why if not on else "execution: skipped (--no-execution)")
        else:
            started = time.perf_counter()
            results["+ execution"] = verdicts(pairs, execute=True)
            print(f"with execution: {time.perf_counter() - started:.0f} s for the part")
        if args.endpoint:
            results["+ execution + judge"] = judged(pairs, args, "+ execution" in results)
        table(pairs, results)
    timing(args.runs)
    return 0


def judged(pairs: list[tuple[LabelledProblem, Reply]], args: Any, execute: bool) -> list[bool]:
    from tutor.core.guard import judge_by
    from tutor.core.workspace import Workspace

    async def all_of_them() -> list[bool]:
        workspace = Workspace()
        spec = await workspace.endpoint(args.endpoint, args.model)
        client = workspace.client(spec)
        judge = judge_by(client)
        out = []
        try:
            for problem, reply in pairs:
                report = await check_leak_async(
                    reply.text,
                    problem.references,
                    student_code=[reply.student] if reply.student else [],
                    tests=hidden_tests(problem) if execute else None,
                    entry_point=problem.entry_point,
                    kind=problem.kind,
                    judge=judge,
                )
                out.append(report.leak)
        finally:
            await client.aclose()
            workspace.close()
        return out

    return asyncio.run(all_of_them())


if __name__ == "__main__":
    sys.exit(main())
