"""tutor: a Socratic tutor that lives in the terminal."""

__version__ = "0.1.0"
