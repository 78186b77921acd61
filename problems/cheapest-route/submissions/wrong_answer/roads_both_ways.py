"""Mistake: treats every one-way road as a two-way road."""

import heapq
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
        roads[v].append((u, w))
    best = [-1] * (n + 1)
    best[1] = 0
    todo = [(0, 1)]
    while todo:
        cost, town = heapq.heappop(todo)
        if cost > best[town]:
            continue
        for nxt, toll in roads[town]:
            if best[nxt] == -1 or cost + toll < best[nxt]:
                best[nxt] = cost + toll
                heapq.heappush(todo, (cost + toll, nxt))
    print(" ".join(map(str, best[1:])))


main()
