"""Too slow: Dijkstra without a heap; every step scans all towns for the nearest unfinished one."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    roads: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    pos = 2
    for _ in range(m):
        u, v, w = int(data[pos]), int(data[pos + 1]), int(data[pos + 2])
        pos += 3
        roads[u].append((v, w))
    best = [-1] * (n + 1)
    best[1] = 0
    done = [False] * (n + 1)
    for _ in range(n):
        town = -1
        for t in range(1, n + 1):
            if not done[t] and best[t] != -1 and (town == -1 or best[t] < best[town]):
                town = t
        if town == -1:
            break
        done[town] = True
        for nxt, toll in roads[town]:
            if best[nxt] == -1 or best[town] + toll < best[nxt]:
                best[nxt] = best[town] + toll
    print(" ".join(map(str, best[1:])))


main()
