"""Friend groups: union-find with union by size and path halving."""

import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    parent = list(range(n + 1))
    size = [1] * (n + 1)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pos = 3
    for _ in range(m):
        a, b = find(int(data[pos])), find(int(data[pos + 1]))
        pos += 2
        if a != b:
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
    out = []
    for _ in range(q):
        same = find(int(data[pos])) == find(int(data[pos + 1]))
        pos += 2
        out.append("YES" if same else "NO")
    sys.stdout.write("\n".join(out) + "\n")


main()
