function addTwo(a, b) {
  // return the sum of a and b
}
module.exports = { addTwo };
