/**
 * Return the length of the longest substring of s with no repeated character.
 *
 * @param {string} s  the strand, one character per bead (0 to 100,000 characters;
 *                    any characters, upper and lower case are different)
 * @returns {number}
 */
function longestUniqueRun(s) {
  // TODO: write your solution here
}

module.exports = { longestUniqueRun };
