// Friend groups: union-find with union by size and path halving.
#include <cstdio>
#include <utility>
#include <vector>

static std::vector<int> parent, group_size;

static int find(int x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

int main() {
    int n, m, q;
    if (std::scanf("%d %d %d", &n, &m, &q) != 3) return 0;
    parent.resize(n + 1);
    group_size.assign(n + 1, 1);
    for (int i = 0; i <= n; ++i) parent[i] = i;
    for (int i = 0; i < m; ++i) {
        int a, b;
        std::scanf("%d %d", &a, &b);
        a = find(a);
        b = find(b);
        if (a == b) continue;
        if (group_size[a] < group_size[b]) std::swap(a, b);
        parent[b] = a;
        group_size[a] += group_size[b];
    }
    for (int i = 0; i < q; ++i) {
        int x, y;
        std::scanf("%d %d", &x, &y);
        std::puts(find(x) == find(y) ? "YES" : "NO");
    }
    return 0;
}
