"""Widgets the screens are made of: each owns its look and posts messages up."""
