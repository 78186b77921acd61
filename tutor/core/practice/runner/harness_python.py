"""The Python harness of the function kind: loads the student's file once, calls its function
for each case under a per-case CPU limit, and reports over a channel of its own.

The runner hands this file's text to the student's interpreter
(``python -I -c HARNESS CHANNEL_FD ACK_FD JOB_FD SOLUTION ENTRY FIRST_CASE``; the job — the
time limit and each case's arguments — is read from an inherited file descriptor); it imports
nothing from tutor, and as little as it can (its start-up is part of every run).

What the code prints goes to stdout and stderr as usual, never into the channel; after "ready"
and after each case's "done" the harness waits for the parent's ack, so that what was printed
is read before the next case prints anything (and is told apart per case).
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import sys
import time
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time; the annotations are only read by mypy
    from typing import Any

_BIG_INT = 10**4000  # larger ints travel as hex (decimal strings this long are refused)
REPR_CHARS = 2000


class TimeUp(BaseException):
    """Raised in the student's code when its case has used its CPU time."""


def encode(value: Any, depth: int = 0, seen: frozenset[int] = frozenset()) -> Any:
    """A JSON-able form of a value; what JSON cannot say is tagged (``$dict``, ``$set`` …)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$int": format(value, "x")} if abs(value) >= _BIG_INT else value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if depth > 200 or id(value) in seen:
        return {"$repr": "<nested too deeply, or containing itself>", "$type": type(value).__name__}
    inner = seen | {id(value)}
    if isinstance(value, list):
        return [encode(v, depth + 1, inner) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, depth + 1, inner) for v in value]}
    if isinstance(value, dict):
        return {
            "$dict": [
                [encode(k, depth + 1, inner), encode(v, depth + 1, inner)] for k, v in value.items()
            ]
        }
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(v, depth + 1, inner) for v in value]}
    return {"$repr": repr(value)[:REPR_CHARS], "$type": type(value).__name__}


def decode(data: Any) -> Any:
    """The Python value of an encoded argument (fresh objects every time: a deep copy)."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        if "$dict" in data:
            return {_hashable(decode(k)): decode(v) for k, v in data["$dict"]}
        if "$set" in data:
            return {_hashable(decode(v)) for v in data["$set"]}
        if "$tuple" in data:
            return tuple(decode(v) for v in data["$tuple"])
        if "$float" in data:
            return float(data["$float"])
        if "$int" in data:
            return int(data["$int"], 16)
        return {k: decode(v) for k, v in data.items()}
    return data


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


class Harness:
    def __init__(self, channel: int, ack: int, solution: str, time_limit: float) -> None:
        self.channel = channel
        self.ack = ack
        self.solution = solution
        self.time_limit = time_limit
        self.armed = False
        self.pid = os.getpid()
        signal.signal(signal.SIGPROF, self._time_up)

    def _time_up(self, *_: object) -> None:
        if self.armed:
            raise TimeUp

    def send(self, message: dict[str, Any]) -> None:
        if os.getpid() != self.pid:
            os._exit(0)  # a process the code forked came back here: it must not report
        for stream in (sys.stdout, sys.stderr):
            try:  # noqa: SIM105 (contextlib costs start-up time)
                stream.flush()
            except Exception:
                pass  # the code closed or replaced it
        data = memoryview((json.dumps(message, separators=(",", ":")) + "\n").encode())
        while data:
            data = data[os.write(self.channel, data) :]

    def send_and_wait(self, message: dict[str, Any]) -> None:
        self.send(message)
        if not os.read(self.ack, 1):
            os._exit(0)  # the parent has gone

    def arm(self) -> float:
        used = time.process_time()
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = math.ceil(used + self.time_limit) + 1  # SIGXCPU if stuck where TimeUp can't reach
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        self.armed = True
        signal.setitimer(signal.ITIMER_PROF, self.time_limit, 0.05)
        # the process clock ticks coarsely once a CPU limit is set; this thread's does not
        return time.thread_time()

    def disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_PROF, 0)

    def failure(self, err: BaseException, fallback_line: int | None = None) -> dict[str, Any]:
        """What went wrong, said the way the student needs it."""
        if isinstance(err, TimeUp):
            return {"kind": "time"}
        if isinstance(err, MemoryError):
            return {"kind": "memory"}
        line = self.student_line(err) or fallback_line
        if isinstance(err, SystemExit):
            message = f"called sys.exit({'' if err.code is None else repr(err.code)})"
            return {"kind": "exit", "message": message, "line": line}
        import traceback

        text = traceback.format_exception_only(type(err), err)[-1].strip()
        return {"kind": "error", "message": text[:REPR_CHARS], "line": line}

    def student_line(self, err: BaseException) -> int | None:
        if isinstance(err, SyntaxError) and err.filename == self.solution:
            return err.lineno
        import traceback

        frames = traceback.extract_tb(err.__traceback__)
        lines = [f.lineno for f in frames if f.filename == self.solution]
        return lines[-1] if lines else None


def load(harness: Harness, solution: str, entry: str) -> Any:
    sys.dont_write_bytecode = True
    sys.argv = [solution]
    module = types.ModuleType("solution")
    module.__file__ = solution
    sys.modules["solution"] = module
    harness.arm()
    try:
        with open(solution, "rb") as f:
            code = compile(f.read(), solution, "exec")
        exec(code, module.__dict__)
    except BaseException as err:
        harness.disarm()
        harness.send({"e": "load_failed", **harness.failure(err)})
        return None
    harness.disarm()
    function = getattr(module, entry, None)
    if function is None and isinstance(getattr(module, "Solution", None), type):
        try:  # LeetCode's shape: a method of class Solution
            function = getattr(module.Solution(), entry, None)
        except Exception:
            function = None
    if not callable(function):
        names = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        harness.send({"e": "no_entry", "names": names[:20]})
        return None
    return function


def main(argv: list[str]) -> None:
    channel, ack, job_fd, solution, entry, first = argv[1:7]
    with open(int(job_fd), encoding="utf-8") as f:
        head, *cases = f.read().split("\n")  # one JSON text a line: limits, then each case
    job = json.loads(head)
    for name, pair in (job.get("rlimits") or {}).items():
        resource.setrlimit(getattr(resource, name), tuple(pair))  # before any code of theirs
    harness = Harness(int(channel), int(ack), solution, float(job["time_limit"]))
    function = load(harness, solution, entry)
    if function is None:
        os._exit(0)
    code = getattr(function, "__code__", None)
    def_line = code.co_firstlineno if code is not None else None
    harness.send_and_wait({"e": "ready", "used": time.process_time()})
    for i in range(int(first), len(cases)):
        args = decode(json.loads(cases[i]))
        report: dict[str, Any]
        used = harness.arm()
        try:
            value = function(*args)
            harness.disarm()
            report = {"ok": 1, "value": encode(value)}
        except BaseException as err:
            harness.disarm()
            report = {"ok": 0, **harness.failure(err, def_line)}
        report["cpu"] = time.thread_time() - used
        report["used"] = time.process_time()
        try:
            harness.send_and_wait({"e": "done", "i": i, **report})
        except (ValueError, RecursionError, MemoryError) as err:
            message = f"the returned value could not be sent back: {type(err).__name__}"
            failed = {"e": "done", "i": i, "ok": 0, "kind": "error", "message": message}
            harness.send_and_wait(failed)
    harness.send({"e": "end"})
    os._exit(0)  # threads or atexit handlers the code left must not hold the run open


if __name__ == "__main__":
    main(sys.argv)
