"""Packing for the trail: 0/1 knapsack over capacities, each capacity visited from the top down
so that every thing is used at most once."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    best = [0] * (limit + 1)  # best[c]: the best worth within c grams, using the things so far
    for i in range(n):
        weight, worth = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        for cap in range(limit, weight - 1, -1):
            taken = best[cap - weight] + worth
            if taken > best[cap]:
                best[cap] = taken
    print(best[limit])


main()
