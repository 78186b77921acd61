/**
 * Return how many pairs of positions i < j have nums[i] + nums[j] < limit.
 *
 * @param {number[]} nums  the cards' numbers (0 to 100,000 integers, possibly negative)
 * @param {number} limit   a pair is safe when its sum is strictly less than this
 * @returns {number}
 */
function pairsUnderLimit(nums, limit) {
  // TODO: write your solution here
}

module.exports = { pairsUnderLimit };
