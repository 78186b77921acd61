"""The best stretch: the largest sum of a run of consecutive days."""


def best_stretch(nums: list[int]) -> int:
    """Return the largest sum of a non-empty run of consecutive elements of nums."""
    # TODO: your solution here.
    pass
