"""Packing for the trail: the best total worth that fits in the backpack."""

import sys


def best_worth(limit: int, things: list[tuple[int, int]]) -> int:
    """Return the largest total worth of things (weight, worth) with total weight <= limit;
    each thing can be taken at most once."""
    # TODO: your solution here.
    return 0


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    numbers = [int(token) for token in data[2 : 2 + 2 * n]]
    things = [(numbers[2 * i], numbers[2 * i + 1]) for i in range(n)]
    print(best_worth(limit, things))


main()
