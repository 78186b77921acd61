/**
 * Return the least capacity that ships every parcel, in order, within the given days.
 *
 * @param {number[]} weights  the parcels' weights in belt order (1 to 50,000 parcels, each 1 to 10,000)
 * @param {number} days       how many days there are (1 to 50,000)
 * @returns {number}
 */
function minCapacity(weights, days) {
  // TODO: write your solution here
}

module.exports = { minCapacity };
