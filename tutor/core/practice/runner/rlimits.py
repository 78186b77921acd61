"""The resource limits of each child: per language and per step (compiling, running)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.core.practice.runner.model import Limits

MIB = 1 << 20
# Runtimes that reserve address space far beyond what they use (V8's heap cages, the JVM's
# class space and code cache): their heap is capped by their own flag, the address space
# gets this much more.
# (the JVM reserves -Xss for every one of its ~15 threads: 64 MiB each; Go 1.19 on amd64
# reserves about 700 MiB before its first allocation and grows its heap in 64 MiB arenas —
# its GOMEMLIMIT is only a goal, so diagnose.py also compares the memory it really held)
RESERVING_RUNTIMES = {"javascript": 1024 * MIB, "java": 2048 * MIB, "go": 768 * MIB}
IGNORES_SIGXCPU = ("go",)
INTERPRETER_SLACK = {"python": 32 * MIB}
COMPILE_CPU = 60
COMPILE_MEMORY = 2048 * MIB
FILE_BYTES = 64 * MIB  # largest file a run may write in its folder
COMPILE_FILE_BYTES = 512 * MIB
OPEN_FILES = 256
PROCESSES = 64  # threads count too: a JVM starts about 15, node about 11
COMPILE_PROCESSES = 128


@dataclass(frozen=True)
class Rlimits:
    """The ``setrlimit`` values of one child (``None``: left as it is)."""

    cpu_soft: int
    cpu_hard: int
    address: int | None
    file_size: int
    open_files: int
    processes: int
    stack: int | None

    def prlimit_flags(self, processes: int | None = None) -> list[str]:
        """The flags for util-linux ``prlimit``."""
        flags = [
            f"--cpu={self.cpu_soft}:{self.cpu_hard}",
            f"--fsize={self.file_size}",
            f"--nofile={self.open_files}",
            f"--nproc={processes if processes is not None else self.processes}",
            "--core=0",
        ]
        if self.address is not None:
            flags.append(f"--as={self.address}")
        if self.stack is not None:
            flags.append(f"--stack={self.stack}")
        return flags

    def as_pairs(self, processes: int | None = None) -> dict[str, tuple[int, int]]:
        """``RLIMIT_*`` name → (soft, hard), for the Python fallback wrapper."""
        pairs = {
            "RLIMIT_CPU": (self.cpu_soft, self.cpu_hard),
            "RLIMIT_FSIZE": (self.file_size, self.file_size),
            "RLIMIT_NOFILE": (self.open_files, self.open_files),
            "RLIMIT_NPROC": (processes or self.processes,) * 2,
            "RLIMIT_CORE": (0, 0),
        }
        if self.address is not None:
            pairs["RLIMIT_AS"] = (self.address, self.address)
        if self.stack is not None:
            pairs["RLIMIT_STACK"] = (self.stack, self.stack)
        return pairs


def run_limits(language: str, limits: Limits, cases: int = 1) -> Rlimits:
    """Limits of a child running ``cases`` tests (function kind: all of them in one child;
    the harness lowers the CPU limit per case)."""
    memory = limits.memory_mib * MIB
    reserve = RESERVING_RUNTIMES.get(language)
    address = memory + reserve if reserve else memory + INTERPRETER_SLACK.get(language, 0)
    # deep recursion gets the memory limit as its stack (as judges do); runtimes that size
    # their threads' stacks from this limit keep the usual 8 MiB
    stack = None if reserve else min(memory, 1024 * MIB)
    per_case = math.ceil(limits.time_limit) + 1
    cpu = per_case * cases + (5 if cases > 1 else 0)
    # Go's runtime ignores SIGXCPU (the soft limit's signal): its hard limit comes at once
    hard = cpu if language in IGNORES_SIGXCPU else cpu + 1
    return Rlimits(cpu, hard, address, FILE_BYTES, OPEN_FILES, PROCESSES, stack)


def compile_limits() -> Rlimits:
    """Limits of a compiler: generous, still bounded (a template bomb stops)."""
    return Rlimits(
        COMPILE_CPU,
        COMPILE_CPU + 1,
        COMPILE_MEMORY,
        COMPILE_FILE_BYTES,
        OPEN_FILES,
        COMPILE_PROCESSES,
        None,
    )
