/**
 * Return how many islands (groups of '#' joined through their sides) grid holds.
 *
 * @param {string[]} grid  0 to 400 rows of equal length (0 to 400), each character
 *                         '#' (land) or '.' (water)
 * @returns {number}
 */
function countIslands(grid) {
  // TODO: write your solution here
}

module.exports = { countIslands };
