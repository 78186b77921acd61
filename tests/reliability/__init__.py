"""Reliability tests: tutor killed mid-reply, two processes on one store, the key never leaks."""
