# Mistake: counts the cells on the path, S and E included, instead of the steps between
# them (one too many).
import sys
from collections import deque


def main() -> None:
    tokens = sys.stdin.read().split()
    rows, cols = int(tokens[0]), int(tokens[1])
    grid = tokens[2 : 2 + rows]
    start = next((r, row.index("S")) for r, row in enumerate(grid) if "S" in row)
    cells = [[0] * cols for _ in range(rows)]
    cells[start[0]][start[1]] = 1
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if grid[r][c] == "E":
            print(cells[r][c])
            return
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and not cells[nr][nc]:
                cells[nr][nc] = cells[r][c] + 1
                queue.append((nr, nc))
    print(-1)


main()
