# Mistake: counts land squares with water (or the edge) above and to the left, as if each
# island had exactly one such top-left corner; a U-shaped island has two.
def count_islands(grid: list[str]) -> int:
    count = 0
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch != "#":
                continue
            water_above = r == 0 or grid[r - 1][c] != "#"
            water_left = c == 0 or row[c - 1] != "#"
            if water_above and water_left:
                count += 1
    return count
