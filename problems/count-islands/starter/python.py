def count_islands(grid: list[str]) -> int:
    """Return how many islands (groups of '#' joined through their sides) grid holds.

    grid: 0 to 400 rows of equal length (0 to 400), each character '#' (land) or '.' (water).
    """
    # TODO: write your solution here
    pass
