"""One child process watched to its end: output read and capped, deadlines kept, everything
it started killed as a group, its CPU time and how it ended."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tutor.core.practice.runner.descriptors import high

MESSAGE_BYTES = 64 << 20  # one harness message (a returned value) may be this large
DRAIN_SECONDS = 1.0  # after the child is gone, how long its pipes may take to close
# Linux keeps resident-size counts per thread and adds them up now and then: this process's own
# high-water mark may read a little under what a child started from it inherited (seen: up to
# ≈0.3 MiB under, and over it on a busy machine). A child's peak counts only this far above.
COUNTED_LOOSELY_KIB = 16 * 1024


@dataclass
class Outcome:
    """How a child ended. ``signal`` is set when a signal killed it (``exit_code`` is then
    ``None``); ``cpu`` is the CPU seconds of it and everything it waited for; ``peak_memory``
    the most memory it (or one of those) held at once as Linux counts it — at least this
    process's own size (see ``own_peak``)."""

    exit_code: int | None
    signal: int | None
    cpu: float
    wall: float
    stdout: bytes
    stderr: bytes
    output_exceeded: bool
    timed_out: bool
    peak_memory: int = 0  # bytes: the largest resident size of it or a process it waited for


def own_peak(peak_memory: int) -> bool:
    """Whether a child's ``peak_memory`` is the child's own. Linux starts a child's count from
    the high-water mark of the memory of the process it was started from (``exec`` keeps the
    old memory's peak), so a figure at or below this process's own may be ours, not the
    child's (which then held at most that much)."""
    return peak_memory > (_high_water_kib() + COUNTED_LOOSELY_KIB) * 1024


