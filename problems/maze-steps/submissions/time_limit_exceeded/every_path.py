# Correct but slow: walks every path that never revisits a cell and keeps the shortest.
# The number of such paths grows exponentially with the open area.
import sys


def main() -> None:
    tokens = sys.stdin.read().split()
    rows, cols = int(tokens[0]), int(tokens[1])
    grid = tokens[2 : 2 + rows]
    start = next((r, row.index("S")) for r, row in enumerate(grid) if "S" in row)
    sys.setrecursionlimit(10_000 + rows * cols)
    on_path = [[False] * cols for _ in range(rows)]
    best = -1

    def walk(r: int, c: int, d: int) -> None:
        nonlocal best
        if grid[r][c] == "E":
            if best < 0 or d < best:
                best = d
            return
        on_path[r][c] = True
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and not on_path[nr][nc]:
                walk(nr, nc, d + 1)
        on_path[r][c] = False

    walk(start[0], start[1], 0)
    print(best)


main()
