"""Too slow: relaxes every road again and again until nothing changes (Bellman-Ford, up to n·m)."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    roads = []
    pos = 2
    for _ in range(m):
        roads.append((int(data[pos]), int(data[pos + 1]), int(data[pos + 2])))
        pos += 3
    best = [-1] * (n + 1)
    best[1] = 0
    changed = True
    while changed:
        changed = False
        for u, v, w in roads:
            if best[u] != -1 and (best[v] == -1 or best[u] + w < best[v]):
                best[v] = best[u] + w
                changed = True
    print(" ".join(map(str, best[1:])))


main()
