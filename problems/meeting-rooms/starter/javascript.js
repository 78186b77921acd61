/**
 * Return the fewest rooms that host every meeting; [start, end) each, end exclusive.
 *
 * @param {number[][]} meetings  0 to 50,000 pairs [start, end] with 0 <= start < end <= 1e9,
 *                               in any order
 * @returns {number}
 */
function minRooms(meetings) {
  // TODO: write your solution here
}

module.exports = { minRooms };
