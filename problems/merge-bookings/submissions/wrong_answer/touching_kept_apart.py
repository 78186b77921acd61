# Mistake: merges only when the next booking starts strictly before the block ends, so
# bookings that touch ([1, 3] and [3, 5]) stay apart.
def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for start, end in sorted(bookings):
        if blocks and start < blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], end)
        else:
            blocks.append([start, end])
    return blocks
