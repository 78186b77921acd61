def most_frequent(words: list[str], k: int) -> list[str]:
    """Return the k most common words, most common first; ties in alphabetical order.

    words: the slips (1 to 100,000 words).
    k: how many words to return (at least 1, at most the number of different words).
    """
    # TODO: write your solution here
    pass
