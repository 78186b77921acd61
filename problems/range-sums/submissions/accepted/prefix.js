function rangeSums(nums, queries) {
  const before = new Array(nums.length + 1).fill(0);
  for (let k = 0; k < nums.length; k++) before[k + 1] = before[k] + nums[k];
  return queries.map(([l, r]) => before[r + 1] - before[l]);
}

module.exports = { rangeSums };
