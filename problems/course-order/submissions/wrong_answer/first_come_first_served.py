"""Mistake: a plain queue takes ready courses in the order they became ready, not smallest first."""

from collections import deque


def course_order(n: int, prereqs: list[list[int]]) -> list[int]:
    unlocks: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in prereqs:
        unlocks[b].append(a)
        waiting[a] += 1
    ready = deque(c for c in range(n) if waiting[c] == 0)
    order = []
    while ready:
        course = ready.popleft()
        order.append(course)
        for nxt in unlocks[course]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return order if len(order) == n else []
