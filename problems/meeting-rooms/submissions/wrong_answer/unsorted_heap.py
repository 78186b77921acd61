# Mistake: the right room-reuse rule, but applied in the order the meetings were listed
# instead of by start time.
import heapq


def min_rooms(meetings: list[list[int]]) -> int:
    busy_until: list[int] = []
    for start, end in meetings:
        if busy_until and busy_until[0] <= start:
            heapq.heapreplace(busy_until, end)
        else:
            heapq.heappush(busy_until, end)
    return len(busy_until)
