from operator import itemgetter


def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for start, end in sorted(bookings, key=itemgetter(0)):
        if blocks and start <= blocks[-1][1]:
            if end > blocks[-1][1]:
                blocks[-1][1] = end
        else:
            blocks.append([start, end])
    return blocks
