"""The harness programs handed to a child: Python's compiled once here (handed over as bytecode
when the student's interpreter is of our Python's release, saving the compile at every start),
else as text; node's as text to be written into the run's folder."""

from __future__ import annotations

import functools
import marshal
import subprocess
import sys
from importlib import resources

FILES = {"python": "harness_python.py", "javascript": "harness_node.js"}
# Reads the compiled harness from the file descriptor in argv[1], then runs it as __main__.
LOADER = (
    "import marshal, sys\n"
    "with open(int(sys.argv.pop(1)), 'rb') as f:\n"
    "    code = marshal.loads(f.read())\n"
    "exec(code)\n"
)


@functools.cache
def harness_text(language: str) -> str:
    name = FILES[language]
    return resources.files("tutor.core.practice.runner").joinpath(name).read_text("utf-8")


@functools.cache
def _cache_tag(python: str) -> str | None:
    """The bytecode tag (``cpython-311``) of an interpreter, asked once."""
    try:
        done = subprocess.run(
            [python, "-I", "-S", "-c", "import sys; print(sys.implementation.cache_tag)"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


@functools.cache
def python_bytecode(python: str) -> bytes | None:
    """The compiled Python harness when ``python`` reads our bytecode; else None (use text).
    The bytecode of one release (3.11.x) does not change between its patch versions."""
    if _cache_tag(python) != sys.implementation.cache_tag:
        return None
    return marshal.dumps(compile(harness_text("python"), "<tutor harness>", "exec"))
