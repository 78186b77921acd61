"""Exact change: every distinct combination of coins that adds up to the target."""


def combinations_to(candidates: list[int], target: int) -> list[list[int]]:
    """Return every distinct combination of candidates (each used at most once) summing to
    target; each combination sorted ascending, and the list of them sorted."""
    # TODO: your solution here.
    pass
