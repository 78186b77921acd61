"""What a failed process means for the student: the verdict, the error's last line and the
line of their file, read from how it ended and what it wrote to stderr."""

from __future__ import annotations

import re
import signal

from tutor.core.practice.runner import rlimits
from tutor.core.practice.runner.model import Limits, Verdict
from tutor.core.practice.runner.process import Outcome, own_peak

MEMORY_SIGNS = {
    "python": ("MemoryError",),
    "javascript": ("heap out of memory", "Allocation failed", "Array buffer allocation failed"),
    "java": ("java.lang.OutOfMemoryError",),
    "cpp": ("std::bad_alloc",),
    "rust": ("memory allocation of",),
    "go": ("out of memory",),
}
SIGNALS = {
    signal.SIGSEGV: "segmentation fault — a bad memory access, or a stack overflow from deep"
    " recursion",
    signal.SIGFPE: "arithmetic error — an integer division by zero?",
    signal.SIGABRT: "aborted",
    signal.SIGBUS: "bus error — a bad memory access",
    signal.SIGILL: "illegal instruction",
    signal.SIGXFSZ: "wrote a file larger than the limit",  # (its size is added when said)
    signal.SIGPIPE: "broken pipe",
}
ERROR_START = {
    "cpp": r"^\S+:\d+:\d+: (?:fatal )?error:",
    "java": r"^\S+\.java:\d+: error:",
    "rust": r"^error(?:\[E\d+\])?:",
    "go": r"^\S+\.go:\d+:\d+:",
}
# Runtimes whose own memory cap is only a goal (Go's GOMEMLIMIT): the address-space limit
# stops a runaway with room to spare, so the memory the program really held is compared too
# (where it can be told: not below the size of the tutor process that started it).
MEASURED_MEMORY = ("go",)
FIRST_ERRORS = 3
MAX_LINES = 40


def strip_paths(text: str, folders: list[str]) -> str:
    """The run folder's paths removed (``/tmp/tutor-run-…/program/x.cpp`` → ``x.cpp``)."""
    for folder in sorted(folders, key=len, reverse=True):
        text = text.replace(folder.rstrip("/") + "/", "")
    return text


def first_errors(text: str, language: str) -> str:
    """The compiler's first few errors (with their line numbers), not all of them."""
    start = re.compile(ERROR_START.get(language, r"^.*error"), re.I)
    kept: list[str] = []
    seen = 0
    for line in text.splitlines():
        if language == "go" and line.startswith("# "):
            continue  # go's heading: the package the errors are in (command-line-arguments)
        if start.search(line):
            seen += 1
            if seen > FIRST_ERRORS:
                break
        kept.append(line)
        if len(kept) >= MAX_LINES:
            break
    return "\n".join(kept).strip() or "the compiler failed without a message"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def runtime_error(language: str, stderr: str, source_name: str) -> tuple[str, int | None]:
    """The error's message and the student's line, from a crashed program's stderr."""
    name = re.escape(source_name)
    line = None
    message = ""
    if language == "python":
        found = re.findall(rf'File "(?:[^"]*/)?{name}", line (\d+)', stderr)
        line = int(found[-1]) if found else None
        message = _last_line(stderr)
    elif language == "javascript":
        at = re.search(rf"{name}:(\d+)", stderr)
        line = int(at.group(1)) if at else None
        errors = re.findall(r"^(?:Uncaught )?\w*(?:Error|Exception)\b.*$", stderr, re.M)
        message = errors[0] if errors else _last_line(stderr)
    elif language == "java":
        at = re.search(rf"\({name}:(\d+)\)", stderr)
        line = int(at.group(1)) if at else None
        thrown = re.search(r'^Exception in thread "[^"]*" (.*)$', stderr, re.M)
        message = thrown.group(1) if thrown else _last_line(stderr)
    elif language in ("rust", "go"):
        at = re.search(rf"{name}:(\d+)", stderr)
        line = int(at.group(1)) if at else None
        panic = re.search(r"panicked at [^\n]*:\n(.*)$|^(panic: .*|fatal error: .*)$", stderr, re.M)
        message = (panic.group(1) or panic.group(2)) if panic else _last_line(stderr)
    else:
        what = re.search(r"what\(\):\s*(.*)$", stderr, re.M)
        thrown = re.search(r"terminate called after throwing an instance of '([^']+)'", stderr)
        if thrown:
            message = thrown.group(1) + (f": {what.group(1)}" if what else "")
    return message[:2000], line


def limit_verdict(outcome: Outcome, limits: Limits, language: str) -> tuple[Verdict, str] | None:
    """The limit a process ran into, if any (checked before anything else)."""
    if outcome.output_exceeded:
        return Verdict.OUTPUT_LIMIT, f"printed more than {_size(limits.output_bytes)}" + (
            " — a print inside a loop?"
        )
    # a runtime that ran out of memory may have spent its time collecting garbage first
    stderr = outcome.stderr.decode("utf-8", "replace")
    if language == "java":  # the JVM says some of it on stdout
        stderr += outcome.stdout[-4096:].decode("utf-8", "replace")
    failed = outcome.signal is not None or outcome.exit_code != 0
    if failed and any(sign in stderr for sign in MEMORY_SIGNS.get(language, ())):
        deep = language == "go" and "runtime.newstack" in stderr  # its stack could not grow
        return Verdict.MEMORY_LIMIT, f"needed more than {limits.memory_mib} MiB of memory" + (
            " for its stack — a recursion too deep, or one that never ends?" if deep else ""
        )
    limit = limits.memory_mib * rlimits.MIB
    peak = outcome.peak_memory
    if language in MEASURED_MEMORY and peak > limit and own_peak(peak):  # the program's own
        return Verdict.MEMORY_LIMIT, f"needed more than {limits.memory_mib} MiB of memory"
    if outcome.cpu > limits.time_limit:
        return Verdict.TIME_LIMIT, f"used more than {limits.time_limit:g} s of CPU time"
    if outcome.timed_out:
        return Verdict.TIME_LIMIT, (
            f"ran {limits.wall_seconds:g} s without finishing — is it waiting for input that"
            " is not there, or sleeping?"
        )
    if outcome.signal == signal.SIGXCPU:
        return Verdict.TIME_LIMIT, f"used more than {limits.time_limit:g} s of CPU time"
    return None


def limit_note(message: str) -> str:
    """A runtime error that is one of the run's own limits (a file too large, too many files
    open — as Python, node and the C libraries say them) says which limit it was."""
    if "File too large" in message or "EFBIG" in message:
        return f"{message} — a file written here may hold at most {_size(rlimits.FILE_BYTES)}"
    if "Too many open files" in message or "EMFILE" in message:
        return f"{message} — at most {rlimits.OPEN_FILES} files may be open at once"
    return message


def crash_message(outcome: Outcome) -> str:
    """How a process ended, when its stderr says nothing useful."""
    if outcome.signal is not None:
        try:
            name = signal.Signals(outcome.signal).name
        except ValueError:
            name = f"signal {outcome.signal}"
        meaning = SIGNALS.get(outcome.signal)  # type: ignore[call-overload]
        if outcome.signal == signal.SIGXFSZ:
            meaning = f"{meaning} ({_size(rlimits.FILE_BYTES)})"
        return f"crashed ({name}{': ' + meaning if meaning else ''})"
    return f"exited with status {outcome.exit_code}"


def _size(count: int) -> str:
    return f"{count >> 20} MiB" if count >= 1 << 20 and count % (1 << 20) == 0 else f"{count} bytes"
