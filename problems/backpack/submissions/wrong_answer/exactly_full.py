"""Mistake: only counts selections that weigh exactly W, as if the backpack had to be full."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    best: list[int | None] = [None] * (limit + 1)
    best[0] = 0
    for i in range(n):
        weight, worth = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        for cap in range(limit, weight - 1, -1):
            before, current = best[cap - weight], best[cap]
            if before is not None and (current is None or before + worth > current):
                best[cap] = before + worth
    print(best[limit] if best[limit] is not None else 0)


main()
