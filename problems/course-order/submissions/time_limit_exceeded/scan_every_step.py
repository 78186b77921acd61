"""Too slow: before each course, scans every course from 0 for the first ready one (n² steps)."""


def course_order(n: int, prereqs: list[list[int]]) -> list[int]:
    unlocks: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n
    for a, b in prereqs:
        unlocks[b].append(a)
        waiting[a] += 1
    taken = [False] * n
    order = []
    for _ in range(n):
        course = -1
        for c in range(n):
            if not taken[c] and waiting[c] == 0:
                course = c
                break
        if course == -1:
            return []
        taken[course] = True
        order.append(course)
        for nxt in unlocks[course]:
            waiting[nxt] -= 1
    return order
