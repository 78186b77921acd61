"""The session screen: a tutoring session, made of parts that talk by messages."""
