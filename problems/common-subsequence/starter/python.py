"""What two drafts share: the length of the longest common subsequence."""


def common_subsequence(a: str, b: str) -> int:
    """Return the length of the longest string that is a subsequence of both a and b."""
    # TODO: your solution here.
    pass
