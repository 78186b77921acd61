"""The app benchmarks' bench: a scripted server in its own process, a config naming it, a data
dir, and a tmux pane to run ``tutor`` in, with the steps every benchmark takes in it."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app_tmux import WatchedPane, program_env  # noqa: E402

from tests.scripted_server import ScriptedProcess  # noqa: E402

TUTOR = [sys.executable, "-m", "tutor"]
READY = " tokens · "  # the meter has counted: connected, a session is open
WIDTH, HEIGHT = 120, 40


class Bench:
    """Everything one benchmark run needs; ``close()`` stops the server and the pane."""

    def __init__(self, *, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="tutor-bench-app-"))
        self.server = ScriptedProcess()
        self.pane: WatchedPane | None = None
        try:
            self.config = self.home / "config.yaml"
            self.config.write_text(
                "endpoints:\n  local:\n"
                f"    base_url: {self.server.base_url}\n    model: scripted-model\n"
            )
            self.data = self.home / "data"
            self.data.mkdir()
            self.pane = WatchedPane(width=width, height=height)
        except BaseException:
            self.close()
            raise

    def env(self, data: Path | None = None, app: Path = ROOT) -> dict[str, str]:
        """The app's environment; ``app`` is the checkout it runs from (this one by default)."""
        assert self.pane is not None
        return program_env(
            self.home,
            app,
            TUTOR_CONFIG=str(self.config),
            TUTOR_DATA_DIR=str(data or self.data),
            COLUMNS=str(self.pane.width),
            LINES=str(self.pane.height),
        )

    def store_file(self, data: Path | None = None) -> Path:
        return (data or self.data) / "sessions.sqlite3"

    def open_tutor(
        self, argv: Sequence[str] = TUTOR, data: Path | None = None, app: Path = ROOT
    ) -> float:
        """Start the app (from the checkout ``app``) and wait until it is ready; returns when
        it was started."""
        assert self.pane is not None
        started = self.pane.start(list(argv), self.env(data, app), cwd=self.home)
        self.pane.wait_for(READY, timeout=60)
        return started

    def quit_tutor(self) -> None:
        """Ctrl+Q, and the app must leave with status 0."""
        assert self.pane is not None
        self.pane.keys("C-q")
        status = self.pane.wait_exit()
        if status != 0:
            raise SystemExit(f"the app exited with {status}:\n{self.pane.screen()}")

    def close(self) -> None:
        if self.pane is not None:
            self.pane.close()
        self.server.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def wait_reply_stored(store_file: Path, timeout: float = 30.0) -> None:
    """Until the newest message in the store is a finished reply (the turn is over)."""
    from tutor.core.store import Store

    deadline = time.monotonic() + timeout
    with Store.open(store_file) as store:
        while time.monotonic() < deadline:
            latest = store.latest_session()
            last = store.messages(latest.id)[-1:] if latest else []
            if last and last[0].role == "assistant" and last[0].status == "complete":
                return
            time.sleep(0.02)
    raise TimeoutError("the reply was not stored as complete")


def forget_sessions(store_file: Path) -> None:
    """Delete every session, so the next run starts a new one."""
    from tutor.core.store import Store

    with Store.open(store_file) as store:
        for info in store.list_sessions(limit=1000):
            store.delete_session(info.id)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return ordered[rank]


def spread(values: Sequence[float]) -> str:
    """median [min–max] in seconds."""
    return f"{median(values):.3f} s [{min(values):.3f}–{max(values):.3f}]"
