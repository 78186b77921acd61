"""Mistake: only direct friendships count; friends of friends are missed."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    m, q = int(data[1]), int(data[2])
    pairs = set()
    pos = 3
    for _ in range(m):
        a, b = int(data[pos]), int(data[pos + 1])
        pos += 2
        pairs.add((a, b))
        pairs.add((b, a))
    out = []
    for _ in range(q):
        x, y = int(data[pos]), int(data[pos + 1])
        pos += 2
        out.append("YES" if x == y or (x, y) in pairs else "NO")
    sys.stdout.write("\n".join(out) + "\n")


main()
