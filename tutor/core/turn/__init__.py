"""One turn of a session: the conversation use-case, its events, the reply log, role folding."""
