# Mistake: compares each meeting only with the one just before it in start order, not
# with the room that frees up first, and opens a new room whenever they clash.
def min_rooms(meetings: list[list[int]]) -> int:
    ordered = sorted(meetings)
    rooms = 1 if ordered else 0
    for k in range(1, len(ordered)):
        if ordered[k][0] < ordered[k - 1][1]:
            rooms += 1
    return rooms
