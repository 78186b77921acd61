"""Function tests through the runner: Python and JavaScript, verdicts, messages, lines."""

from __future__ import annotations

import pytest

from tutor.core.practice.runner import (
    Compare,
    FunctionCase,
    Limits,
    RunnerError,
    Verdict,
    languages,
    run_function,
)

LIMITS = Limits(time_limit=1.0)
needs_node = pytest.mark.skipif(
    not languages()["javascript"].available, reason=str(languages()["javascript"].missing)
)

PAIR_SUM = """
def pair_sum(numbers, target):
    print("looking for", target)
    seen = {}
    for i, n in enumerate(numbers):
        if target - n in seen:
            return (seen[target - n], i)
        seen[n] = i
    return None
"""


def case(name: str, args: list, expected: object) -> FunctionCase:
    return FunctionCase(name, args, expected)


def test_python_passes_and_fails_per_case_with_what_each_printed() -> None:
    cases = [
        case("first", [[2, 7, 11, 15], 9], [0, 1]),
        case("wrong-on-purpose", [[3, 3], 6], [1, 0]),
        case("none", [[1], 5], None),
    ]
    result = run_function(PAIR_SUM, "python", "pair_sum", cases, LIMITS, Compare())
    assert [r.verdict for r in result.results] == [
        Verdict.PASSED,
        Verdict.WRONG_ANSWER,
        Verdict.PASSED,
    ]
    first, wrong, _ = result.results
    assert first.got == "(0, 1)" and first.expected == "[0, 1]"  # a tuple equals a list
    assert wrong.got == "(0, 1)" and wrong.expected == "[1, 0]"
    assert [r.printed for r in result.results] == [
        "looking for 9\n",
        "looking for 6\n",
        "looking for 5\n",
    ]
    assert result.passed == 2 and result.total == 3 and not result.all_passed
    assert result.language == "python"


def test_a_runtime_error_carries_its_last_line_and_the_students_line() -> None:
    source = "def f(x):\n    y = 10\n    return y // x\n"
    result = run_function(source, "py", "f", [case("zero", [0], 1)], LIMITS, Compare())
    [r] = result.results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert r.message == "ZeroDivisionError: integer division or modulo by zero"
    assert r.line == 3


def test_wrong_arity_points_at_the_functions_own_line() -> None:
    source = "\n\ndef f(a):\n    return a\n"
    [r] = run_function(source, "python", "f", [case("two", [1, 2], 1)], LIMITS, Compare()).results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert "takes 1 positional argument but 2 were given" in str(r.message)
    assert r.line == 3


def test_arguments_are_fresh_for_every_case() -> None:
    source = "def grow(xs):\n    xs.append(0)\n    return len(xs)\n"
    shared = [1, 2]
    cases = [case("a", [shared], 3), case("b", [shared], 3)]
    result = run_function(source, "python", "grow", cases, LIMITS, Compare())
    assert [r.verdict for r in result.results] == [Verdict.PASSED, Verdict.PASSED]
    assert shared == [1, 2]


def test_sys_exit_in_the_function_is_a_clear_runtime_error_and_later_cases_still_run() -> None:
    source = "import sys\ndef f(x):\n    if x:\n        sys.exit(3)\n    return 1\n"
    cases = [case("exits", [1], 1), case("returns", [0], 1)]
    exits, returns = run_function(source, "python", "f", cases, LIMITS, Compare()).results
    assert exits.verdict is Verdict.RUNTIME_ERROR
    assert exits.message == (
        "called sys.exit(3) — a function returns its answer instead of ending the program"
    )
    assert exits.line == 4
    assert returns.verdict is Verdict.PASSED


def test_os_exit_ends_the_child_and_the_next_cases_run_in_a_fresh_one() -> None:
    source = "import os\ndef f(x):\n    if x == 2:\n        os._exit(0)\n    return x\n"
    cases = [case(f"c{i}", [i], i) for i in range(1, 5)]
    result = run_function(source, "python", "f", cases, LIMITS, Compare())
    verdicts = [r.verdict for r in result.results]
    assert verdicts == [Verdict.PASSED, Verdict.RUNTIME_ERROR, Verdict.PASSED, Verdict.PASSED]
    assert result.results[1].message == (
        "the program ended in the middle of this test (exit status 0)"
        " — a function returns its answer instead of ending the program"
    )


