"""How long `tutor personas import` takes to read large files of each kind, and the whole command.

Run from the repo root: .venv/bin/python bench/bench_persona_io.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.core.personas.imports import persona_yaml, read_foreign  # noqa: E402

FIXTURES = ROOT / "tests" / "personas" / "imports"


def files(folder: Path) -> dict[str, Path]:
    """Near-1 MB files of each text kind, and a card PNG with a 5 MB picture."""
    line = "Ask one question at a time, and never hand over the answer. " * 2 + "\n"
    lines = 990_000 // (len(line) + 20)  # each kind's own words too stay under 1 MB
    made = {
        "Modelfile, one 1 MB SYSTEM (8k lines)": (
            "big.Modelfile",
            'FROM m\nSYSTEM """\n' + line * lines + '"""\n',
        ),
        "Modelfile, 8k MESSAGE lines": (
            "many.Modelfile",
            "FROM m\nSYSTEM s\n"
            + "".join(
                f"MESSAGE {'user' if i % 2 == 0 else 'assistant'} {line}" for i in range(lines)
            ),
        ),
        "aichat role, 1 MB, 4k example pairs": (
            "big.md",
            "---\ntemperature: 0.3\n---\nYou ask.\n"
            + "".join(f"### INPUT:\n{line}### OUTPUT:\n{line}" for _ in range(lines // 2)),
        ),
        "llm template, 1 MB system": (
            "big.yaml",
            "system: |\n" + "".join("  " + line for _ in range(lines)),
        ),
        "card JSON, 1 MB mes_example": (
            "big.json",
            json.dumps(
                {
                    "spec": "chara_card_v2",
                    "data": {
                        "name": "Big",
                        "description": "d",
                        "mes_example": "<START>\n"
                        + "".join(
                            f"{{{{user}}}}: {line}{{{{char}}}}: {line}"
                            for _ in range(lines // 2 - 10)
                        ),
                    },
                }
            ),
        ),
    }
    out = {}
    for what, (name, text) in made.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out[what] = path
    small = (FIXTURES / "card" / "dr-byte.png").read_bytes()
    end = small.rindex(b"IEND") - 4
    picture = b"\x00" * 5_000_000
    chunk = len(picture).to_bytes(4, "big") + b"IDAT" + picture + b"\x00\x00\x00\x00"
    png = folder / "big.png"
    png.write_bytes(small[:end] + chunk + small[end:])
    out["card PNG, 5 MB picture"] = png
    return out


def timed(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        persona_yaml(read_foreign(path))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(folder: Path, runs: int, *extra: str) -> tuple[float, float]:
    """Median wall time and CPU time (user + system) of the whole command, in a fresh process."""
    env = {
        **os.environ,
        "TUTOR_CONFIG": str(folder / "cfg" / "config.yaml"),
        "PYTHONPATH": str(ROOT),
    }
    walls, cpus = [], []
    for i in range(runs):
        source = str(FIXTURES / "modelfile" / "tutor.Modelfile")
        argv = [sys.executable, "-m", "tutor", "personas", "import", source, "--id", f"t{i}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*argv, *extra], env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        for path in (folder / "cfg" / "personas").glob("*.yaml"):
            path.unlink()
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for what, path in files(folder).items():
            size = path.stat().st_size / 1_000_000
            print(f"{what:42} {size:5.1f} MB  read + YAML: {timed(path, args.runs) * 1000:8.1f} ms")
        for label, extra in (
            ("(prints the token cost)", ()),
            ("--json (no token cost)", ("--json",)),
        ):
            wall, cpu = command(folder, args.runs, *extra)
            what = f"tutor personas import tutor.Modelfile {label}"
            print(f"{what:58} wall {wall * 1000:5.0f} ms, CPU {cpu * 1000:5.0f} ms")


if __name__ == "__main__":
    main()
