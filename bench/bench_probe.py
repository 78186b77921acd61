"""How long the local-server probe takes: a server answering, nothing listening, one hung port.

    .venv/bin/python bench/bench_probe.py [--runs 21]

The probe (``tutor.core.endpoint.probe.find_local_server``) asks the usual ports at once and
waits at most ``PROBE_SECONDS``. Here its port list is pointed at: a scripted server (tests/)
that lists a model, with a closed port before it; only closed ports; a port that accepts and
never answers, before the scripted server. Medians and worst of ``--runs``, in one process.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.scripted_server import ScriptedServer
from tutor.core.endpoint import probe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    with (
        ScriptedServer(models=["llama3.1:8b"]) as server,
        socket.create_server(("127.0.0.1", 0)) as silent,
    ):
        hung = silent.getsockname()[1]
        cases = {
            "a server answers": (("closed", 9), ("scripted", server.port)),
            "nothing listens": (("closed", 9), ("closed", 1)),
            "one port hangs": (("hung", hung), ("scripted", server.port)),
        }
        for name, servers in cases.items():
            probe.LOCAL_SERVERS = servers  # type: ignore[misc]
            times = [asyncio.run(timed()) for _ in range(runs)]
            print(
                f"{name:>17}: median {statistics.median(times) * 1000:6.1f} ms, "
                f"worst {max(times) * 1000:6.1f} ms  (budget {probe.PROBE_SECONDS * 1000:.0f} ms)"
            )


async def timed() -> float:
    started = time.perf_counter()
    await probe.find_local_server()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
