/**
 * Return the sum of nums[l..r] (both ends included) for each [l, r] in queries, in order.
 *
 * @param {number[]} nums        the daily results (1 to 100,000 integers, possibly negative)
 * @param {number[][]} queries   0 to 100,000 pairs [l, r] with 0 <= l <= r < nums.length
 * @returns {number[]}
 */
function rangeSums(nums, queries) {
  // TODO: write your solution here
}

module.exports = { rangeSums };
