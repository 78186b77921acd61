function minRooms(meetings) {
  const starts = meetings.map((m) => m[0]).sort((a, b) => a - b);
  const ends = meetings.map((m) => m[1]).sort((a, b) => a - b);
  let inUse = 0;
  let most = 0;
  let e = 0;
  for (const s of starts) {
    while (ends[e] <= s) {
      e += 1;
      inUse -= 1;
    }
    inUse += 1;
    most = Math.max(most, inUse);
  }
  return most;
}

module.exports = { minRooms };
