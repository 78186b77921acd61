function daysUntilWarmer(temps) {
  const wait = new Array(temps.length).fill(0);
  const waiting = [];
  for (let day = 0; day < temps.length; day++) {
    while (waiting.length > 0 && temps[waiting[waiting.length - 1]] < temps[day]) {
      const earlier = waiting.pop();
      wait[earlier] = day - earlier;
    }
    waiting.push(day);
  }
  return wait;
}

module.exports = { daysUntilWarmer };
