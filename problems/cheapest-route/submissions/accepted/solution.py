"""Cheapest route: Dijkstra's algorithm with a binary heap, skipping stale heap entries."""

import heapq
import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    numbers = list(map(int, data[2 : 2 + 3 * m]))
    roads: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for u, v, w in zip(numbers[0::3], numbers[1::3], numbers[2::3], strict=True):
        roads[u].append((v, w))
    best = [-1] * (n + 1)
    best[1] = 0
    done = [False] * (n + 1)
    todo = [(0, 1)]
    while todo:
        cost, town = heapq.heappop(todo)
        if done[town]:
            continue
        done[town] = True
        for nxt, toll in roads[town]:
            total = cost + toll
            if best[nxt] == -1 or total < best[nxt]:
                best[nxt] = total
                heapq.heappush(todo, (total, nxt))
    print(" ".join(map(str, best[1:])))


main()
