/**
 * Return true when every (), [] and {} bracket in s closes in the right order.
 *
 * @param {string} s  any text (0 to 400,000 characters); characters other than the six
 *                    brackets are ignored
 * @returns {boolean}
 */
function isBalanced(s) {
  // TODO: write your solution here
}

module.exports = { isBalanced };
