"""The answer-leak guard: checks a tutor reply against the hidden reference before it is shown."""
