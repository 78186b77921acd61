"""Runaway code gets a verdict and never hangs, crashes or fills the machine — each case a test.

Safety: every bomb here is bounded (200 children, 2 GiB, 200 MB), so a limit that failed to
hold would make the test fail, not take the machine down.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.practice.leftovers import new_token, processes_with
from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Limits,
    StdioCase,
    Verdict,
    languages,
    run_function,
    run_stdio,
)
from tutor.core.practice.runner.leftovers import processes_of
from tutor.core.practice.runner.rlimits import PROCESSES

QUICK = Limits(time_limit=0.5)
needs_node = pytest.mark.skipif(
    not languages()["javascript"].available, reason=str(languages()["javascript"].missing)
)
needs_cpp = pytest.mark.skipif(
    not languages()["cpp"].available, reason=str(languages()["cpp"].missing)
)

RUNAWAY = r"""
import os, sys, time

def f(kind):
    if kind == "loop":
        while True:
            pass
    if kind == "loop-in-c":
        return sum(range(10**12))   # one C call: no Python code runs until it returns
    if kind == "stubborn-loop":
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass
    if kind == "sleep":
        time.sleep(100)
    if kind == "memory":
        return len(bytearray(2 << 30))   # 2 GiB, bounded
    if kind == "flood":
        chunk = "x" * (1 << 20)
        for _ in range(200):             # 200 MB, bounded
            sys.stdout.write(chunk)
        return 0
    return kind
"""


def run(kinds: list[str], limits: Limits = QUICK):
    cases = [FunctionCase(k, [k], k) for k in kinds]
    return run_function(RUNAWAY, "python", "f", cases, limits, Compare())


def test_infinite_loops_get_time_limit_and_the_other_cases_still_run() -> None:
    result = run(["ok", "loop", "ok", "loop-in-c", "ok", "stubborn-loop", "ok"])
    verdicts = [r.verdict for r in result.results]
    assert verdicts == [Verdict.PASSED, Verdict.TIME_LIMIT] * 3 + [Verdict.PASSED]
    for r in result.results[1::2]:
        assert r.message == "used more than 0.5 s of CPU time"


def test_sleeping_code_is_stopped_by_the_wall_clock() -> None:
    sleeping, after = run(["sleep", "ok"]).results
    assert sleeping.verdict is Verdict.TIME_LIMIT
    assert sleeping.message == (
        "ran 2.5 s without finishing — is it waiting for input that is not there, or sleeping?"
    )
    assert after.verdict is Verdict.PASSED


def test_a_memory_blow_up_gets_memory_limit() -> None:
    blown, after = run(["memory", "ok"]).results
    assert blown.verdict is Verdict.MEMORY_LIMIT
    assert blown.message == "needed more than 256 MiB of memory"
    assert after.verdict is Verdict.PASSED


def test_gigabytes_of_output_are_cut_at_the_cap() -> None:
    flood, after = run(["flood", "ok"]).results
    assert flood.verdict is Verdict.OUTPUT_LIMIT
    assert flood.message == "printed more than 1 MiB — a print inside a loop?"
    assert flood.printed is not None and len(flood.printed) < 8192  # what is shown is cut
    assert after.verdict is Verdict.PASSED


def test_a_fork_bomb_is_held_to_the_process_limit_and_nothing_survives() -> None:
    token = new_token()
    source = f"""
import os, time
def bomb(n):
    made = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            try:
                os.execv("/bin/sleep", ["{token}", "120"])
            finally:
                os._exit(1)
        made += 1
    return made
"""
    [r] = run_function(
        source, "python", "bomb", [FunctionCase("bomb", [200], 0)], QUICK, Compare()
    ).results
    made = int(str(r.got))
    assert 0 < made < PROCESSES  # the harness itself is one of the allowed processes
    assert processes_with(token) == []


def test_a_daemon_that_leaves_the_process_group_is_killed_and_the_folder_removed() -> None:
    token = new_token()
    source = f"""
import os
def escape():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["{token}", "120"])
        os._exit(0)
    os.wait()
    return [os.getuid(), os.getcwd()]
