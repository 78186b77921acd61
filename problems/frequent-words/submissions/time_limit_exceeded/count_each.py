# Correct but slow: counts each different word by scanning the whole list again,
# about (different words) * (all words) comparisons.
def most_frequent(words: list[str], k: int) -> list[str]:
    return sorted(set(words), key=lambda word: (-words.count(word), word))[:k]
