"""`tutor practice run|validate|import` and the built-in pack: these run code through the runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import cli
from tutor.core.practice.runner import languages

PACKS = Path(__file__).resolve().parent / "packs"
GOOD = str(PACKS / "good")
HIDDEN_DATA = ("3000000000", "3000000007")

pytestmark = pytest.mark.usefixtures("without_builtin_pack")


def strict_available() -> tuple[bool, str]:
    from tutor.core.practice.runner import Isolation, isolation_available

    return isolation_available(Isolation.STRICT)


def start(capsys: pytest.CaptureFixture[str], problem: str, code: str) -> Path:
    _code, out, _ = cli(capsys, "practice", "start", problem, "--pack", GOOD)
    path = Path(out.strip())
    path.write_text(code)
    return path


def test_a_right_solution_passes_and_marks_the_problem_solved(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start(capsys, "add-two", "def add_two(a, b):\n    return a + b\n")
    code, out, _ = cli(capsys, "practice", "run", "add-two", "--pack", GOOD)
    assert code == 0
    assert "sample 'small': passed" in out and "hidden 'negatives' (both below zero): passed" in out
    assert "passed 4 of 4 tests · python" in out and "solved — every test passes" in out
    code, out, _ = cli(capsys, "practice", "stats", "--pack", GOOD, "--json")
    row = json.loads(out)["per_problem"][0]
    assert (row["status"], row["runs"], row["best_passed"], row["tests"]) == ("solved", 1, 4, 4)
    code, out, _ = cli(capsys, "practice", "list", "--pack", GOOD)
    assert "✓ solved" in out


def test_a_failing_test_exits_3_samples_in_full_hidden_by_name_only(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start(capsys, "add-two", "def add_two(a, b):\n    print('trying', a, b)\n    return a - b\n")
    code, out, _ = cli(capsys, "practice", "run", "add-two", "--pack", GOOD)
    assert code == 3
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("sample 'small': wrong answer"))
    assert lines[at + 1 : at + 5] == [
        "    input: add_two(2, 3)",
        "    expected: 5",
        "    got: -1",
        "    printed: trying 2 3",
    ]
    assert "trying -4" not in out  # what the code printed on a hidden test stays hidden
    assert "hidden 'negatives' (both below zero): wrong answer" in out
    assert "    hint: what is -4 plus -6?" in out  # the pack's hint for a failed hidden test
    assert not any(d in out for d in HIDDEN_DATA) and "-10" not in out
    assert "passed 1 of 4 tests" in out  # 'zeros' passes: 0 - 0 == 0
    code, out, _ = cli(capsys, "practice", "run", "add-two", "--pack", GOOD, "--json")
    data = json.loads(out)
    assert code == 3 and (data["passed"], data["total"], data["all_passed"]) == (1, 4, False)
    tests = {t["name"]: t for t in data["tests"]}
    assert tests["small"]["input"] == "add_two(2, 3)" and tests["small"]["got"] == "-1"
    assert set(tests["negatives"]) == {
        "name",
        "sample",
        "verdict",
        "seconds",
        "description",
        "hint",
    }
    assert not any(d in out for d in HIDDEN_DATA)


def test_run_takes_a_file_and_stdio_problems(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "sum.py"
    mine.write_text("import sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n")
    code, out, _ = cli(capsys, "practice", "run", "sum-lines", str(mine), "--pack", GOOD)
    assert code == 0 and "passed 3 of 3 tests" in out
    mine.write_text("print(0)\n")
    code, out, _ = cli(capsys, "practice", "run", "sum-lines", str(mine), "--pack", GOOD)
    assert code == 3 and "sample 'three': wrong answer" in out
    assert "    expected: 6" in out and "    got: 0" in out
    assert "hidden 'one-negative' (a single negative number): wrong answer" in out
    code, _, err = cli(
        capsys, "practice", "run", "sum-lines", str(tmp_path / "nope.py"), "--pack", GOOD
    )
    assert code == 2 and "no file" in err


def test_a_new_run_opens_the_next_hint(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start(capsys, "add-two", "def add_two(a, b):\n    return a - b\n")
    cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    code, _, err = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    assert code == 2 and "opens after you run" in err
    cli(capsys, "practice", "run", "add-two", "--pack", GOOD)
    code, _, err = cli(capsys, "practice", "hint", "add-two", "--pack", GOOD)
    assert "opens after" not in err  # rung 2 is open now (it asks the tutor: no endpoint here)


def test_validate_passes_a_sound_pack_and_catches_a_wrong_solution_that_passes(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    available, _reason = strict_available()
    trust = [] if available else ["--trust"]
    code, out, _ = cli(capsys, "practice", "validate", GOOD, *trust)
    assert code == 0, out
    assert "ran accepted/reference.py: 4/4 passed" in out
    assert "ran wrong_answer/minus.py: 1/4 passed" in out
    if available:  # a pack from elsewhere runs isolated, --trust or not
        assert out.count("(solutions run in strict isolation)") == 2
        _code, out, _ = cli(capsys, "practice", "validate", GOOD, "--trust")
        assert out.count("(solutions run in strict isolation)") == 2
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "good" / "add-two", pack / "add-two")
    (pack / "add-two" / "submissions" / "wrong_answer" / "minus.py").write_text(
        "def add_two(a, b):\n    return b + a\n"
    )
    code, out, _ = cli(capsys, "practice", "validate", str(pack), *trust)
    assert code == 3
    assert "failed: wrong_answer/minus.py passes every test — add a test" in out


def test_validate_refuses_foreign_code_without_isolation_unless_trusted(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.core.practice import runner

    asked: list[object] = []

    def unavailable(isolation: object) -> tuple[bool, str]:
        asked.append(isolation)
        return False, "strict isolation is unavailable: no user namespaces here"

    monkeypatch.setattr(runner, "isolation_available", unavailable)
    code, out, _ = cli(capsys, "practice", "validate", str(PACKS / "kattis"), GOOD)
    assert code == 2 and len(asked) == 1  # asked once for the three problems
    assert (
        out.count(
            "not run: solutions not run — strict isolation is unavailable: no user namespaces here;"
            " --trust runs them with only the limits your own code gets"
        )
        == 3
    )
    assert "ran accepted" not in out
    code, out, _ = cli(capsys, "practice", "validate", str(PACKS / "kattis"), "--trust")
    assert code == 0, out
    assert "note: ran the solutions without strict isolation (--trust)" in out
    assert "ran accepted/hello.py: 2/2 passed" in out


def test_import_checks_then_copies_a_kattis_package_into_the_user_pack(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    available, _reason = strict_available()
    trust = [] if available else ["--trust"]
    source = PACKS / "kattis" / "hello"
    code, out, _ = cli(capsys, "practice", "import", str(source), "--id", "greet", *trust)
    assert code == 0, out
    target = isolated_home / "config" / "problems" / "greet"
    assert "imported 'greet' (8 files)" in out and (target / "problem.yaml").is_file()
    code, out, _ = cli(capsys, "practice", "list", "--json")
    assert "greet" in [p["id"] for p in json.loads(out)]
    code, _, err = cli(capsys, "practice", "import", str(source), "--id", "greet", *trust)
    assert code == 2 and "--replace" in err


@pytest.mark.skipif(not languages()["cpp"].available, reason=str(languages()["cpp"].missing))
def test_a_compile_error_names_the_students_own_file(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mine = tmp_path / "my_sum.cpp"
    mine.write_text("#include <iostream>\nint main() { int total = ; std::cout << total; }\n")
    code, out, _ = cli(capsys, "practice", "run", "sum-lines", str(mine), "--pack", GOOD)
    assert code == 3 and "your code did not compile:" in out
    assert "my_sum.cpp:2:" in out and "solution.cpp" not in out