def test_reading_stdin_that_is_not_there() -> None:
    source = "def f():\n    line = input()\n    return line\n"
    [r] = run_function(source, "python", "f", [case("reads", [], "x")], LIMITS, Compare()).results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert r.message == "EOFError: EOF when reading a line"
    assert r.line == 2


def test_deep_recursion_is_a_recursion_error_and_allowed_depth_works() -> None:
    source = (
        "import sys\n"
        "def depth(n, raise_limit):\n"
        "    if raise_limit:\n"
        "        sys.setrecursionlimit(10**6)\n"
        "    return 0 if n == 0 else 1 + depth(n - 1, False)\n"
    )
    cases = [case("too-deep", [100_000, False], 100_000), case("allowed", [100_000, True], 100_000)]
    too_deep, allowed = run_function(source, "python", "depth", cases, LIMITS, Compare()).results
    assert too_deep.verdict is Verdict.RUNTIME_ERROR
    assert str(too_deep.message).startswith("RecursionError: maximum recursion depth exceeded")
    assert too_deep.line == 5
    assert allowed.verdict is Verdict.PASSED


def test_an_error_while_loading_the_file_is_said_for_every_case() -> None:
    source = "def f(x):\n    return x\n\nprint(1 +)\n"
    result = run_function(
        source, "python", "f", [case("a", [1], 1), case("b", [2], 2)], LIMITS, Compare()
    )
    for r in result.results:
        assert r.verdict is Verdict.RUNTIME_ERROR
        assert r.message == "while loading your file: SyntaxError: invalid syntax"
        assert r.line == 4


def test_sys_exit_at_the_top_of_the_file() -> None:
    source = "import sys\nsys.exit()\ndef f():\n    return 1\n"
    [r] = run_function(source, "python", "f", [case("a", [], 1)], LIMITS, Compare()).results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert r.message == (
        "while loading your file: called sys.exit()"
        " — a function returns its answer instead of ending the program"
    )
    assert r.line == 2


def test_a_missing_entry_point_names_what_the_file_defines() -> None:
    source = "def pairsum(a):\n    return a\n\ndef helper():\n    pass\n"
    [r] = run_function(source, "python", "pair_sum", [case("a", [1], 1)], LIMITS, Compare()).results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert r.message == "your file has no function named pair_sum (it defines helper, pairsum)"


def test_a_method_of_class_solution_is_found() -> None:
    source = "class Solution:\n    def twice(self, x):\n        return 2 * x\n"
    [r] = run_function(source, "python", "twice", [case("a", [4], 8)], LIMITS, Compare()).results
    assert r.verdict is Verdict.PASSED


def test_values_that_are_not_plain_data_are_shown_and_wrong() -> None:
    source = "def f():\n    return (x for x in range(3))\n"
    [r] = run_function(
        source, "python", "f", [case("gen", [], [0, 1, 2])], LIMITS, Compare()
    ).results
    assert r.verdict is Verdict.WRONG_ANSWER
    assert str(r.got).startswith("<generator object f.<locals>.<genexpr> at 0x")


def test_returned_sets_dicts_and_big_numbers_come_back_whole() -> None:
    source = (
        "def f(kind):\n"
        "    if kind == 'set':\n        return {3, 1, 2}\n"
        "    if kind == 'dict':\n        return {1: 'a', (2, 3): [4]}\n"
        "    return 3 ** 10000\n"
    )
    cases = [
        case("set", ["set"], {1, 2, 3}),
        case("dict", ["dict"], {1: "a", (2, 3): [4]}),
        case("big", ["big"], 3**10000),
    ]
    result = run_function(source, "python", "f", cases, LIMITS, Compare())
    assert [r.verdict for r in result.results] == [Verdict.PASSED] * 3


def test_stdio_only_languages_cannot_run_function_tests() -> None:
    with pytest.raises(RunnerError) as caught:
        run_function("int main(){}", "cpp", "f", [case("a", [], 0)], LIMITS, Compare())
    assert str(caught.value) == "function tests run in Python or JavaScript, not cpp"


