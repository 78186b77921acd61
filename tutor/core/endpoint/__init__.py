"""Reaching a model server: which endpoint, the streaming client, what the server tells."""
