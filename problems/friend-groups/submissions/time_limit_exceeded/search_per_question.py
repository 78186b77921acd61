"""Too slow: a breadth-first search through the friendships for every question."""

import sys
from collections import deque


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    friends: list[list[int]] = [[] for _ in range(n + 1)]
    pos = 3
    for _ in range(m):
        a, b = int(data[pos]), int(data[pos + 1])
        pos += 2
        friends[a].append(b)
        friends[b].append(a)
    out = []
    for _ in range(q):
        x, y = int(data[pos]), int(data[pos + 1])
        pos += 2
        seen = [False] * (n + 1)
        seen[x] = True
        todo = deque([x])
        while todo and not seen[y]:
            for f in friends[todo.popleft()]:
                if not seen[f]:
                    seen[f] = True
                    todo.append(f)
        out.append("YES" if seen[y] else "NO")
    sys.stdout.write("\n".join(out) + "\n")


main()
