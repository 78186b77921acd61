def days_until_warmer(temps: list[int]) -> list[int]:
    """For each day, return how many days later a strictly warmer day comes (0 if none).

    temps: daily temperatures (0 to 100,000 integers between -50 and 50).
    """
    # TODO: write your solution here
    pass
