function mergeBookings(bookings) {
  const ordered = bookings.map(([s, e]) => [s, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const blocks = [];
  for (const [start, end] of ordered) {
    const last = blocks[blocks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else blocks.push([start, end]);
  }
  return blocks;
}

module.exports = { mergeBookings };
