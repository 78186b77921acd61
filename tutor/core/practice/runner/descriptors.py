"""File descriptors handed to a child: memory files (a job, the test's input, compiled code)
and pipes, numbered 10 or more."""

from __future__ import annotations

import fcntl
import os
import tempfile

FIRST_HIGH_FD = 10


def memory_file(data: bytes) -> int:
    """A file descriptor reading ``data`` from its start: in memory, with no path for the code
    to find (the caller closes it)."""
    if hasattr(os, "memfd_create"):
        fd = high(os.memfd_create("tutor-run"))
    else:  # not Linux: an unnamed temporary file
        with tempfile.TemporaryFile() as f:
            fd = high(os.dup(f.fileno()))
    rewrite(fd, data)
    return fd


def high(fd: int) -> int:
    """The same file under a number of 10 or more (closing ``fd``): a child's shell keeps
    3–9 for itself (STRICT's mount script opens the folders it keeps there)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, FIRST_HIGH_FD)
    os.close(fd)
    return moved


def rewrite(fd: int, data: bytes) -> None:
    """Make a memory file hold ``data``, read from its start."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
