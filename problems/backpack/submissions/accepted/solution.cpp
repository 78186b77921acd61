// Packing for the trail: 0/1 knapsack over capacities, from the top down, with 64-bit worths.
#include <cstdio>
#include <vector>

int main() {
    int n, limit;
    if (std::scanf("%d %d", &n, &limit) != 2) return 0;
    std::vector<long long> best(limit + 1, 0);
    for (int i = 0; i < n; ++i) {
        int weight;
        long long worth;
        std::scanf("%d %lld", &weight, &worth);
        for (int cap = limit; cap >= weight; --cap) {
            if (best[cap - weight] + worth > best[cap]) best[cap] = best[cap - weight] + worth;
        }
    }
    std::printf("%lld\n", best[limit]);
    return 0;
}
