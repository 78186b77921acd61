# Mistake: when merging, takes the new booking's end as the block's end, so a booking
# inside a longer one cuts the block short ([9, 12] and [10, 11] give [9, 11]).
def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for start, end in sorted(bookings):
        if blocks and start <= blocks[-1][1]:
            blocks[-1][1] = end
        else:
            blocks.append([start, end])
    return blocks
