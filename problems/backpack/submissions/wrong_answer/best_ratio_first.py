"""Mistake: greedy by worth per gram; a thing that fits well can be worth more than two
"efficient" ones that leave space unused."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    things = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]
    things.sort(key=lambda t: t[1] / t[0] if t[0] else float("inf"), reverse=True)
    room, total = limit, 0
    for weight, worth in things:
        if weight <= room:
            room -= weight
            total += worth
    print(total)


main()
