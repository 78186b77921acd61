"""What schema v3's id floor costs one committed insert (ids of deleted rows never reused).

    .venv/bin/python bench/bench_id_floor.py [--rows 3000]

Two fresh stores on a tmpfs (/dev/shm, so the disk's fsync does not drown the difference): one
as the store makes them (v3: the id is ``id_floors.last + 1`` and a trigger raises the floor),
one with the trigger dropped and SQLite choosing the id (as v2 did). One message per
``BEGIN IMMEDIATE`` … ``COMMIT``, the two interleaved; medians printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.core.store import Store
from tutor.core.store.records import NEXT_ID

COLUMNS = "id, session_id, role, content, status, created_at"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    rows = parser.parse_args().rows
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=shm) as where:
        folder = Path(where)
        v3, v2 = Store.open(folder / "v3.sqlite3"), Store.open(folder / "v2.sqlite3")
        times = measure(v3, v2, rows)
        v3.close()
        v2.close()
    v2_us, v3_us = (statistics.median(times[n]) * 1e6 for n in ("v2", "v3"))
    print(
        f"{rows} inserts each, on {shm or 'the temp dir'}: v2 (SQLite picks the id) "
        f"{v2_us:.1f} µs, v3 (id floor) {v3_us:.1f} µs, +{v3_us - v2_us:.1f} µs"
    )


def measure(v3: Store, v2: Store, rows: int) -> dict[str, list[float]]:
    v2.conn.execute("DROP TRIGGER messages_id_floor")
    ids = {"v3": NEXT_ID.format(table="messages"), "v2": "NULL"}
    stores = {"v3": v3, "v2": v2}
    sessions = {name: s.create_session("socratic", "local", "m").id for name, s in stores.items()}
    times: dict[str, list[float]] = {"v2": [], "v3": []}
    for i in range(rows):
        for name in ("v2", "v3") if i % 2 else ("v3", "v2"):
            conn = stores[name].conn
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                f"INSERT INTO messages ({COLUMNS}) VALUES "
                f"({ids[name]}, ?, 'user', 'What is a loop invariant?', 'complete', 0)",
                (sessions[name],),
            )
            conn.execute("COMMIT")
            times[name].append(time.perf_counter() - started)
    return times


if __name__ == "__main__":
    main()
