function pairsUnderLimit(nums, limit) {
  const ordered = [...nums].sort((a, b) => a - b);
  let lo = 0;
  let hi = ordered.length - 1;
  let count = 0;
  while (lo < hi) {
    if (ordered[lo] + ordered[hi] < limit) {
      count += hi - lo;
      lo += 1;
    } else {
      hi -= 1;
    }
  }
  return count;
}

module.exports = { pairsUnderLimit };