"""
    [r] = run_function(
        source, "python", "escape", [FunctionCase("d", [], 0)], QUICK, Compare()
    ).results
    uid, cwd = eval(str(r.got))  # the value the code returned: [uid, working folder]
    assert processes_with(token) == []
    assert not Path(cwd).exists()
    if os.geteuid() == 0:
        assert uid != 0
        assert processes_of(uid) == []


def test_deleting_files_in_its_folder_and_outside_it(tmp_path: Path) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("keep me")
    source = r"""
import os, shutil
def wipe(canary):
    for i in range(3):
        open(f"made-{i}.txt", "w").write("x")
    gone, refused = [], []
    for name in sorted(os.listdir(".")):
        os.remove(name)
        gone.append(name)
    mine = os.path.abspath(__file__)
    for target in (canary, mine):
        try:
            os.remove(target)
            gone.append(target)
        except OSError as err:
            refused.append(type(err).__name__)
    try:
        shutil.rmtree("..")
    except OSError as err:
        refused.append(type(err).__name__)
    return [gone, len(refused)]
"""
    cases = [FunctionCase("wipe", [str(canary)], 0), FunctionCase("again", [str(canary)], 0)]
    result = run_function(source, "python", "wipe", cases, Limits(), Compare())
    for r in result.results:  # the second case runs on: its own program is intact
        assert r.verdict is Verdict.WRONG_ANSWER
        assert r.got == "[['made-0.txt', 'made-1.txt', 'made-2.txt'], 3]"
    assert canary.read_text() == "keep me"


def test_stdio_runaways_in_python() -> None:
    cases = [
        StdioCase("loop", b"loop", b""),
        StdioCase("memory", b"memory", b""),
        StdioCase("flood", b"flood", b""),
        StdioCase("no-more-input", b"ask", b""),
        StdioCase("fine", b"fine", b"fine"),
    ]
    source = (
        "import sys\n"
        "kind = input()\n"
        "if kind == 'loop':\n    while True: pass\n"
        "if kind == 'memory':\n    x = bytearray(2 << 30)\n"
        "if kind == 'flood':\n    for _ in range(200): sys.stdout.write('y' * (1 << 20))\n"
        "if kind == 'ask':\n    input()\n"
        "print(kind)\n"
    )
    result = run_stdio(source, "python", cases, QUICK, Compare())
    loop, memory, flood, ask, fine = result.results
    assert loop.verdict is Verdict.TIME_LIMIT
    assert memory.verdict is Verdict.MEMORY_LIMIT
    assert flood.verdict is Verdict.OUTPUT_LIMIT
    assert ask.verdict is Verdict.RUNTIME_ERROR
    assert ask.message == "EOFError: EOF when reading a line" and ask.line == 10
    assert fine.verdict is Verdict.PASSED


@needs_node
def test_javascript_runaways() -> None:
    source = (
        "function f(kind) {\n"
        "  if (kind === 'loop') { for (;;) {} }\n"
        "  if (kind === 'heap') { const a = []; for (;;) a.push(new Array(1e6).fill(1.5)); }\n"
        "  if (kind === 'buffer') { return Buffer.alloc(2 ** 31).length; }\n"
        "  return kind;\n"
        "}\n"
    )
    cases = [FunctionCase(k, [k], k) for k in ("loop", "ok", "heap", "buffer", "ok")]
    result = run_function(source, "javascript", "f", cases, QUICK, Compare())
    loop, ok, heap, buffer, ok_again = result.results
    assert loop.verdict is Verdict.TIME_LIMIT
    assert ok.verdict is Verdict.PASSED and ok_again.verdict is Verdict.PASSED
    assert heap.verdict is Verdict.MEMORY_LIMIT and buffer.verdict is Verdict.MEMORY_LIMIT


@needs_cpp
def test_cpp_runaways_deep_recursion_memory_and_output() -> None:
    source = r"""
