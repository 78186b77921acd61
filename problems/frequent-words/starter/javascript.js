/**
 * Return the k most common words, most common first; ties in alphabetical order
 * (by code point, as the < operator compares strings).
 *
 * @param {string[]} words  the slips (1 to 100,000 words)
 * @param {number} k        how many words to return (at least 1, at most the number of different words)
 * @returns {string[]}
 */
function mostFrequent(words, k) {
  // TODO: write your solution here
}

module.exports = { mostFrequent };
