"""Cheapest route: the least total toll from town 1 to every town."""

import sys


def cheapest(n: int, roads: list[tuple[int, int, int]]) -> list[int]:
    """Return, for towns 1..n in order, the least toll from town 1, or -1 if unreachable.

    Each road is (u, v, w): one-way from u to v with toll w.
    """
    # TODO: your solution here.
    return []


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    numbers = [int(token) for token in data[2 : 2 + 3 * m]]
    roads = [(numbers[3 * i], numbers[3 * i + 1], numbers[3 * i + 2]) for i in range(m)]
    print(" ".join(str(cost) for cost in cheapest(n, roads)))


main()
