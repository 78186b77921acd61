# Correct but slow: compares each booking with every block built so far and absorbs the
# ones it overlaps or touches, about n * (number of blocks) comparisons.
def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for start, end in bookings:
        kept = []
        for block in blocks:
            if block[0] <= end and start <= block[1]:
                start, end = min(start, block[0]), max(end, block[1])
            else:
                kept.append(block)
        kept.append([start, end])
        blocks = kept
    return sorted(blocks)
