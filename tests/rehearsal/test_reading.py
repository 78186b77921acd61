"""The rules assertions measure replies by: questions, code, words, language, the ending."""

from __future__ import annotations

import pytest

from tutor.core.rehearsal.reading import code_of, read

FENCE = "```"


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("What have you tried?", 1),
        ("What? Why? How?", 3),
        ("Really?? You think so?!", 2),  # a run of marks is one question
        ("정말요？ 왜 그렇게 생각해요？", 2),  # full-width marks
        (f"Look:\n{FENCE}python\nx = a if b else c  # why?\n{FENCE}\nWhat does it print?", 1),
        ("Is `x ?: y` valid here?", 1),  # inline code is not prose
        ("See https://example.com/search?q=two+sum — which case fails?", 1),  # URLs neither
        ("No question at all.", 0),
    ],
)
def test_questions_are_counted_in_prose_only(text: str, questions: int) -> None:
    assert read(text).questions == questions


def test_code_blocks_and_their_lines() -> None:
    text = (
        f"Two blocks:\n{FENCE}python\ndef f():\n\n    return 1\n{FENCE}\nthen\n"
        "~~~\nprint(2)\n~~~\nand an open one\n````js\nlet a = 1;\nlet b = 2;"
    )
    reading = read(text)
    assert [b.tag for b in reading.blocks] == ["python", "", "js"]
    assert [b.code_lines for b in reading.blocks] == [2, 1, 2]  # blank lines are not counted
    assert [b.closed for b in reading.blocks] == [True, True, False]
    assert reading.code_lines == 5
    assert "def f" not in reading.prose and "then" in reading.prose
    assert code_of(text)[0] == "def f():\n\n    return 1"


def test_a_longer_closing_fence_is_needed_for_a_longer_opening_one() -> None:
    text = f"````\n{FENCE}\nstill code\n````\nprose?"
    reading = read(text)
    assert len(reading.blocks) == 1 and reading.blocks[0].code_lines == 2
    assert reading.questions == 1 and reading.ends_with_question


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Which index comes first?", True),
        ("Which index comes first?  \n", True),
        ('He asked "which index?"', True),
        ("**What is n here?**", True),
        ("(what does it return for [5]?)", True),
        ("What is n? Think about it.", False),
        (f"What does this print?\n{FENCE}\nprint(1)\n{FENCE}", False),  # ends in code
        (f"What does this print?\n{FENCE}\nprint(1)", False),  # an open block too
    ],
)
def test_ends_with_question(text: str, ends: bool) -> None:
    assert read(text).ends_with_question is ends


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("One two three.", 3),
        ("One — two - three", 3),  # dashes alone are not words
        ("재귀 함수는 계속 자기 자신을 부르는데, 왜 끝나요?", 8),  # 어절, split by spaces
        (f"Two words\n{FENCE}\nmany words of code here\n{FENCE}", 2),
        ("Call `two_sum(nums, target)` first", 2),
    ],
)
def test_words_are_counted_in_prose(text: str, words: int) -> None:
    assert read(text).words == words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What have you tried so far?", "en"),
        ("지금까지 어떤 방법을 시도해 봤어요?", "ko"),
        # Korean prose about code stays Korean: code and inline code are not counted
        (
            f"이 코드에서 `nums[i] + nums[j]`를 보세요.\n{FENCE}python\n"
            "for i in range(len(nums)):\n    for j in range(len(nums)):\n        pass\n"
            f"{FENCE}\n두 반복문이 같은 쌍을 두 번 보나요?",
            "ko",
        ),
        # many English terms in Korean prose: still Korean
        ("해시 테이블(hash table)은 키(key)로 값(value)을 빠르게 찾는 자료 구조예요.", "ko"),
        # one Korean word quoted in English prose: English
        ("In Korean a recursive function is called '재귀 함수'. Which case stops it?", "en"),
    ],
)
def test_language_by_hangul_share(text: str, language: str) -> None:
    assert read(text).language == language


def test_a_reply_of_code_only_has_no_language() -> None:
    assert read(f"{FENCE}\n42\n{FENCE}").language is None
    assert read("123 + 456 = ?").language is None
