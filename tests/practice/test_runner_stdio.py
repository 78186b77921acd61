"""Stdio tests in every language present: a small problem passed, a wrong answer, a runtime
error with the student's line, compile errors with theirs."""

from __future__ import annotations

import pytest

from tutor.core.practice.runner import (
    Compare,
    Limits,
    StdioCase,
    Verdict,
    languages,
    run_stdio,
)

# Each reads a divisor and numbers, prints their sum divided by the divisor; a divisor of 0
# divides by zero on the line named in ERROR_LINE.
SUM = {
    "python": ("d, *xs = map(int, open(0).read().split())\ntotal = sum(xs)\nprint(total // d)\n"),
    "javascript": (
        "const text = require('fs').readFileSync(0, 'utf8');\n"
        "const [d, ...xs] = text.trim().split(/\\s+/).map(BigInt);\n"
        "const total = xs.reduce((a, b) => a + b, 0n);\n"
        "console.log(String(total / d));\n"
    ),
    "cpp": (
        "#include <iostream>\n"
        "int main() {\n"
        "    long long d, x, total = 0; std::cin >> d;\n"
        "    while (std::cin >> x) total += x;\n"
        '    if (d == 0) throw std::runtime_error("divisor is zero");\n'
        '    std::cout << total / d << "\\n";\n'
        "}\n"
    ),
    "java": (
        "import java.util.*;\n"
        "public class Sum {\n"
        "    public static void main(String[] args) {\n"
        "        Scanner in = new Scanner(System.in);\n"
        "        long d = in.nextLong(), total = 0;\n"
        "        while (in.hasNextLong()) total += in.nextLong();\n"
        "        System.out.println(total / d);\n"
        "    }\n"
        "}\n"
    ),
    "rust": (
        "use std::io::Read;\n"
        "fn main() {\n"
        "    let mut s = String::new();\n"
        "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
        "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
        "    let total: i64 = v[1..].iter().sum();\n"
        '    println!("{}", total / v[0]);\n'
        "}\n"
    ),
    "go": (
        "package main\n"
        'import "fmt"\n'
        "func main() {\n"
        "    var d, x, total int64\n"
        "    fmt.Scan(&d)\n"
        "    for { if _, err := fmt.Scan(&x); err != nil { break }; total += x }\n"
        "    fmt.Println(total / d)\n"
        "}\n"
    ),
}
ERROR = {
    "python": ("ZeroDivisionError: integer division or modulo by zero", 3),
    "javascript": ("RangeError: Division by zero", 4),
    "cpp": ("std::runtime_error: divisor is zero", None),  # no line: no debug information
    "java": ("java.lang.ArithmeticException: / by zero", 7),
    "rust": ("attempt to divide by zero", 7),
    "go": ("panic: runtime error: integer divide by zero", 7),
}
CASES = [
    StdioCase("sample", b"1\n1 2 3\n", b"6\n"),
    StdioCase("halves", b"2 10 10 1\n", b"99\n"),  # wrong on purpose: 21 // 2 = 10
    StdioCase("zero", b"0 5\n", b"0\n"),
]


def available(language: str) -> None:
    chain = languages()[language]
    if not chain.available:
        pytest.skip(str(chain.missing))


@pytest.mark.parametrize("language", sorted(SUM))
def test_a_small_problem_in_each_language(language: str) -> None:
    available(language)
    result = run_stdio(SUM[language], language, CASES, Limits(time_limit=2.0), Compare())
    sample, halves, zero = result.results
    assert result.compile_error is None and result.language == language
    assert sample.verdict is Verdict.PASSED, sample
    assert sample.got == "6\n" and sample.expected == "6\n"
    assert halves.verdict is Verdict.WRONG_ANSWER
    assert halves.message == "line 1, token 1: expected '99', got '10'"
    assert zero.verdict is Verdict.RUNTIME_ERROR
    assert (zero.message, zero.line) == ERROR[language]


COMPILE_ERRORS = {
    "cpp": (
        "#include <iostream>\nint main() {\n    int a = 1\n    std::cout << a;\n}\n",
        ["solution.cpp:4:5: error: expected ‘,’ or ‘;’ before ‘std’"],
    ),
    "java": (
        "public class Main {\n    public static void main(String[] a) {\n"
        '        int x = "text";\n        System.out.println(y);\n    }\n}\n',
        [
            "Main.java:3: error: incompatible types: String cannot be converted to int",
            "Main.java:4: error: cannot find symbol",
        ],
    ),
    "rust": (
        'fn main() {\n    let x: i32 = "a";\n}\n',
        ["error[E0308]: mismatched types", " --> solution.rs:2:18"],
    ),
}


@pytest.mark.parametrize("language", sorted(COMPILE_ERRORS))
def test_compile_errors_give_the_first_errors_with_line_numbers(language: str) -> None:
    available(language)
    source, lines = COMPILE_ERRORS[language]
    result = run_stdio(source, language, CASES[:2], Limits(), Compare())
    assert [r.verdict for r in result.results] == [Verdict.COMPILE_ERROR] * 2
    error = str(result.compile_error)
    for line in lines:
        assert line in error.splitlines()
    assert "tutor-run-" not in error  # the temporary folder's path is removed
    assert result.results[0].message == error


def test_many_compile_errors_are_cut_to_the_first_few() -> None:
    available("cpp")
    body = "".join(f"    int v{i} = undefined_{i};\n" for i in range(30))
    result = run_stdio("int main() {\n" + body + "}\n", "cpp", CASES[:1], Limits(), Compare())
    error = str(result.compile_error)
    assert "undefined_0" in error and "undefined_2" in error
    assert "undefined_3" not in error


def test_stdio_comparison_options() -> None:
    source = "print('YES 3.14159')\nprint('done')\n"
    answer = StdioCase("answer", b"", b"yes\n3.1416 done")
    loose = run_stdio(source, "python", [answer], Limits(), Compare(float_tolerance=1e-4))
    assert loose.results[0].verdict is Verdict.PASSED
    strict_case = run_stdio(
        source, "python", [answer], Limits(), Compare(float_tolerance=1e-4, case_sensitive=True)
    )
    assert strict_case.results[0].message == "line 1, token 1: expected 'yes', got 'YES'"
    exact = run_stdio(source, "python", [answer], Limits(), Compare())
    assert exact.results[0].message == "line 1, token 2: expected '3.1416', got '3.14159'"
