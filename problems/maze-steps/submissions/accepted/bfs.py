import sys
from collections import deque


def main() -> None:
    tokens = sys.stdin.read().split()
    rows, cols = int(tokens[0]), int(tokens[1])
    grid = tokens[2 : 2 + rows]
    start = next((r, row.index("S")) for r, row in enumerate(grid) if "S" in row)

    # steps[r][c]: fewest steps from S to (r, c), or -1 while not reached
    steps = [[-1] * cols for _ in range(rows)]
    steps[start[0]][start[1]] = 0
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if grid[r][c] == "E":
            print(steps[r][c])
            return
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and steps[nr][nc] < 0:
                steps[nr][nc] = steps[r][c] + 1
                queue.append((nr, nc))
    print(-1)


main()
