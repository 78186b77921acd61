"""Mistake: a friendship re-points the person, not the root of their group.

parent[a] = b forgets everyone a was already linked through, so groups split apart.
"""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    parent = list(range(n + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    pos = 3
    for _ in range(m):
        a, b = int(data[pos]), int(data[pos + 1])
        pos += 2
        if find(a) != find(b):
            parent[a] = b
    out = []
    for _ in range(q):
        same = find(int(data[pos])) == find(int(data[pos + 1]))
        pos += 2
        out.append("YES" if same else "NO")
    sys.stdout.write("\n".join(out) + "\n")


main()
