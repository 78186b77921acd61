"""Mistake: when a circle blocks some courses, returns the courses it could order instead of []."""

import heapq


def course_order(n: int, prereqs: list[list[int]]) -> list[int]:
    unlocks: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in prereqs:
        unlocks[b].append(a)
        waiting[a] += 1
    ready = [c for c in range(n) if waiting[c] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        course = heapq.heappop(ready)
        order.append(course)
        for nxt in unlocks[course]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, nxt)
    return order
