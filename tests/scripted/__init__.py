"""Parts of the scripted OpenAI-compatible test server; import it from ``tests.scripted_server``."""
