"""`tutor personas test` on the shipped socratic rehearsal, against scripted servers.

    .venv/bin/python bench/bench_rehearsal.py [--runs 5]

Two scripted servers run in their own processes: the tutor's (every reply one short question)
and the judge's (every answer "no"; it also plays the simulated students). The command runs as
a fresh process each time, with a data dir kept between runs (results pile up as they would in
CI with a cached data dir). The figures: the median wall time of a run, how many model requests
it made, and what each request cost on average — tutor's own overhead per request, since the
scripted servers answer at once.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scripted_server import Reply, ScriptedProcess  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        ScriptedProcess() as tutor,
        ScriptedProcess("--model", "judge-model") as judge,
    ):
        tutor.configure(default_reply=Reply(text="Which input breaks it?"))
        judge.configure(default_reply=Reply(text="no"))
        config = Path(tmp) / "config.yaml"
        config.write_text(
            "default_endpoint: local\nendpoints:\n"
            f"  local: {{base_url: {tutor.base_url}, model: scripted-model}}\n"
            f"  judge: {{base_url: {judge.base_url}, model: judge-model}}\n"
        )
        env = {**os.environ, "TUTOR_CONFIG": str(config), "TUTOR_DATA_DIR": str(Path(tmp) / "d")}
        env["PYTHONPATH"] = str(ROOT)
        argv = [sys.executable, "-m", "tutor", "personas", "test", "socratic", "--judge", "judge"]
        times, requests = [], 0
        for _ in range(args.runs):
            before = len(tutor.chat_requests()) + len(judge.chat_requests())
            started = time.perf_counter()
            done = subprocess.run([*argv, "--json"], env=env, capture_output=True)
            times.append(time.perf_counter() - started)
            if done.returncode not in (0, 3):
                raise SystemExit(f"failed ({done.returncode}): {done.stderr.decode()[-500:]}")
            summary = json.loads(done.stdout)["rehearsals"][0]["summary"]
            requests = len(tutor.chat_requests()) + len(judge.chat_requests()) - before
        median = statistics.median(times)
        print(
            f"runs: {args.runs} · cases: {summary['cases']} · tutor turns: {summary['tutor_turns']}"
        )
        print(f"model requests per run: {requests} (tutor, simulated students, rubric judge)")
        print(
            f"wall time per run: median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f})"
        )
        print(f"per model request: {median / requests * 1000:.1f} ms")


if __name__ == "__main__":
    main()
