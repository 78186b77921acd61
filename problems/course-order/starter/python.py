"""Course order: the order in which the school takes its courses."""


def course_order(n: int, prereqs: list[list[int]]) -> list[int]:
    """Return all n courses in the order taken (smallest ready course first), or [] if impossible.

    prereqs holds pairs [a, b]: course b must be finished before course a.
    """
    # TODO: your solution here.
    pass
