# Mistake: a room is reused only when its meeting ended strictly before the new one starts,
# so back-to-back meetings get separate rooms.
import heapq


def min_rooms(meetings: list[list[int]]) -> int:
    busy_until: list[int] = []
    for start, end in sorted(meetings):
        if busy_until and busy_until[0] < start:
            heapq.heapreplace(busy_until, end)
        else:
            heapq.heappush(busy_until, end)
    return len(busy_until)
