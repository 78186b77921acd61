def min_capacity(weights: list[int], days: int) -> int:
    """Return the least capacity that ships every parcel, in order, within the given days.

    weights: the parcels' weights in belt order (1 to 50,000 parcels, each 1 to 10,000).
    days: how many days there are (1 to 50,000).
    """
    # TODO: write your solution here
    pass
