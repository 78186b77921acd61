"""What the code can reach: the network (cut, and said so), the home folder, other processes,
its privileges — in LIMITS, and in STRICT with bubblewrap and with `unshare`."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Isolation,
    IsolationUnavailable,
    Limits,
    StdioCase,
    Verdict,
    availability,
    confine,
    isolation_available,
    languages,
    run_function,
    run_stdio,
)
from tutor.core.practice.runner.confine import namespaces_work
from tutor.core.practice.runner.strict import StrictSandbox

PROBE = r"""
import json, os, socket
def look(port, canary, shared):
    seen = {}
    try:
        open(os.path.join(shared, "written"), "w").write("x")
        seen["write"] = "written"
    except OSError as err:
        seen["write"] = err.strerror
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
        seen["connect"] = "connected"
    except OSError as err:
        seen["connect"] = type(err).__name__
    try:
        seen["read"] = open(canary).read()
    except OSError as err:
        seen["read"] = type(err).__name__
    try:
        os.remove(canary)
        seen["delete"] = "deleted"
    except OSError as err:
        seen["delete"] = type(err).__name__
    home = os.path.dirname(canary)
    try:
        seen["home"] = sorted(os.listdir(home))
    except OSError as err:
        seen["home"] = type(err).__name__
    seen["work"] = sorted(os.listdir("."))
    open("mine.txt", "w").write("its own folder is writable")
    seen["made"] = sorted(os.listdir("."))
    seen["processes"] = len([p for p in os.listdir("/proc") if p.isdigit()])
    status = open("/proc/self/status").read()
    seen["capabilities"] = [l.split()[1] for l in status.splitlines() if l.startswith("CapEff")][0]
    seen["uid"] = os.getuid()
    return json.dumps(seen)
"""


class Listener:
    """A loopback TCP listener that remembers whether anything connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


