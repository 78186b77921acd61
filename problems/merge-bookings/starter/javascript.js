/**
 * Merge bookings that overlap or touch; return the blocks sorted by start.
 *
 * @param {number[][]} bookings  0 to 50,000 pairs [start, end] with 0 <= start <= end <= 1e9,
 *                               in any order
 * @returns {number[][]}
 */
function mergeBookings(bookings) {
  // TODO: write your solution here
}

module.exports = { mergeBookings };
