# Correct but slow: the busiest moment is some meeting's start, so count the meetings
# running at every start: about n * n checks.
def min_rooms(meetings: list[list[int]]) -> int:
    most = 0
    for moment, _ in meetings:
        running = 0
        for start, end in meetings:
            if start <= moment < end:
                running += 1
        most = max(most, running)
    return most
