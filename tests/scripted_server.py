"""A scripted OpenAI-compatible HTTP server for tests and benchmarks (stdlib only).

In a test: ``with ScriptedServer() as srv: srv.script(Reply(text="Why?"))`` and point a client
at ``srv.base_url``. From another process (a CLI or a TUI under tmux)::

    python tests/scripted_server.py --port 0 [--flavour F] [--window N] [--require-key K]

prints the port on its first line and serves until killed; drive it with `ScriptedRemote` or
``POST /_control/script`` (a JSON list of Reply dicts), ``POST /_control/config``,
``GET /_control/requests``, ``POST /_control/release`` and ``POST /_control/reset``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests.scripted` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.scripted import toytokens
from tests.scripted.flavours import FLAVOURS
from tests.scripted.process import ScriptedProcess, ScriptedRemote
from tests.scripted.replies import Fault, Reply
from tests.scripted.server import DEFAULT_TEXT, Recorded, ScriptedServer

__all__ = [
    "DEFAULT_TEXT",
    "FLAVOURS",
    "Fault",
    "Recorded",
    "Reply",
    "ScriptedProcess",
    "ScriptedRemote",
    "ScriptedServer",
    "toytokens",
]


def main(argv: list[str] | None = None) -> int:
    """Serve until SIGTERM/SIGINT; the first stdout line is the port."""
    parser = argparse.ArgumentParser(description="Scripted OpenAI-compatible test server.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--flavour", choices=FLAVOURS, default="openai")
    parser.add_argument("--window", type=int, default=None, help="context window in toy tokens")
    parser.add_argument("--train-window", type=int, default=None)
    parser.add_argument("--model", action="append", dest="models", help="repeatable")
    parser.add_argument("--require-key", default=None)
    args = parser.parse_args(argv)
    server = ScriptedServer(
        port=args.port,
        flavour=args.flavour,
        window=args.window,
        train_window=args.train_window,
        models=args.models,
        require_key=args.require_key,
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    server.start()
    print(server.port, flush=True)
    done.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