#include <bits/stdc++.h>
int down(int n) { volatile char pad[256]; pad[0] = n; return down(n + 1) + pad[0]; }
int main() {
    std::string kind; std::cin >> kind;
    if (kind == "recurse") std::cout << down(0);
    if (kind == "memory") { std::vector<char> v(2ull << 30, 1); std::cout << v.size(); }
    if (kind == "flood") for (int i = 0; i < 200; i++) std::cout << std::string(1 << 20, 'z');
    if (kind == "loop") for (;;) {}
    std::cout << kind << "\n";
}
"""
    cases = [
        StdioCase(k, k.encode(), k.encode()) for k in ("recurse", "memory", "flood", "loop", "ok")
    ]
    result = run_stdio(source, "cpp", cases, QUICK, Compare())
    recurse, memory, flood, loop, ok = result.results
    assert recurse.verdict is Verdict.RUNTIME_ERROR
    assert recurse.message == (
        "crashed (SIGSEGV: segmentation fault — a bad memory access, or a stack overflow from"
        " deep recursion)"
    )
    assert memory.verdict is Verdict.MEMORY_LIMIT
    assert flood.verdict is Verdict.OUTPUT_LIMIT
    assert loop.verdict is Verdict.TIME_LIMIT
    assert ok.verdict is Verdict.PASSED


def test_what_a_killed_tutor_left_behind_is_killed_at_the_next_run() -> None:
    if os.geteuid() != 0:
        pytest.skip("runs get a uid of their own only as root")
    from tutor.core.practice.runner.confine import tool
    from tutor.core.practice.runner.runuser import FIRST_UID, UID_COUNT, claim_run_user

    setpriv = tool("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    token = new_token()
    uid = FIRST_UID + UID_COUNT - 1  # as if a run of a tutor that died had used it
    orphan = subprocess.Popen(
        [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
         "/bin/sh", "-c", f"sleep 120; : {token}"],
        start_new_session=True,
    )  # fmt: skip
    try:
        # setpriv's own command line holds the token too, while it is still root: wait for
        # the shell it becomes, which runs as the orphan's uid (a sweep before that finds
        # nothing of that uid, and the orphan lived on)
        while not runs_as(orphan.pid, uid, b"/bin/sh"):
            time.sleep(0.01)
        user = claim_run_user()
        assert user is not None
        user.release()
        assert orphan.wait(timeout=30) == -9
        assert processes_with(token) == []
    finally:
        if orphan.poll() is None:
            orphan.kill()
            orphan.wait()


def runs_as(pid: int, uid: int, program: bytes) -> bool:
    """True when process ``pid`` runs ``program`` with ``uid`` as its real user id."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if not f.read().startswith(program + b"\0"):
                return False
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            ids = next(line for line in f if line.startswith("Uid:")).split()
    except (OSError, StopIteration):
        return False
    return int(ids[1]) == uid


def test_a_program_that_finishes_but_too_slowly_gets_time_limit() -> None:
    source = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.5:\n"
    source += "    pass\nprint(1)\n"
    [slow] = run_stdio(source, "python", [StdioCase("slow", b"", b"1")], Limits(time_limit=1.0),
                       Compare()).results  # fmt: skip
    assert slow.verdict is Verdict.TIME_LIMIT
    assert slow.message == "used more than 1 s of CPU time"
    assert slow.got == "1\n"  # it did finish


def test_without_util_linux_a_python_wrapper_sets_the_limits_and_the_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tutor.core.practice.runner import confine

    monkeypatch.setattr(confine, "tool", lambda name: None)
    source = RUNAWAY + "\ndef who():\n    return os.getuid()\n"
    cases = [FunctionCase(k, [k], k) for k in ("loop", "memory", "ok")]
    result = run_function(source, "python", "f", cases, QUICK, Compare())
    assert [r.verdict for r in result.results] == [
        Verdict.TIME_LIMIT,
        Verdict.MEMORY_LIMIT,
        Verdict.PASSED,
    ]
    assert result.network_cut is False  # nothing here could cut it: said so
    [who] = run_function(
        source, "python", "who", [FunctionCase("u", [], 0)], QUICK, Compare()
    ).results
    if os.geteuid() == 0:
        assert who.got != "0"  # still a user of its own
    else:
        assert who.got == str(os.getuid())
