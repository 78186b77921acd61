"""The hint ladder's rules and the practice brief's content, with a real store and fixture pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.core.practice.brief import BriefParts, practice_brief
from tutor.core.practice.cases import read_cases
from tutor.core.practice.coaching import build_brief, reference_solution
from tutor.core.practice.hints import AuthoredHints, read_hints
from tutor.core.practice.ladder import RUNGS, HintNotOpen, next_hint
from tutor.core.practice.library import ProblemLibrary
from tutor.core.practice.work import read_code
from tutor.core.store import Store

PACKS = Path(__file__).resolve().parent / "packs"
NOWHERE = Path("/nonexistent-tutor-pack")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "s.sqlite3") as opened:
        yield opened


def problem(pid: str = "add-two"):  # type: ignore[no-untyped-def]
    library = ProblemLibrary.load([PACKS / "good"], builtin_dir=NOWHERE, user_dir=NOWHERE)
    return library.get(pid)


def climb(store: Store, code_hash: str | None, lang: str = "en"):  # type: ignore[no-untyped-def]
    add = problem()
    step = next_hint(
        add.id,
        read_hints(add.folder),
        store.hints_given(add.id),
        store.latest_run(add.id),
        code_hash,
        lang,
    )
    run = store.latest_run(add.id)
    source = "authored" if step.authored else "asked"
    store.record_hint(
        add.id,
        step.rung.number,
        source,
        last_run_id=run.id if run else None,
        code_hash=code_hash,
    )
    return step


def test_authored_rungs_are_given_as_written_and_the_rest_asked(store: Store) -> None:
    first = climb(store, "c1", "ko")
    assert first.rung.number == 1 and first.text == "2와 3을 받으면 무엇을 돌려줘야 할까요?"
    second = climb(store, "c2")  # the code changed: the next rung opens
    assert second.rung.number == 2 and second.text is None  # not written: ask the tutor
    assert second.asking("en") == "A hint, please — rung 2 of 6: a failing test or a small case"
    assert "6단계 중 2단계" in second.asking("ko")
    store.record_run(
        "add-two", "h", language="python", code_hash="c2", passed=0, total=4, results=[]
    )
    third = climb(store, "c2")  # the same code, but a new run: open
    assert third.rung.number == 3 and third.text == "This is about one arithmetic operation."


def test_the_next_rung_waits_for_a_run_or_an_edit(store: Store) -> None:
    climb(store, "c1")
    with pytest.raises(HintNotOpen) as caught:
        climb(store, "c1")
    message = str(caught.value)
    assert "rung 2 of 6" in message and "run your code or change it" in message
    assert "tutor practice run add-two" in message and caught.value.exit_code == 2
    assert [h.rung for h in store.hints_given("add-two")] == [1]  # nothing recorded


def test_after_the_sixth_rung_the_ladder_says_so(store: Store) -> None:
    for number in range(1, 7):
        assert climb(store, f"c{number}").rung.number == number
    with pytest.raises(HintNotOpen, match="all 6 hints"):
        climb(store, "c99")


def test_the_ladder_has_six_rungs_each_with_an_instruction() -> None:
    assert sorted(RUNGS) == [1, 2, 3, 4, 5, 6]
    assert all(r.instruction and r.name("ko") != r.name("en") for r in RUNGS.values())
    assert AuthoredHints().text(1, "en") is None


def test_the_brief_holds_reference_code_run_and_never_hidden_inputs(
    store: Store, tmp_path: Path
) -> None:
    add = problem()
    work = tmp_path / "solution.py"
    work.write_text("def add_two(a, b):\n    return a - b  # MY-CODE\n")
    store.record_run(
        "add-two",
        "h",
        language="python",
        code_hash="old",
        passed=1,
        total=4,
        results=[
            {"name": "small", "verdict": "wrong_answer", "sample": True, "got": "-1"},
            {"name": "zeros", "verdict": "passed", "sample": True},
            {"name": "negatives", "verdict": "wrong_answer", "sample": False},
            {"name": "huge-second", "verdict": "time_limit", "sample": False},
        ],
    )
    store.record_hint("add-two", 1, "authored", last_run_id=None, code_hash=None)
    step = next_hint(
        add.id,
        read_hints(add.folder),
        store.hints_given(add.id),
        store.latest_run(add.id),
        "new",
        "en",
    )
    brief = build_brief(add, store, lang="ko", code=read_code(work), requested=step)
    assert "REFERENCE-MARKER-7f3a" in brief  # the accepted solution, for the tutor only
    assert "Never reveal the reference solution" in brief
    assert "MY-CODE" in brief and "(changed since their last run)" in brief
    assert "두 수 더하기" in brief and "돌려줘요" in brief  # the title and statement in Korean
    assert "passed 1 of 4 tests" in brief
    assert "- sample `small`: wrong answer; the student's code gave `-1`" in brief
    assert "- hidden `negatives`: wrong answer" in brief
    assert "- hidden `huge-second`: time limit" in brief
    assert "`add_two(2, 3)` → `5`" in brief  # a sample, in full
    assert "- `huge-second`: a second number in the billions" in brief
    assert "3000000000" not in brief and "3000000007" not in brief  # hidden data: never
    assert "-4" not in brief and "-10" not in brief
    assert '- rung 1, what have you tried / the goal: "2와 3을' in brief
    assert "asks for a hint now: rung 2 of 6" in brief and RUNGS[2].instruction in brief
    assert "reply in Korean" in brief


def test_a_brief_with_no_code_and_no_run_says_so() -> None:
    add = problem("sum-lines")
    brief = practice_brief(
        BriefParts(
            problem=add,
            lang="en",
            statement=add.statement(),
            cases=read_cases(add),
            reference=reference_solution(add, "cpp"),
        )
    )
    assert "Nothing written yet" in brief and "has not run their code yet" in brief
    assert "```cpp" in brief and "std::cin" in brief  # the reference in the student's language
    assert "input\n```\n3\n1\n2\n3\n```" in brief  # the sample's stdin
    assert "- `one-negative`: a single negative number" in brief
    assert "-5" not in brief  # a hidden test's data
