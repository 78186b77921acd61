"""Reaching a model server: which endpoint to use, the streaming client, and what the server tells."""
