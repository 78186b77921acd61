"""Ways up the stairs: count the stride sequences that reach the top exactly."""


def stair_ways(n: int, steps: list[int]) -> int:
    """Return how many sequences of strides from steps add up to n, modulo 1_000_000_007."""
    # TODO: your solution here.
    pass
