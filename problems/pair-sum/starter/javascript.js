/**
 * Return [i, j] with i < j and nums[i] + nums[j] === target.
 *
 * @param {number[]} nums  the entries of the book (2 to 100,000 integers, possibly negative)
 * @param {number} target  the gap to explain; exactly one pair of different positions adds up to it
 * @returns {number[]}
 */
function pairSum(nums, target) {
  // TODO: write your solution here
}

module.exports = { pairSum };
