def merge_bookings(bookings: list[list[int]]) -> list[list[int]]:
    """Merge bookings that overlap or touch; return the blocks sorted by start.

    bookings: 0 to 50,000 pairs [start, end] with 0 <= start <= end <= 10**9, in any order.
    """
    # TODO: write your solution here
    pass
