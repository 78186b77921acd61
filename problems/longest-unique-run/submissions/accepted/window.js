function longestUniqueRun(s) {
  const lastAt = new Map();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const seen = lastAt.has(s[i]) ? lastAt.get(s[i]) : -1;
    if (seen >= start) start = seen + 1;
    lastAt.set(s[i], i);
    best = Math.max(best, i - start + 1);
  }
  return best;
}

module.exports = { longestUniqueRun };
