"""Too slow: tries taking or leaving each thing in turn, up to 2^n selections."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    things = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]

    def best(i: int, room: int) -> int:
        if i == n:
            return 0
        weight, worth = things[i]
        leave = best(i + 1, room)
        if weight <= room:
            return max(leave, worth + best(i + 1, room - weight))
        return leave

    print(best(0, limit))


main()
