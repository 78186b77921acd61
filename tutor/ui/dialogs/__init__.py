"""Small modal screens: each asks one thing and returns a typed answer."""
