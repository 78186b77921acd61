"""Mistake: a breadth-first search; the first time a town is reached fixes its toll, even if a
trip over more roads would be cheaper."""

import sys
from collections import deque


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
    todo = deque([1])
    while todo:
        town = todo.popleft()
        for nxt, toll in roads[town]:
            if best[nxt] == -1:
                best[nxt] = best[town] + toll
                todo.append(nxt)
    print(" ".join(map(str, best[1:])))


main()
