"""Mistake: visits capacities from the bottom up, so a thing can be packed again and again."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    best = [0] * (limit + 1)
    for i in range(n):
        weight, worth = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        for cap in range(weight, limit + 1):
            if best[cap - weight] + worth > best[cap]:
                best[cap] = best[cap - weight] + worth
    print(best[limit])


main()
