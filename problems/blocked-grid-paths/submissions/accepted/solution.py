"""Paths around the roadworks: routes into a cell = routes from above + routes from the left."""

MOD = 1_000_000_007


def grid_paths(grid: list[str]) -> int:
    width = len(grid[0])
    ways = [0] * width  # ways[c]: routes into column c of the row being filled
    ways[0] = 1
    for line in grid:
        for c in range(width):
            if line[c] == "#":
                ways[c] = 0
            elif c > 0:
                ways[c] = (ways[c] + ways[c - 1]) % MOD
    return ways[-1]
