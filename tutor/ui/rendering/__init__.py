"""Turning replies into terminal output: Markdown, highlighted code, kept renders."""
