# Mistake: a depth-first search marks cells as it goes and reports the length of the
# first path that reaches E, which is often not the shortest one.
import sys


def main() -> None:
    tokens = sys.stdin.read().split()
    rows, cols = int(tokens[0]), int(tokens[1])
    grid = tokens[2 : 2 + rows]
    start = next((r, row.index("S")) for r, row in enumerate(grid) if "S" in row)
    seen = {start}
    stack = [(start[0], start[1], 0)]
    while stack:
        r, c, d = stack.pop()
        if grid[r][c] == "E":
            print(d)
            return
        for nr, nc in ((r, c - 1), (r, c + 1), (r - 1, c), (r + 1, c)):
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and (nr, nc) not in seen:
                seen.add((nr, nc))
                stack.append((nr, nc, d + 1))
    print(-1)


main()