@pytest.fixture
def canary() -> Iterator[Path]:
    """A file in the real home folder (the one STRICT must hide), removed afterwards."""
    path = Path(os.path.expanduser("~")) / f".tutor-canary-{secrets.token_hex(6)}"
    path.write_text("secret")
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may write in, outside the temp folders and the home (STRICT makes every
    folder read-only but its own)."""
    place = next(p for p in (ROOT, Path("/srv"), Path("/opt"), Path("/var/lib")) if _open_to_all(p))
    folder = Path(tempfile.mkdtemp(prefix=".strict-", dir=place))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


def _open_to_all(folder: Path) -> bool:
    """True if any user can reach ``folder`` (every folder on the way lets others through): a
    checkout in a private folder (``mktemp -d`` makes 0700 ones) is not."""
    return folder.is_dir() and all(p.stat().st_mode & 0o001 for p in [folder, *folder.parents])


def look(
    listener: Listener, canary: Path, isolation: Isolation, shared: Path
) -> tuple[dict, object]:
    cases = [FunctionCase("look", [listener.port, str(canary), str(shared)], "")]
    result = run_function(PROBE, "python", "look", cases, Limits(), Compare(), isolation)
    [r] = result.results
    assert r.verdict is Verdict.WRONG_ANSWER, r
    return json.loads(eval(str(r.got))), result


def test_limits_cuts_the_network_where_the_kernel_allows_and_says_so(
    listener: Listener, canary: Path, shared: Path
) -> None:
    seen, result = look(listener, canary, Isolation.LIMITS, shared)
    assert seen["write"] == "written"  # LIMITS is not a jail: it may write where its user may
    assert result.isolation is Isolation.LIMITS
    assert result.network_cut is namespaces_work(os.geteuid() == 0)
    if result.network_cut:
        assert seen["connect"] == "OSError"  # "Network is unreachable": no interface at all
    assert listener.accepted == 0 or not result.network_cut
    assert seen["work"] == []  # a fresh, empty working folder
    assert seen["capabilities"] == "0000000000000000"
    if os.geteuid() == 0:
        assert seen["uid"] != 0  # root's code runs as a user of its own
        assert seen["read"] == "PermissionError" and seen["delete"] == "PermissionError"
        assert canary.read_text() == "secret"


def strict_sandbox(variant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reason = availability.probe(StrictSandbox(variant))
    if reason is not None:
        pytest.skip(reason)
    monkeypatch.setenv(availability.CHOICE, variant)


@pytest.mark.parametrize("variant", ["bwrap", "unshare"])
def test_strict_hides_the_home_the_network_and_other_processes(
    variant: str,
    listener: Listener,
    canary: Path,
    shared: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    strict_sandbox(variant, monkeypatch)
    seen, result = look(listener, canary, Isolation.STRICT, shared)
    assert seen["write"] == "Read-only file system"
    assert list(shared.iterdir()) == []
    assert result.isolation is Isolation.STRICT and result.network_cut is True
    assert seen["read"] == "FileNotFoundError"
    assert seen["delete"] in ("FileNotFoundError", "OSError")  # OSError: a read-only folder
    assert seen["home"] == []  # an empty private home
    assert canary.read_text() == "secret"
    assert seen["connect"] in ("OSError", "ConnectionRefusedError")  # its own, empty network
    assert listener.accepted == 0
    assert seen["work"] == [] and seen["made"] == ["mine.txt"]
    assert seen["processes"] <= 4  # a PID namespace: the sandbox's init, a shell, the harness
    assert seen["capabilities"] == "0000000000000000"


@pytest.mark.parametrize("variant", ["bwrap", "unshare"])
def test_strict_compiles_and_runs_a_toolchain_kept_in_the_home(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    strict_sandbox(variant, monkeypatch)
    rust = languages()["rust"]
    if not rust.available:
        pytest.skip(str(rust.missing))
    source = "fn main() { let mut s = String::new(); std::io::stdin().read_line(&mut s).unwrap();"
    source += ' println!("{}", s.trim().len()); }\n'
    cases = [StdioCase("len", b"hello\n", b"5\n")]
    result = run_stdio(source, "rust", cases, Limits(), Compare(), Isolation.STRICT)
    assert result.compile_error is None
    assert result.results[0].verdict is Verdict.PASSED


def test_strict_bounds_a_fork_bomb_too(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        "import os, time\n"
        "def bomb(n):\n"
        "    made = 0\n"
        "    for _ in range(n):\n"
        "        try:\n            pid = os.fork()\n"
        "        except OSError:\n            break\n"
        "        if pid == 0:\n            time.sleep(60)\n            os._exit(0)\n"
        "        made += 1\n"
        "    return made\n"
    )
    if not isolation_available(Isolation.STRICT)[0]:
        pytest.skip(isolation_available(Isolation.STRICT)[1])
    cases = [FunctionCase("bomb", [200], 0)]
    result = run_function(source, "python", "bomb", cases, Limits(), Compare(), Isolation.STRICT)
    assert 0 < int(str(result.results[0].got)) < 64


def test_an_unknown_strict_sandbox_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(availability.CHOICE, "docker")
    with pytest.raises(IsolationUnavailable) as caught:
        run_function("def f(): pass", "python", "f", [], Limits(), Compare(), Isolation.STRICT)
    assert (
        str(caught.value)
        == "TUTOR_STRICT_SANDBOX=docker is not a STRICT sandbox — use bwrap or unshare"
    )


def test_strict_without_its_programs_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_bwrap(name: str) -> str | None:
        return None if name == "bwrap" else confine.tool(name)

    availability._probe.cache_clear()
    monkeypatch.setattr(availability, "tool", without_bwrap)
    monkeypatch.setenv(availability.CHOICE, "bwrap")
    try:
        with pytest.raises(IsolationUnavailable) as caught:
            run_function("def f(): pass", "python", "f", [], Limits(), Compare(), Isolation.STRICT)
        ok, said = isolation_available(Isolation.STRICT)
    finally:
        availability._probe.cache_clear()
    assert str(caught.value) == (
        "strict isolation is unavailable: bwrap not found"
        " — install bubblewrap (apt install bubblewrap)"
    )
    assert ok is False and said == str(caught.value)


def test_isolation_available_says_how() -> None:
    ok, said = isolation_available(Isolation.LIMITS)
    assert ok is True
    assert said.startswith("limits: CPU, memory, files, processes and output limited; runs as ")
    assert said.endswith("network cut" if namespaces_work(os.geteuid() == 0) else "not cut)")


@pytest.mark.parametrize("variant", ["bwrap", "unshare"])
def test_strict_counts_cpu_time_for_the_time_limit(
    variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    strict_sandbox(variant, monkeypatch)
    source = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.5:\n"
    source += "    pass\nprint(1)\n"
    cases = [StdioCase("slow", b"", b"1")]
    result = run_stdio(source, "python", cases, Limits(time_limit=1.0), Compare(), Isolation.STRICT)
    [slow] = result.results
    assert slow.verdict is Verdict.TIME_LIMIT  # it finished, but used 1.5 s of a 1 s limit
    assert slow.seconds >= 1.5