JS_PAIR_SUM = """
function pairSum(numbers, target) {
  console.log('looking for', target);
  const seen = new Map();
  for (let i = 0; i < numbers.length; i++) {
    if (seen.has(target - numbers[i])) return [seen.get(target - numbers[i]), i];
    seen.set(numbers[i], i);
  }
  return null.found;
}
module.exports = { pairSum };
"""


@needs_node
def test_javascript_passes_fails_and_errs_with_the_students_line() -> None:
    cases = [
        case("first", [[2, 7, 11, 15], 9], [0, 1]),
        case("wrong", [[3, 3], 6], [1, 0]),
        case("none", [[1], 5], None),
    ]
    result = run_function(JS_PAIR_SUM, "javascript", "pairSum", cases, LIMITS, Compare())
    first, wrong, none = result.results
    assert first.verdict is Verdict.PASSED and first.got == "[0, 1]"
    assert wrong.verdict is Verdict.WRONG_ANSWER and wrong.expected == "[1, 0]"
    assert none.verdict is Verdict.RUNTIME_ERROR
    assert none.message == "TypeError: Cannot read properties of null (reading 'found')"
    assert none.line == 9
    assert [r.printed for r in result.results] == [
        "looking for 9\n",
        "looking for 6\n",
        "looking for 5\n",
    ]


@needs_node
def test_javascript_top_level_function_and_process_exit() -> None:
    source = "function f(x) {\n  if (x) process.exit(2);\n  return 'ok';\n}\n"
    cases = [case("exits", [1], "ok"), case("returns", [0], "ok")]
    exits, returns = run_function(source, "js", "f", cases, LIMITS, Compare()).results
    assert exits.verdict is Verdict.RUNTIME_ERROR
    assert exits.message == (
        "called process.exit(2) — a function returns its answer instead of ending the program"
    )
    assert exits.line == 2
    assert returns.verdict is Verdict.PASSED and returns.got == '"ok"'


@needs_node
def test_javascript_deep_recursion_and_a_missing_function() -> None:
    source = "function down(n) {\n  return down(n + 1);\n}\nmodule.exports = { down };\n"
    [r] = run_function(source, "javascript", "down", [case("a", [0], 0)], LIMITS, Compare()).results
    assert r.verdict is Verdict.RUNTIME_ERROR
    assert r.message == "RangeError: Maximum call stack size exceeded"
    assert r.line == 2
    [r] = run_function(source, "javascript", "up", [case("a", [0], 0)], LIMITS, Compare()).results
    assert r.message == "your file has no function named up (it defines down)"


def test_an_interpreter_of_another_release_gets_the_harness_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tutor.core.practice.runner import harness_code

    harness_code.python_bytecode.cache_clear()
    monkeypatch.setattr(harness_code, "_cache_tag", lambda python: "cpython-399")
    python = languages()["python"].programs["run"]
    assert harness_code.python_bytecode(python) is None  # so the text goes
    try:
        source = "import os\ndef f(x):\n    if x == 2:\n        os._exit(0)\n    return x\n"
        cases = [case(f"c{i}", [i], i) for i in range(1, 4)]
        result = run_function(source, "python", "f", cases, LIMITS, Compare())
    finally:
        harness_code.python_bytecode.cache_clear()
    verdicts = [r.verdict for r in result.results]
    assert verdicts == [Verdict.PASSED, Verdict.RUNTIME_ERROR, Verdict.PASSED]


def test_fake_reports_written_on_the_harness_channel_are_ignored() -> None:
    source = (
        "import os\n"
        "def f(x):\n"
        "    for fd in range(10, 40):\n"
        "        try:\n"
        '            os.write(fd, b\'{"e": "done", "i": 99, "ok": 1}\\n\')\n'
        '            os.write(fd, b\'{"e": "done", "i": 0, "ok": 1, "value": {"$int": "z"}}\\n\')\n'
        "        except OSError:\n"
        "            pass\n"
        "    return x\n"
    )
    cases = [case("a", [1], 1), case("b", [2], 2)]
    result = run_function(source, "python", "f", cases, LIMITS, Compare())
    assert [r.verdict for r in result.results] == [Verdict.PASSED, Verdict.PASSED]
