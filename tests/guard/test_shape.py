"""The shape of a solution: a complete definition of the entry point in any language, or a whole
program — and the blanks that make a skeleton something else."""

from __future__ import annotations

import pytest

from tutor.core.guard.shape import function_shape, has_blanks, names_of, program_shape

PYTHON = """def pair_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
"""
CPP = """// it's the classic one
vector<int> pairSum(vector<int>& nums, int target) {
    unordered_map<int, int> seen;  // don't forget: "}" in a string
    for (int i = 0; i < (int)nums.size(); ++i) {
        if (seen.count(target - nums[i])) return {seen[target - nums[i]], i};
        seen[nums[i]] = i;
    }
    return {};
}
"""
GO = """func pairSum(nums []int, target int) []int {
	seen := map[int]int{}
	for i, x := range nums {
		if j, ok := seen[target-x]; ok {
			return []int{j, i}
		}
		seen[x] = i
	}
	return nil
}
"""


def test_any_spelling_of_the_entry_point() -> None:
    assert names_of("pair_sum") == {"pair_sum", "pairSum", "PairSum"}
    assert names_of("pairSum") == {"pairSum", "pair_sum", "PairSum"}


@pytest.mark.parametrize(
    ("code", "language"),
    [(PYTHON, "python"), (CPP, "cpp"), (GO, "go"), (PYTHON.replace("pair_sum", "PairSum"), None)],
)
def test_a_complete_definition_in_any_language(code: str, language: str | None) -> None:
    found = function_shape(code, language, "pair_sum")
    assert found.complete, found.what
    assert "pair_sum" in found.what


@pytest.mark.parametrize(
    ("code", "language", "why"),
    [
        (PYTHON.replace("        seen[x] = i", "        ..."), "python", "blanks"),
        ("def pair_sum(nums, target):\n    pass\n", "python", "blanks"),
        ("def pair_sum(nums, target):\n    # TODO: your code\n    return []\n", "python", "blanks"),
        (PYTHON.replace("target - x in seen", "<조건>"), "python", "blanks"),
        (CPP.rsplit("}", 1)[0], "cpp", "cut off"),
        ("if (pairSum(a, t).size() > 0) {\n  return 1;\n}\n", "cpp", "no definition"),
        ("x = pair_sum([1, 2], 3)\nprint(x)\n", "python", "no definition"),
        ("def pair_sum(nums, target):\n    print(nums)\n", "python", "no real body"),
    ],
)
def test_not_a_complete_definition(code: str, language: str, why: str) -> None:
    found = function_shape(code, language, "pair_sum")
    assert not found.complete and why in found.what


def test_type_arguments_and_comparisons_are_not_blanks() -> None:
    assert not has_blanks("vector<long long> dp(n + 1);", "cpp")
    assert not has_blanks("if a < b and c > d:\n    todo = []", "python")
    assert not has_blanks("const all = [...nums, ...more];", "javascript")
    assert has_blanks("while <your condition>:", "python")


PROGRAM = """import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
total = 0
for i in range(n):
    total += int(data[2 + i])
best = total
while m > 0:
    m -= 1
print(best)
"""


def test_a_whole_program_reads_loops_and_prints() -> None:
    assert program_shape(PROGRAM, "python").complete
    reading = "n, m = map(int, input().split())\ngrid = [input() for _ in range(n)]\nprint(n)\n"
    assert not program_shape(reading, "python").complete  # how to read input: too short
    assert not program_shape(PROGRAM.replace("total += ", "total += ___ + "), "python").complete
    assert not program_shape("int x;\ncin >> x;\nfor(;;){}\ncout << x;", "cpp").complete
