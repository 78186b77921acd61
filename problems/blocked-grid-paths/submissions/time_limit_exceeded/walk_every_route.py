"""Too slow: walks every route one by one; an open grid has exponentially many."""

MOD = 1_000_000_007


def grid_paths(grid: list[str]) -> int:
    rows, cols = len(grid), len(grid[0])

    def walk(r: int, c: int) -> int:
        if r >= rows or c >= cols or grid[r][c] == "#":
            return 0
        if r == rows - 1 and c == cols - 1:
            return 1
        return walk(r + 1, c) + walk(r, c + 1)

    return walk(0, 0) % MOD
