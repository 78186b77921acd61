"""Comparing answers: deep equality, float tolerance (Kattis's rule), unordered lists, tokens."""

from __future__ import annotations

import pytest

from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Limits,
    UnknownLanguage,
    Verdict,
    language_of,
    run_function,
)
from tutor.core.practice.runner.compare import output_difference, same
from tutor.core.practice.runner.values import Opaque, SetOf, show

EXACT = Compare()


@pytest.mark.parametrize(
    ("got", "expected", "equal"),
    [
        ((0, 1), [0, 1], True),  # tuples equal lists
        ([[1, 2], (3,)], [[1, 2], [3]], True),
        (2.0, 2, True),
        (True, 1, False),  # a boolean is not a number
        (1, True, False),
        ("1", 1, False),
        ({"a": [1, 2]}, {"a": (1, 2)}, True),
        ({"a": 1}, {"a": 1, "b": 2}, False),
        ([1, 2], [2, 1], False),
        (None, None, True),
        (None, [], False),
        (Opaque("<object>", "object"), "<object>", False),
    ],
)
def test_deep_equality(got: object, expected: object, equal: bool) -> None:
    assert same(got, expected, EXACT) is equal


def test_float_tolerance_is_absolute_or_relative() -> None:
    tolerance = Compare(float_tolerance=1e-6)
    assert same(0.1 + 0.2, 0.3, tolerance)
    assert not same(0.1 + 0.2, 0.3, EXACT)
    assert same(1_000_000.5, 1_000_000.0, tolerance)  # relative: 0.5 ≤ 1e-6 × 1e6
    assert not same(1_000_002.0, 1_000_000.0, tolerance)
    assert same(1e-7, 0.0, tolerance)  # absolute near zero
    assert not same(1e-5, 0.0, tolerance)
    assert same([0.30000001, [1.0]], [0.3, [1]], Compare(float_tolerance=1e-6))


def test_unordered_lets_the_top_level_list_come_in_any_order() -> None:
    unordered = Compare(unordered=True)
    assert same([[2, 3], [0, 1]], [[0, 1], [2, 3]], unordered)
    assert not same([[3, 2], [0, 1]], [[0, 1], [2, 3]], unordered)  # inner order still counts
    assert not same([1, 1, 2], [1, 2, 2], unordered)  # counts matter
    assert same(SetOf((3, 1, 2)), [1, 2, 3], unordered)
    assert not same(SetOf((3, 1, 2)), [1, 2, 3], EXACT)
    assert same(SetOf((3, 1, 2)), {1, 2, 3}, EXACT)
    assert same([0.5000001, 0.25], [0.25, 0.5], Compare(unordered=True, float_tolerance=1e-6))


def test_unordered_through_a_real_run() -> None:
    source = "def pairs():\n    return [(2, 3), (0, 1)]\n"
    cases = [FunctionCase("any-order", [], [[0, 1], [2, 3]])]
    [ordered] = run_function(source, "python", "pairs", cases, Limits(), EXACT).results
    [loose] = run_function(
        source, "python", "pairs", cases, Limits(), Compare(unordered=True)
    ).results
    assert ordered.verdict is Verdict.WRONG_ANSWER
    assert loose.verdict is Verdict.PASSED
    assert loose.got == "[(2, 3), (0, 1)]"


def test_output_tokens_ignore_whitespace_and_case_unless_asked() -> None:
    assert output_difference(b"Yes\n 1   2\n\n", b"yes 1 2", EXACT) is None
    assert output_difference(b"Yes", b"yes", Compare(case_sensitive=True)) == (
        "line 1, token 1: expected 'yes', got 'Yes'"
    )
    assert output_difference(b"1\n2\n4\n", b"1 2 3", EXACT) == (
        "line 3, token 3: expected '3', got '4'"
    )
    assert output_difference(b"1 2", b"1 2 3", EXACT) == (
        "the output stops after 2 tokens; next expected '3'"
    )
    assert output_difference(b"", b"7", EXACT) == "no output; expected '7' first"
    assert output_difference(b"1 2 3\n9", b"1 2 3", EXACT) == (
        "extra output after the answer: '9' on line 2"
    )


def test_output_numbers_within_the_tolerance() -> None:
    tolerance = Compare(float_tolerance=1e-3)
    assert output_difference(b"3.1416 2.71828", b"3.14159 2.718", tolerance) is None
    assert output_difference(b"3.15", b"3.14159", tolerance) == (
        "line 1, token 1: expected '3.14159', got '3.15'"
    )
    assert output_difference(b"pi", b"3.14159", tolerance) is not None


def test_values_are_shown_as_the_students_language_writes_them() -> None:
    value = [None, True, 1.5, "a", {"k": (1,)}]
    assert show(value, "python") == "[None, True, 1.5, 'a', {'k': (1,)}]"
    assert show(value, "javascript") == '[null, true, 1.5, "a", {"k": [1]}]'
    assert show(2.0, "javascript") == "2"
    assert show("x" * 5000, "python").endswith("… (1002 more characters)")


@pytest.mark.parametrize(
    ("given", "language"),
    [("a.py", "python"), (".cc", "cpp"), ("Main.java", "java"), ("js", "javascript"),
     ("x/y/main.rs", "rust"), ("go", "go"), ("C++", "cpp")],
)  # fmt: skip
def test_language_of_names_and_extensions(given: str, language: str) -> None:
    assert language_of(given) == language


def test_an_unknown_extension_is_one_clear_line() -> None:
    with pytest.raises(UnknownLanguage) as caught:
        language_of("solution.kt")
    assert str(caught.value) == (
        "cannot tell the language of 'solution.kt' — use a file ending in one of"
        " .cc, .cjs, .cpp, .cxx, .go, .java, .js, .py, .rs"
    )
