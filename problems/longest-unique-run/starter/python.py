def longest_unique_run(s: str) -> int:
    """Return the length of the longest substring of s with no repeated character.

    s: the strand, one character per bead (0 to 100,000 characters; any characters,
    upper and lower case are different).
    """
    # TODO: write your solution here
    pass
