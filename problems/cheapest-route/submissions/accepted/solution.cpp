// Cheapest route: Dijkstra's algorithm with a binary heap and 64-bit totals.
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

int main() {
    int n, m;
    if (std::scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<std::pair<int, long long>>> roads(n + 1);
    for (int i = 0; i < m; ++i) {
        int u, v;
        long long w;
        std::scanf("%d %d %lld", &u, &v, &w);
        roads[u].push_back({v, w});
    }
    std::vector<long long> best(n + 1, -1);
    std::vector<bool> done(n + 1, false);
    using Entry = std::pair<long long, int>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> todo;
    best[1] = 0;
    todo.push({0, 1});
    while (!todo.empty()) {
        auto [cost, town] = todo.top();
        todo.pop();
        if (done[town]) continue;
        done[town] = true;
        for (auto [next, toll] : roads[town]) {
            long long total = cost + toll;
            if (best[next] == -1 || total < best[next]) {
                best[next] = total;
                todo.push({total, next});
            }
        }
    }
    for (int t = 1; t <= n; ++t) std::printf(t < n ? "%lld " : "%lld\n", best[t]);
    return 0;
}
