"""Paths around the roadworks: count right/down routes that avoid closed cells."""


def grid_paths(grid: list[str]) -> int:
    """Return the number of right/down routes from the top-left to the bottom-right cell
    through '.' cells only, modulo 1_000_000_007."""
    # TODO: your solution here.
    pass
