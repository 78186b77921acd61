const STEPS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

function countIslands(grid) {
  const rows = grid.length;
  const cols = rows ? grid[0].length : 0;
  const seen = Array.from({ length: rows }, () => new Uint8Array(cols));
  let islands = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] !== "#" || seen[r][c]) continue;
      islands += 1;
      seen[r][c] = 1;
      const stack = [r, c];
      while (stack.length > 0) {
        const x = stack.pop();
        const y = stack.pop();
        for (const [dy, dx] of STEPS) {
          const ny = y + dy;
          const nx = x + dx;
          if (ny < 0 || ny >= rows || nx < 0 || nx >= cols) continue;
          if (grid[ny][nx] === "#" && !seen[ny][nx]) {
            seen[ny][nx] = 1;
            stack.push(ny, nx);
          }
        }
      }
    }
  }
  return islands;
}

module.exports = { countIslands };
