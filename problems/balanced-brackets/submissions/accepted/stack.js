const OPENER_OF = { ")": "(", "]": "[", "}": "{" };

function isBalanced(s) {
  const openNow = [];
  for (const ch of s) {
    if (ch === "(" || ch === "[" || ch === "{") {
      openNow.push(ch);
    } else if (ch in OPENER_OF) {
      if (openNow.length === 0 || openNow.pop() !== OPENER_OF[ch]) return false;
    }
  }
  return openNow.length === 0;
}

module.exports = { isBalanced };
