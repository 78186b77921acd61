"""Friend groups: answer YES or NO for each question "are x and y in the same group?"."""

import sys


def answer(
    n: int, friendships: list[tuple[int, int]], questions: list[tuple[int, int]]
) -> list[str]:
    """Return "YES" or "NO" for each question, in order; residents are numbered 1..n."""
    # TODO: your solution here.
    return []


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    numbers = [int(token) for token in data[3:]]
    pairs = [(numbers[2 * i], numbers[2 * i + 1]) for i in range(m + q)]
    lines = answer(n, pairs[:m], pairs[m:])
    sys.stdout.write("".join(line + "\n" for line in lines))


main()
