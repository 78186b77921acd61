#include <iostream>
#include <queue>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int rows, cols;
    std::cin >> rows >> cols;
    std::vector<std::string> grid(rows);
    for (auto& row : grid) std::cin >> row;

    std::vector<std::vector<int>> steps(rows, std::vector<int>(cols, -1));
    std::queue<std::pair<int, int>> queue;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            if (grid[r][c] == 'S') {
                steps[r][c] = 0;
                queue.push({r, c});
            }

    const int dr[] = {1, -1, 0, 0};
    const int dc[] = {0, 0, 1, -1};
    while (!queue.empty()) {
        auto [r, c] = queue.front();
        queue.pop();
        if (grid[r][c] == 'E') {
            std::cout << steps[r][c] << '\n';
            return 0;
        }
        for (int k = 0; k < 4; ++k) {
            int nr = r + dr[k], nc = c + dc[k];
            if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
            if (grid[nr][nc] == '#' || steps[nr][nc] >= 0) continue;
            steps[nr][nc] = steps[r][c] + 1;
            queue.push({nr, nc});
        }
    }
    std::cout << -1 << '\n';
    return 0;
}
