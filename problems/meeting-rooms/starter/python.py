def min_rooms(meetings: list[list[int]]) -> int:
    """Return the fewest rooms that host every meeting; [start, end) each, end exclusive.

    meetings: 0 to 50,000 pairs [start, end] with 0 <= start < end <= 10**9, in any order.
    """
    # TODO: write your solution here
    pass
