function pairSum(nums, target) {
  const firstSeen = new Map();
  for (let j = 0; j < nums.length; j++) {
    const i = firstSeen.get(target - nums[j]);
    if (i !== undefined) return [i, j];
    if (!firstSeen.has(nums[j])) firstSeen.set(nums[j], j);
  }
  return [];
}

module.exports = { pairSum };
