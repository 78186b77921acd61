import heapq
from operator import itemgetter


def min_rooms(meetings: list[list[int]]) -> int:
    # the end times of the rooms in use, earliest on top
    busy_until: list[int] = []
    for start, end in sorted(meetings, key=itemgetter(0)):
        if busy_until and busy_until[0] <= start:
            heapq.heapreplace(busy_until, end)
        else:
            heapq.heappush(busy_until, end)
    return len(busy_until)
