function mostFrequent(words, k) {
  const count = new Map();
  for (const w of words) count.set(w, (count.get(w) || 0) + 1);
  const distinct = [...count.keys()];
  distinct.sort((a, b) => count.get(b) - count.get(a) || (a < b ? -1 : a > b ? 1 : 0));
  return distinct.slice(0, k);
}

module.exports = { mostFrequent };
