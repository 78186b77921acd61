/**
 * For each day, return how many days later a strictly warmer day comes (0 if none).
 *
 * @param {number[]} temps  daily temperatures (0 to 100,000 integers between -50 and 50)
 * @returns {number[]}
 */
function daysUntilWarmer(temps) {
  // TODO: write your solution here
}

module.exports = { daysUntilWarmer };
