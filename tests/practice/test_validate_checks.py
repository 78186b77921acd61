"""`tutor practice validate` catches what a pack's author gets wrong: a reference too slow for its
limit's margin, a problem without a sample or a Python starter, and a too-slow solution that
fails by something other than time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.test_cli import cli

PACKS = Path(__file__).resolve().parent / "packs"

pytestmark = pytest.mark.usefixtures("without_builtin_pack")

# Spends 0.4 s of CPU on the hidden 'huge-second' (CPU time, so a busy machine changes nothing):
# well under the 0.9 s limit, over a third of it.
SLOW_REFERENCE = """import time

def add_two(a, b):
    if b == 3000000000:
        start = time.process_time()
        while time.process_time() - start < 0.4:
            pass
    return a + b
"""


def copy(tmp_path: Path, name: str) -> Path:
    """A pack of one problem of the test packs, to spoil."""
    folder = tmp_path / "pack" / name
    shutil.copytree(PACKS / "good" / name, folder)
    return folder


def validate(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str]:
    # --trust: the checks are the same in either isolation (strict is used where it works)
    code, out, _ = cli(capsys, "practice", "validate", str(folder.parent), "--trust")
    return code, out


def test_an_accepted_solution_over_a_third_of_the_limit_is_reported(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy(tmp_path, "add-two")
    yaml = folder / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("time_limit: 2", "time_limit: 0.9"))
    (folder / "submissions" / "accepted" / "reference.py").write_text(SLOW_REFERENCE)
    code, out = validate(capsys, folder)
    assert code == 3, out
    assert "ran accepted/reference.py: 4/4 passed" in out  # it passes: only its time is wrong
    found = re.search(
        r"failed: accepted/reference\.py took (\d\.\d\d) s on 'huge-second', over a third of"
        r" the time limit \(0\.9 s\) — raise the limit or make the solution faster",
        out,
    )
    assert found, out
    assert 0.4 <= float(found.group(1)) < 0.9


@pytest.mark.parametrize("name", ["add-two", "sum-lines"])
def test_a_problem_without_a_sample_test_is_broken(
    name: str, isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy(tmp_path, name)
    if name == "add-two":  # function kind: no case says 'sample: true'
        tests = folder / "tests.yaml"
        tests.write_text(tests.read_text().replace("sample: true", "sample: false"))
        where = "'sample: true' in tests.yaml"
    else:  # stdio kind: the samples moved among the secret tests
        for path in (folder / "data" / "sample").iterdir():
            path.rename(folder / "data" / "secret" / path.name)
        where = "data/sample/"
    code, out = validate(capsys, folder)
    assert code == 2, out
    assert f"no sample test — mark one shown to the student ({where})" in out
    assert "ran accepted" not in out  # solutions run only when the files are sound


def test_a_function_problem_without_a_python_starter_is_broken(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy(tmp_path, "add-two")
    (folder / "starter" / "python.py").unlink()  # the JavaScript starter is still there
    code, out = validate(capsys, folder)
    assert code == 2, out
    assert "no Python starter — add starter/python.py" in out


def test_a_too_slow_solution_must_fail_by_time(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy(tmp_path, "add-two")
    slow = folder / "submissions" / "time_limit_exceeded"
    (slow / "count_up.py").write_text("def add_two(a, b):\n    return a - b\n")  # quick, wrong
    code, out = validate(capsys, folder)
    assert code == 3, out
    assert "ran time_limit_exceeded/count_up.py: 1/4 passed" in out
    assert (
        "failed: time_limit_exceeded/count_up.py fails 'small' by wrong answer, never by time"
        " — a too-slow solution must run out of time on some test" in out
    )
    shutil.copy(
        PACKS / "good" / "add-two" / "submissions" / "time_limit_exceeded" / "count_up.py", slow
    )
    code, out = validate(capsys, folder)  # the real brute force: out of time on 'huge-second'
    assert code == 0, out
    assert "never by time" not in out