def _high_water_kib() -> int:
    """This process's peak resident size since its last ``exec`` (what its children inherit;
    ``getrusage`` would add the peak of whatever ran in this process before that ``exec``)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class _Stream:
    fd: int
    data: bytearray = field(default_factory=bytearray)
    open: bool = True


class Child:
    """A started child: ``watch`` it until it ends (or must be stopped).

    A callable ``argv`` gets the numbers of two pipes the child inherits: a channel it reports
    on and an ack it waits on. ``on_message`` gets each JSON line of the channel; it may call
    ``take_output`` (what was printed since the last call), ``ack`` and ``set_deadline``.
    ``output_cap`` bounds the bytes printed between two ``take_output`` calls; ``sweep`` kills
    what left the process group.
    """

    def __init__(
        self,
        argv: list[str] | Callable[[int, int], list[str]],
        *,
        env: dict[str, str],
        cwd: str,
        stdin: int,
        output_cap: int,
        deadline: float,
        shell_status: bool = False,
        sweep: Callable[[], object] | None = None,
        keep_fds: tuple[int, ...] = (),
    ) -> None:
        self.output_cap = output_cap
        self.deadline = deadline
        self._shell_status = shell_status
        self._sweep = sweep
        self._channel_r = self._ack_w = -1
        inherited: tuple[int, ...] = ()
        if callable(argv):
            self._channel_r, channel_w = map(high, os.pipe())
            ack_r, self._ack_w = map(high, os.pipe())
            inherited = (channel_w, ack_r)
            argv = argv(channel_w, ack_r)
        self._started = time.monotonic()
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=cwd,
                start_new_session=True,
                pass_fds=(*inherited, *keep_fds),
            )
        except BaseException:
            for fd in (self._channel_r, self._ack_w):
                if fd >= 0:
                    os.close(fd)
            raise
        finally:
            for fd in inherited:
                os.close(fd)
        assert self._proc.stdout is not None and self._proc.stderr is not None
        self._out = _Stream(self._proc.stdout.fileno())
        self._err = _Stream(self._proc.stderr.fileno())
        self._pending = bytearray()
        self._channel_open = bool(inherited)
        self._counted = 0
        self.output_exceeded = False
        self.timed_out = False

    # --- what the runner asks while watching -------------------------------------------------

    def take_output(self) -> tuple[bytes, bytes]:
        """stdout and stderr printed since the last call (each at most ``output_cap`` bytes)."""
        self._read_ready(self._out)
        self._read_ready(self._err)
        out, err = bytes(self._out.data), bytes(self._err.data)
        self._out.data.clear()
        self._err.data.clear()
        self._counted = 0
        return out, err

    def set_deadline(self, deadline: float) -> None:
        self.deadline = deadline

    def ack(self) -> None:
        """Let the harness go on (it waits after "ready" and after each case)."""
        with contextlib.suppress(OSError):  # it is gone
            os.write(self._ack_w, b"k")

    # --- watching --------------------------------------------------------------------------

    def watch(self, on_message: Callable[[dict[str, Any]], None] | None = None) -> Outcome:
        pid = self._proc.pid
        sel = selectors.DefaultSelector()
        for stream in (self._out, self._err):
            os.set_blocking(stream.fd, False)
            sel.register(stream.fd, selectors.EVENT_READ, stream)
        if self._channel_r >= 0:
            os.set_blocking(self._channel_r, False)
            sel.register(self._channel_r, selectors.EVENT_READ, "channel")
        try:
            exit_fd = os.pidfd_open(pid)
            sel.register(exit_fd, selectors.EVENT_READ, "exit")
        except (AttributeError, OSError):
            exit_fd = -1  # no pidfd (old kernel): look every 10 ms
        try:
            self._watch_until_end(sel, exit_fd, on_message)
            self._kill()
            _, status, usage = os.wait4(pid, 0)
            self._proc.returncode = os.waitstatus_to_exitcode(status)
            self._drain(on_message)
        finally:
            sel.close()
            for fd in (exit_fd, self._channel_r, self._ack_w):
                if fd >= 0:
                    os.close(fd)
            self._proc.stdout.close()  # type: ignore[union-attr]
            self._proc.stderr.close()  # type: ignore[union-attr]
        code, sig = self._decode(status)
        out, err = self.take_output()
        return Outcome(
            exit_code=code,
            signal=sig,
            cpu=usage.ru_utime + usage.ru_stime,
            wall=time.monotonic() - self._started,
            stdout=out,
            stderr=err,
            output_exceeded=self.output_exceeded,
            timed_out=self.timed_out,
            peak_memory=usage.ru_maxrss * 1024,  # Linux counts it in KiB
        )

    def _watch_until_end(
        self,
        sel: selectors.BaseSelector,
        exit_fd: int,
        on_message: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.timed_out = True
                return
            events = sel.select(min(left, 0.01) if exit_fd < 0 else left)
            for key, _ in events:
                if key.data == "exit":
                    return
                if key.data == "channel":
                    if self._read_channel(on_message):
                        sel.unregister(key.fd)
                        self._channel_open = False
                elif not self._read_ready(key.data):
                    sel.unregister(key.fd)
            if self.output_exceeded:
                return
            if exit_fd < 0 and self._proc.poll() is not None:
                return

    def _read_ready(self, stream: _Stream) -> bool:
        """Read what is there; False at end of file. Past the cap, stop keeping it."""
        while stream.open:
            try:
                chunk = os.read(stream.fd, 1 << 16)
            except BlockingIOError:
                return True
            except OSError:
                chunk = b""
            if not chunk:
                stream.open = False
                return False
            self._counted += len(chunk)
            room = self.output_cap + 1 - len(stream.data)
            if room > 0:
                stream.data += chunk[:room]
            if self._counted > self.output_cap:
                self.output_exceeded = True
                return True
        return False

    def _read_channel(self, on_message: Callable[[dict[str, Any]], None] | None) -> bool:
        """Read and hand on the messages that are there; True at end of file."""
        # what was printed before a message belongs to the case the message ends
        self._read_ready(self._out)
        self._read_ready(self._err)
        while True:
            try:
                chunk = os.read(self._channel_r, 1 << 16)
            except BlockingIOError:
                return False
            if not chunk:
                return True
            self._pending += chunk
            while (end := self._pending.find(b"\n")) >= 0:
                line = bytes(self._pending[:end])
                del self._pending[: end + 1]
                if on_message is not None:
                    try:
                        message = json.loads(line)
                    except ValueError:
                        continue  # not from the harness (the code wrote on the channel)
                    if isinstance(message, dict):
                        on_message(message)
            if len(self._pending) > MESSAGE_BYTES:
                self.output_exceeded = True
                return False

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        if self._sweep is not None:
            self._sweep()

    def _drain(self, on_message: Callable[[dict[str, Any]], None] | None) -> None:
        """Read what is left in the pipes once the child is gone (every writer was killed, so
        they end at once; a writer that escaped gets ``DRAIN_SECONDS``)."""
        until = time.monotonic() + DRAIN_SECONDS
        if self._channel_open:
            self._read_channel_to_end(on_message, until)
        for stream in (self._out, self._err):
            while stream.open and time.monotonic() < until and not self.output_exceeded:
                if self._read_ready(stream):
                    time.sleep(0.001)

    def _read_channel_to_end(
        self, on_message: Callable[[dict[str, Any]], None] | None, until: float
    ) -> None:
        while time.monotonic() < until and not self._read_channel(on_message):
            time.sleep(0.001)

    def _decode(self, status: int) -> tuple[int | None, int | None]:
        if os.WIFSIGNALED(status):
            return None, os.WTERMSIG(status)
        code = os.WEXITSTATUS(status)
        if self._shell_status and 128 < code <= 128 + 64:
            return None, code - 128  # a shell (or bwrap) said "killed by signal N"
        return code, None
