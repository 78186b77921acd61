"""Reading problem packs: our format, a Kattis package as it is, and broken files with positions."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tutor.core.errors import PackError, UsageError
from tutor.core.practice.cases import find_cases, read_cases
from tutor.core.practice.folder import files_hash
from tutor.core.practice.hints import find_hints, read_hints
from tutor.core.practice.index import ProblemIndex
from tutor.core.practice.library import ProblemLibrary, builtin_problems_dir
from tutor.core.practice.problem import student_language

PACKS = Path(__file__).resolve().parent / "packs"
NOWHERE = Path("/nonexistent-tutor-pack")


def load(*packs: Path, user: Path = NOWHERE, builtin: Path = NOWHERE) -> ProblemLibrary:
    return ProblemLibrary.load(list(packs), builtin_dir=builtin, user_dir=user)


def messages(library: ProblemLibrary) -> list[str]:
    return [str(p) for p in library.trouble]


def test_a_function_problem_loads_with_every_part() -> None:
    problem = load(PACKS / "good").get("add-two")
    assert (problem.kind, problem.difficulty, problem.concepts) == ("function", 1, ("math",))
    assert problem.title("ko") == "두 수 더하기" and problem.title("en") == "Add two numbers"
    assert problem.title("fr") == "Add two numbers"  # falls back to English
    assert problem.entry_point("python") == "add_two"
    assert problem.entry_point("javascript") == "addTwo"  # camelCase of the Python name
    assert (problem.time_limit, problem.memory_mib) == (2.0, 256)
    assert set(problem.statements) == {"en", "ko"} and set(problem.starters) == {
        "python",
        "javascript",
    }
    assert "돌려줘요" in problem.statement("ko")
    cases = read_cases(problem)
    assert [c.name for c in cases] == ["small", "zeros", "negatives", "huge-second"]
    assert [c.sample for c in cases] == [True, True, False, False]
    big = cases[-1]
    assert (big.args, big.expected, big.description) == (
        [7, 3000000000],
        3000000007,
        "a second number in the billions",
    )
    assert cases[2].hint == "what is -4 plus -6?"
    hints = read_hints(problem.folder)
    assert sorted(hints.by_rung) == [1, 3]
    assert hints.text(3, "ko") == "산수 연산 하나에 관한 문제예요."
    assert hints.text(2, "en") is None


def test_a_stdio_problem_reads_its_data_folders() -> None:
    problem = load(PACKS / "good").get("sum-lines")
    cases = read_cases(problem)
    assert [(c.name, c.sample) for c in cases] == [
        ("three", True),
        ("empty", False),
        ("one-negative", False),
    ]
    assert cases[0].input == b"3\n1\n2\n3\n" and cases[0].answer == b"6\n"
    assert cases[2].description == "a single negative number"
    assert cases[2].hint == "does your loop read the last line?"


def test_a_kattis_package_loads_as_it_is() -> None:
    problem = load(PACKS / "kattis").get("hello")
    assert problem.kind == "stdio"
    assert problem.title("en") == "Hello"  # from \problemname in the LaTeX statement
    assert problem.concepts == ("strings", "greeting")  # keywords stand in for concepts
    assert problem.compare.case_sensitive  # from the legacy validator_flags
    assert problem.statements["en"].parent.name == "problem_statement"
    assert problem.credits == "A. Teacher" and problem.license == "cc by-sa"
    names = [c.name for c in read_cases(problem)]
    assert names == ["sample/1", "secret/1"]  # the same name in both folders, told apart
    assert any("LaTeX" in note for note in problem.notes)


def test_broken_problems_are_reported_with_positions_and_never_hide_the_others() -> None:
    library = load(PACKS / "good", PACKS / "broken")
    assert {"add-two", "sum-lines", "fine", "bad-tests", "bad-hints", "no-answer"} <= set(
        library.problems
    )
    found = messages(library)
    broken = PACKS / "broken"
    assert (
        f"{broken}/typo-key/problem.yaml:3:1: unknown key 'entry_piont' — did you mean"
        " 'entry_point'?" in found
    )
    assert any(
        m.startswith(f"{broken}/bad-concept/problem.yaml:2:12: unknown concept 'hashmap'")
        and "did you mean 'hashing'?" in m
        for m in found
    )
    assert any(
        m.startswith(f"{broken}/bad-concept/problem.yaml:5:13: 'difficulty' must be a whole")
        for m in found
    )
    assert any(
        m.startswith(f"{broken}/bad-yaml/problem.yaml:2:5: YAML syntax error") for m in found
    )
    assert any("the folder name 'Bad_Name' cannot be a problem id" in m for m in found)
    assert all(m.count("\n") == 0 for m in found)
    # The missing entry_point is not reported twice when the typo is the cause.
    assert not any("typo-key" in m and "'entry_point' is missing" in m for m in found)


def test_getting_a_broken_or_unknown_problem_says_why() -> None:
    library = load(PACKS / "good", PACKS / "broken")
    with pytest.raises(PackError) as caught:
        library.get("typo-key")
    assert "entry_piont" in str(caught.value) and caught.value.exit_code == 2
    with pytest.raises(UsageError, match="did you mean 'add-two'"):
        library.get("add-too")


def test_broken_tests_and_hints_files_are_found_with_positions() -> None:
    library = load(PACKS / "broken")
    _cases, trouble = find_cases(library.get("bad-tests"))
    tests = str(PACKS / "broken" / "bad-tests" / "tests.yaml")
    found = [str(t) for t in trouble]
    assert f"{tests}:3:11: 'args' must be a list of the arguments, got 5" in found[0]
    assert any(m.startswith(f"{tests}:8:5: this case has no 'expected:'") for m in found)
    assert any(
        m.startswith(f"{tests}:13:5: unknown key 'smaple' in 'cases[3]' — did you mean 'sample'?")
        for m in found
    )
    assert any("'Upper Case' cannot be a case name" in m for m in found)
    _hints, trouble = find_hints(library.get("bad-hints").folder)
    assert [str(t).split(": ", 1)[1] for t in trouble] == [
        "'7' is not a rung — the ladder's rungs are 1 to 6"
    ]
    _cases, trouble = find_cases(library.get("no-answer"))
    assert "first.in has no first.ans" in str(trouble[0])


def test_a_user_problem_overrides_a_builtin_with_the_same_id(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    shutil.copytree(PACKS / "good" / "add-two", builtin / "add-two")
    shutil.copytree(PACKS / "good" / "add-two", user / "add-two")
    yaml = user / "add-two" / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("Add two numbers", "My own adding"))
    library = load(user=user, builtin=builtin)
    assert library.get("add-two").title("en") == "My own adding"
    assert library.get("add-two").pack == "user"
    # A broken user copy is reported, and the built-in one stays usable.
    yaml.write_text("name: [broken\n")
    library = load(user=user, builtin=builtin)
    assert library.get("add-two").pack == "built-in" and len(library.trouble) == 1


def test_a_pack_option_may_name_one_problem_folder() -> None:
    library = load(PACKS / "good" / "sum-lines")
    assert list(library.problems) == ["sum-lines"]


def test_a_missing_pack_folder_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no such folder"):
        load(PACKS / "no-such-pack")


def test_the_files_hash_is_stable_and_changes_with_any_file(tmp_path: Path) -> None:
    folder = tmp_path / "add-two"
    shutil.copytree(PACKS / "good" / "add-two", folder)
    first = files_hash(folder)
    assert first == files_hash(PACKS / "good" / "add-two") and len(first) == 64
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert files_hash(folder) == first  # caches do not count
    (folder / "data" / "function" / "huge-second.json").write_text(
        '{"args": [7, 1], "expected": 8}'
    )
    assert files_hash(folder) != first
    (folder / "data" / "function" / "huge-second.json").unlink()
    assert files_hash(folder) != first


def test_the_students_language_comes_from_lang_or_the_locale() -> None:
    assert student_language("KO", {"LANG": "en_US.UTF-8"}) == "ko"
    assert student_language(None, {"LANG": "ko_KR.UTF-8"}) == "ko"
    assert student_language(None, {"LANG": "en_GB.UTF-8"}) == "en"
    assert student_language(None, {}) == "en"


BUILTIN = builtin_problems_dir()


def test_the_builtin_pack_has_24_problems_that_all_load() -> None:
    library = ProblemLibrary.load(user_dir=NOWHERE)
    assert [str(p) for p in library.trouble] == [] and len(library.problems) >= 24
    for problem in library.problems.values():
        assert problem.builtin and {"en", "ko"} <= set(problem.statements), problem.id
        assert "python" in problem.starters and len(read_cases(problem)) >= 12, problem.id


def test_a_number_written_1e_6_is_read_as_a_number(tmp_path: Path) -> None:
    folder = tmp_path / "pack" / "tolerant"
    folder.mkdir(parents=True)
    (folder / "problem.yaml").write_text("name: T\ncompare: {float_tolerance: 1e-6}\n")
    assert load(tmp_path / "pack").get("tolerant").compare.float_tolerance == 1e-6


def age(folder: Path, seconds: float = 60) -> None:
    """Date everything under ``folder`` ``seconds`` back (the index skips fresh files)."""
    when = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when))


def test_the_index_serves_unchanged_problems_and_notices_changes(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "good", pack)
    (pack / "notes").mkdir()  # a folder that is not a problem: skipped, not reported
    age(pack)
    index_file = tmp_path / "problem-index.json"
    first = ProblemLibrary.load(
        [pack], builtin_dir=NOWHERE, user_dir=NOWHERE, index=ProblemIndex(index_file)
    )
    assert set(json.loads(index_file.read_text())["problems"]) == {
        str(pack / "add-two"),
        str(pack / "sum-lines"),
    }
    cached = ProblemLibrary.load(
        [pack], builtin_dir=NOWHERE, user_dir=NOWHERE, index=ProblemIndex(index_file)
    )
    for pid in ("add-two", "sum-lines"):
        assert vars(cached.get(pid)) == vars(first.get(pid))
    assert set(cached.problems) == {"add-two", "sum-lines"} and cached.trouble == []
    # problem.yaml edited, a statement added: both seen, not the cached entry.
    yaml = pack / "add-two" / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("Add two numbers", "Adding up"))
    (pack / "sum-lines" / "statement" / "problem.ko.md").write_text("# 줄의 합\n")
    age(pack, 30)
    again = ProblemLibrary.load(
        [pack], builtin_dir=NOWHERE, user_dir=NOWHERE, index=ProblemIndex(index_file)
    )
    assert again.get("add-two").title("en") == "Adding up"
    assert set(again.get("sum-lines").statements) == {"en", "ko"}
    # A problem broken since is reported, not served from the index.
    yaml.write_text("name: [broken\n")
    age(pack, 20)
    broken = ProblemLibrary.load(
        [pack], builtin_dir=NOWHERE, user_dir=NOWHERE, index=ProblemIndex(index_file)
    )
    assert "add-two" not in broken.problems and len(broken.trouble) == 1
    # A file saved just now is read, never cached (its next edit may keep time and size).
    yaml.write_text("name: Fresh\nkind: function\nentry_point: add_two\n")
    fresh = ProblemLibrary.load(
        [pack], builtin_dir=NOWHERE, user_dir=NOWHERE, index=ProblemIndex(index_file)
    )
    assert fresh.get("add-two").title("en") == "Fresh"
    assert str(pack / "add-two") not in json.loads(index_file.read_text())["problems"]
