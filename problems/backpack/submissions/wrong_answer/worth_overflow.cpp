// Mistake: worths summed in 32-bit int, which overflows once the total passes 2^31.
#include <cstdio>
#include <vector>

int main() {
    int n, limit;
    if (std::scanf("%d %d", &n, &limit) != 2) return 0;
    std::vector<int> best(limit + 1, 0);
    for (int i = 0; i < n; ++i) {
        int weight, worth;
        std::scanf("%d %d", &weight, &worth);
        for (int cap = limit; cap >= weight; --cap) {
            if (best[cap - weight] + worth > best[cap]) best[cap] = best[cap - weight] + worth;
        }
    }
    std::printf("%d\n", best[limit]);
    return 0;
}
