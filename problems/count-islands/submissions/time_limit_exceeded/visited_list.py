# Correct but slow: keeps the visited squares in a list, so every "have I been here?" check
# scans the whole list — about (land squares) squared comparisons in all.
def count_islands(grid: list[str]) -> int:
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    visited: list[tuple[int, int]] = []
    islands = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] != "#" or (r, c) in visited:
                continue
            islands += 1
            visited.append((r, c))
            stack = [(r, c)]
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                    if not (0 <= ny < rows and 0 <= nx < cols) or grid[ny][nx] != "#":
                        continue
                    if (ny, nx) not in visited:
                        visited.append((ny, nx))
                        stack.append((ny, nx))
    return islands
